"""'X is going' lines stayed in the activity log after the answer changed: take back those whose author is no
longer going to any date of the event (feeds now show the rest only to the organiser and moderators)."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def retract_stale_attendance(apps, schema_editor):
    Activity = apps.get_model("activity", "Activity")
    Rsvp = apps.get_model("events", "Rsvp")
    going = Rsvp.objects.filter(answer="going", event_id=OuterRef("content_id"), user_id=OuterRef("actor_id"))
    Activity.objects.filter(verb="rsvped").exclude(Exists(going)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0002_mute"),
        ("events", "0004_rsvp_occurrence_required"),
    ]

    operations = [migrations.RunPython(retract_stale_attendance, migrations.RunPython.noop)]
