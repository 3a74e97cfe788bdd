import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content.services import MAX_BODY, MAX_TITLE
from xarxa.events.models import Event
from xarxa.events.recurrence import MAX_OCCURRENCES
from xarxa.spaces.forms import TopicNamesField

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_FORMATS = [DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
# The zones of the network's countries first; every other IANA zone is accepted too.
COMMON_ZONES = [
    "Europe/Madrid", "Atlantic/Canary", "Europe/Lisbon", "Atlantic/Azores", "America/Mexico_City",
    "America/Guatemala", "America/El_Salvador", "America/Tegucigalpa", "America/Managua", "America/Costa_Rica",
    "America/Panama", "America/Havana", "America/Santo_Domingo", "America/Puerto_Rico", "America/Bogota",
    "America/Caracas", "America/Guayaquil", "America/Lima", "America/La_Paz", "America/Santiago",
    "America/Argentina/Buenos_Aires", "America/Montevideo", "America/Asuncion", "America/Sao_Paulo",
    "America/Manaus", "America/Fortaleza", "Africa/Malabo", "Europe/Andorra", "UTC",
]


def zone_choices():
    rest = sorted(zoneinfo.available_timezones() - set(COMMON_ZONES))
    return [(zone, zone.replace("_", " ")) for zone in COMMON_ZONES + rest]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


def _local_field(label, required=True, **kwargs):
    return forms.DateTimeField(label=label, required=required, widget=DateTimeLocalInput(),
                               input_formats=DATETIME_FORMATS, **kwargs)


class EventForm(forms.Form):
    REPEATS = [("", _("Does not repeat")), ("weekly", _("Every week")), ("monthly", _("Every month"))]

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, error_messages={"required": _("Write a title.")})
    body = forms.CharField(label=_("Description"), required=False, max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Markdown is supported; mention members with @username and tag topics "
                                       "with #topic."))
    starts_at = _local_field(_("Starts"), error_messages={"required": _("Give the start of the event.")})
    ends_at = _local_field(_("Ends"), error_messages={"required": _("Give the end of the event.")})
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices,
                                  help_text=_("The start and end above are in this time zone."))
    all_day = forms.BooleanField(label=_("All day"), required=False)
    mode = forms.ChoiceField(label=_("Where"), choices=Event.Mode.choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    country = LazyTypedChoiceField(label=_("Country"), choices=[("", "---------")] + list(countries), required=False)
    online_url = forms.URLField(label=_("Link to join online"), required=False, assume_scheme="https",
                                help_text=_("Shown only to people who are going."))
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=100_000,
                                  help_text=_("Leave empty for no limit."))
    registration_deadline = _local_field(_("Registration closes"), required=False,
                                         help_text=_("Optional, in the event's time zone."))
    repeats = forms.ChoiceField(label=_("Repeats"), choices=REPEATS, required=False)
    repeat_count = forms.IntegerField(label=_("Number of times"), required=False, min_value=1,
                                      max_value=MAX_OCCURRENCES)
    repeat_until = forms.DateField(label=_("Repeat until"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    topic_names = TopicNamesField()

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["language"]  # an event keeps its language; other languages are versions

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title

    def clean(self):
        data = super().clean()
        # The browser sends wall-clock times; they are in the event's zone, not the reader's.
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or "UTC")
        for name in ("starts_at", "ends_at", "registration_deadline"):
            value = data.get(name)
            if value is not None:
                data[name] = timezone.make_naive(value).replace(tzinfo=zone)
        if data.get("repeats") and not (data.get("repeat_count") or data.get("repeat_until")):
            self.add_error("repeat_count", _("Say how many times the event repeats, or until when."))
        return data

    def service_arguments(self):
        from xarxa.events.recurrence import build_rule

        data = self.cleaned_data
        return {
            "title": data["title"], "body": data["body"], "language": data.get("language"),
            "topics": TopicNamesField.topics(data["topic_names"]),
            "starts_at": data["starts_at"], "ends_at": data["ends_at"], "time_zone": data["time_zone"],
            "all_day": data["all_day"], "mode": data["mode"], "venue": data["venue"], "address": data["address"],
            "country": data["country"] or "", "online_url": data["online_url"], "capacity": data["capacity"],
            "registration_deadline": data["registration_deadline"],
            "recurrence": build_rule(data["repeats"], data["repeat_count"], data["repeat_until"]),
        }

    @staticmethod
    def initial_for(event):
        content = event.content
        rule = event.recurrence.upper()
        repeats = "weekly" if "FREQ=WEEKLY" in rule else "monthly" if "FREQ=MONTHLY" in rule else ""
        count = next((part[6:] for part in rule.split(";") if part.startswith("COUNT=")), None)
        until = next((part[6:14] for part in rule.split(";") if part.startswith("UNTIL=")), None)
        local = {"starts_at": event.local_start, "ends_at": event.local_end,
                 "registration_deadline": event.registration_deadline.astimezone(event.zone)
                 if event.registration_deadline else None}
        return {
            "title": content.title, "body": content.body, "language": content.language,
            "topic_names": ", ".join(t.name for t in content.topics.all()),
            **{k: v.replace(tzinfo=None) if v else None for k, v in local.items()},
            "time_zone": event.time_zone, "all_day": event.all_day, "mode": event.mode, "venue": event.venue,
            "address": event.address, "country": event.country.code or "", "online_url": event.online_url,
            "capacity": event.capacity, "repeats": repeats, "repeat_count": count,
            "repeat_until": f"{until[:4]}-{until[4:6]}-{until[6:]}" if until else None,
        }


class EventFilterForm(forms.Form):
    WHEN = [("upcoming", _("Upcoming")), ("past", _("Past"))]
    when = forms.ChoiceField(label=_("When"), choices=WHEN, required=False)
    country = LazyTypedChoiceField(label=_("Country"), choices=[("", _("Any country"))] + list(countries),
                                   required=False)
    online = forms.BooleanField(label=_("Online only"), required=False, label_suffix="")  # the box comes first


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=[("going", _("Going")), ("maybe", _("Maybe")), ("not_going", _("Not going"))])
    # The start of the date answered for (ISO 8601 with its offset); empty means the next date.
    occurrence = forms.CharField(required=False, max_length=40)
    share_email = forms.BooleanField(required=False, label=_("Share my e-mail address with the organiser"))

    def clean_occurrence(self):
        from datetime import datetime

        value = self.cleaned_data["occurrence"].strip()
        if not value:
            return None
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            when = None
        if when is None or when.tzinfo is None:
            raise forms.ValidationError(_("This event does not take place on that date."))
        return when
