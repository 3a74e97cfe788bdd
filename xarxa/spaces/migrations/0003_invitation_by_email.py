"""Invitations remember whether the inviter typed an address; pending ones bound to an unverified address are unbound.

Before this, an invitation to an address was bound to whichever account carried that address, verified
or not, and that account was notified with the link. Every pending invitation bound to an account that
has not verified the invitation's address is therefore given back to the address: unbound, waiting for
whoever confirms it, with a new token, because the old link reached the account in its notification.
Invitations by username could not be told apart from those by address; they are treated alike (the
member joins as soon as they confirm their address, or is invited again).
"""

import secrets

from django.db import migrations, models
from django.utils import timezone


def unbind_unverified(apps, schema_editor):
    SpaceInvitation = apps.get_model("spaces", "SpaceInvitation")
    EmailAddress = apps.get_model("account", "EmailAddress")
    SpaceInvitation.objects.filter(user__isnull=True).update(by_email=True)
    pending = SpaceInvitation.objects.filter(status="pending", expires_at__gt=timezone.now(), user__isnull=False)
    for invitation in pending.iterator():
        verified = EmailAddress.objects.filter(user_id=invitation.user_id, verified=True,
                                               email__iexact=invitation.email).exists()
        if verified:
            continue
        invitation.user = None
        invitation.to_newcomer = True
        invitation.by_email = True
        invitation.email = invitation.email.lower()
        invitation.token = secrets.token_urlsafe(24)
        invitation.save(update_fields=["user", "to_newcomer", "by_email", "email", "token"])


class Migration(migrations.Migration):

    dependencies = [
        ("spaces", "0002_membership_follows_closely"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="spaceinvitation",
            name="by_email",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(unbind_unverified, migrations.RunPython.noop),
    ]
