"""Telling members what concerns them. `notify` is the one door: it drops what the recipient may not
see or has switched off or comes from someone they blocked, groups alike notifications, and queues the
e-mail when the member wants it at once. Callers are the activity log (replies, reactions, follows,
useful answers), the mention signal, spaces (requests, decisions, invitations), moderation and messages.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from xarxa.content.models import Content, Mention
from xarxa.notifications.models import Channel, DigestSubscription, Kind, Notification, Preference, default_channel

# Many of these about one thing become one notification with a count while it is unread.
GROUPED_KINDS = {Kind.REACTION, Kind.MESSAGE}
UNSUBSCRIBE_SALT = "xarxa.notifications.unsubscribe"


def channel_for(user, kind) -> str:
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("channel", flat=True).first()
    return chosen or default_channel(kind)


def may_see(recipient, content, comment) -> bool:
    """Never tell anyone about something they cannot read (the same rule as every list)."""
    if comment is not None and not comment.is_visible:
        return False
    return content is None or Content.objects.visible_to(recipient).filter(pk=content.pk).exists()


def notify(recipient, kind, *, actor=None, content=None, comment=None, space=None, url="", detail="",
           send_email=True):
    """Create (or add to) a notification for `recipient`; None when there is nothing to tell.
    `send_email=False` when the caller mails it itself (the events reminder has its own e-mail)."""
    from xarxa.messaging.models import is_blocked

    if recipient is None or not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    if actor is not None and is_blocked(actor, recipient):
        return None
    channel = channel_for(recipient, kind)
    if channel == Channel.OFF or not may_see(recipient, content, comment):
        return None
    notification = _add_to_group(recipient, kind, actor, content, comment, url) if kind in GROUPED_KINDS else None
    if notification is None:
        notification = Notification.objects.create(recipient=recipient, kind=kind, actor=actor, content=content,
                                                   comment=comment, space=space, url=url, detail=detail[:300])
    if channel == Channel.EMAIL and send_email:
        from xarxa.notifications.tasks import send_notification_email

        transaction.on_commit(lambda pk=notification.pk: send_notification_email.enqueue(pk))
    return notification


def _add_to_group(recipient, kind, actor, content, comment, url):
    unread = Notification.objects.unread().filter(recipient=recipient, kind=kind, content=content, comment=comment,
                                                  url=url).first()
    if unread is None:
        return None
    Notification.objects.filter(pk=unread.pk).update(count=F("count") + 1, actor=actor, updated_at=timezone.now())
    unread.refresh_from_db()
    return unread


# From the activity log ---------------------------------------------------------------------------

def notify_for_activity(activity):
    """Who an act concerns directly. Subscribed to "activity.recorded": runs once the act has committed."""
    verb, actor = activity.verb, activity.actor
    if verb == "commented" and activity.comment is not None:
        _notify_reply(activity)
    elif verb == "reacted":
        target = activity.comment or activity.content
        if target is not None:
            notify(target.author, Kind.REACTION, actor=actor, content=activity.content, comment=activity.comment)
    elif verb == "followed" and activity.target_user is not None:
        notify(activity.target_user, Kind.FOLLOWER, actor=actor, url=actor.get_absolute_url())
    elif verb == "answered" and activity.comment is not None:
        notify(activity.comment.author, Kind.USEFUL_ANSWER, actor=actor, content=activity.content,
               comment=activity.comment)
    elif verb == "published" and activity.content is not None and activity.content.space_id is not None:
        _queue_close_followers(activity.content_id)


def _queue_close_followers(content_id):
    """A group may have many close followers: tell them from a background task once the post is saved."""
    from xarxa.notifications.tasks import notify_close_followers

    transaction.on_commit(lambda: notify_close_followers.enqueue(content_id))


def notify_space_followers(content_id) -> int:
    """Tell every member who follows the post's group closely; notify() drops the author, anyone who
    cannot read the post (it may have been hidden or the group made private since) and those who
    switched the kind off. Returns how many were told."""
    from xarxa.spaces.models import Membership

    content = Content.objects.select_related("author", "space").filter(pk=content_id).first()
    if content is None or content.space_id is None:
        return 0
    # A retry after a failure half-way must not tell anyone twice; a mention already told them.
    already = Notification.objects.filter(kind=Kind.SPACE_CONTENT, content=content).values("recipient_id")
    mentioned = Mention.objects.filter(content=content, comment__isnull=True).values("user_id")
    followers = (Membership.objects.filter(space_id=content.space_id, follows_closely=True)
                 .exclude(user_id=content.author_id).exclude(user_id__in=already).exclude(user_id__in=mentioned)
                 .select_related("user").order_by("pk"))
    told = 0
    for membership in followers.iterator(chunk_size=500):
        with transaction.atomic():
            if notify(membership.user, Kind.SPACE_CONTENT, actor=content.author, content=content,
                      space=content.space) is not None:
                told += 1
    return told


def _notify_reply(activity):
    comment = activity.comment
    # A mention already told them about this very comment; one notification is enough.
    told = set(Mention.objects.filter(comment=comment).values_list("user_id", flat=True))
    parent_author = comment.parent.author if comment.parent_id else None
    for recipient in (parent_author, activity.content.author):
        if recipient is not None and recipient.pk not in told:
            told.add(recipient.pk)
            notify(recipient, Kind.REPLY, actor=activity.actor, content=activity.content, comment=comment)


# From spaces and moderation ----------------------------------------------------------------------

def notify_join_request(join_request):
    from django.urls import reverse

    from xarxa.spaces.models import Membership

    space = join_request.space
    managers = Membership.objects.filter(space=space, role__in=Membership.MANAGING_ROLES).select_related("user")
    for membership in managers:
        notify(membership.user, Kind.JOIN_REQUEST, actor=join_request.user, space=space,
               url=reverse("spaces:manage", args=[space.slug]), detail=join_request.message[:300])


def notify_join_decision(join_request):
    notify(join_request.user, Kind.JOIN_DECISION, actor=join_request.decided_by, space=join_request.space,
           url=join_request.space.get_absolute_url(), detail=join_request.status)


def notify_invitation(invitation):
    from django.urls import reverse

    if invitation.user_id:
        notify(invitation.user, Kind.INVITATION, actor=invitation.invited_by, space=invitation.space,
               url=reverse("spaces:invitation", args=[invitation.token]))


# From the congress ---------------------------------------------------------------------------------

def notify_co_speaker_invited(invitation):
    """The invited member, when the invitation is bound to one (an address alone is told by e-mail)."""
    from django.urls import reverse

    if invitation.user_id:
        proposal = invitation.proposal
        notify(invitation.user, Kind.CONGRESS, actor=invitation.invited_by, space=proposal.edition.space,
               url=reverse("congress:speaking"), detail=f"co_speaker_invited:{proposal.content.title}")


def notify_co_speaker_answered(invitation):
    proposal = invitation.proposal
    notify(proposal.content.author, Kind.CONGRESS, actor=invitation.user, content=proposal.content,
           detail=f"co_speaker_{invitation.status}")


def notify_proposal_decided(proposal, decision, speakers):
    """The congress mails its own worded decision (congress.tasks); this is the note on the site."""
    for speaker in speakers:
        notify(speaker, Kind.CONGRESS, content=proposal.content, detail=f"decided_{decision}", send_email=False)


def notify_slot_answered(proposal, actor, answer):
    from xarxa.spaces.models import Membership

    managers = Membership.objects.filter(space_id=proposal.edition.space_id,
                                         role__in=Membership.MANAGING_ROLES).select_related("user")
    for membership in managers:
        notify(membership.user, Kind.CONGRESS, actor=actor, content=proposal.content, detail=f"slot_{answer}")


def notify_nominated(nomination):
    """The nominee of an award, asked to accept or decline (the nomination's page has the buttons)."""
    notify(nomination.nominee, Kind.CONGRESS, actor=nomination.content.author, content=nomination.content,
           space=nomination.category.edition.space, detail="nominated")


def notify_moderation(actor, content, comment=None, *, action, reason=""):
    """Tell the author a moderator hid or restored their post. They may still read their own hidden post."""
    author = comment.author if comment is not None else content.author
    if author is None or author == actor:
        return
    # No actor: the decision is the moderators', not one person's to be argued with by name.
    notify(author, Kind.MODERATION, content=content, space=content.space, detail=f"{action}:{reason}"[:300])


# Reading and preferences -------------------------------------------------------------------------

def notify_programme_change(version_id) -> int:
    """Tell the speakers and the members who starred a session what a new programme version changed
    for it. The detail keeps the change's parts (kind|before|after); texts.describe words it in the
    reader's language (Kind.CONGRESS, code "programme")."""
    from xarxa.congress.models import ProgrammeVersion
    from xarxa.congress.programme import people_to_tell

    version = ProgrammeVersion.objects.filter(pk=version_id).select_related("edition__space").first()
    if version is None:
        return 0
    told = 0
    for user, change in people_to_tell(version):
        detail = "programme:" + "|".join((change.kind, change.before.replace("|", "/"),
                                          change.after.replace("|", "/")))
        if notify(user, Kind.CONGRESS, content=change.session.content, space=version.edition.space,
                  detail=detail):
            told += 1
    return told


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).unread().count()


def mark_read(user, pk) -> Notification | None:
    notification = Notification.objects.visible_to(user).filter(pk=pk).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    return Notification.objects.unread().filter(recipient=user).update(read_at=timezone.now())


def preferences_of(user) -> dict:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, default_channel(kind)) for kind in Kind.values}


def save_preferences(user, channels: dict, frequency: str) -> None:
    with transaction.atomic():
        for kind, channel in channels.items():
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})
        DigestSubscription.objects.update_or_create(user=user, defaults={"frequency": frequency})


def digest_frequency(user) -> str:
    subscription = DigestSubscription.objects.filter(user=user).first()
    return subscription.frequency if subscription else DigestSubscription.Frequency.WEEKLY


# An unsubscribe link works for this long, and only while the member's e-mail settings (and address) are
# what they were when it was sent: using it, or changing the settings, makes every older link stale.
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)


def _settings_fingerprint(user) -> str:
    """A short digest of what an unsubscribe link would change, so that a link outlives no change of it."""
    state = sorted(preferences_of(user).items()), digest_frequency(user), user.email.lower()
    return salted_hmac(UNSUBSCRIBE_SALT, repr(state)).hexdigest()[:16]


def unsubscribe_token(user) -> str:
    return signing.dumps([user.pk, _settings_fingerprint(user)], salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe_token(token):
    """The member a fresh, unused link was sent to; None for a forged, expired or stale link."""
    from xarxa.accounts.models import User

    try:
        pk, fingerprint = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not constant_time_compare(fingerprint, _settings_fingerprint(user)):
        return None
    return user


def unsubscribe(user) -> None:
    """One click: no more digests, and nothing more by e-mail at once (it all stays on the site)."""
    with transaction.atomic():
        DigestSubscription.objects.update_or_create(user=user,
                                                    defaults={"frequency": DigestSubscription.Frequency.NEVER})
        for kind, channel in preferences_of(user).items():
            if channel in (Channel.EMAIL, Channel.DIGEST):
                Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": Channel.IN_APP})


# Event reminders ---------------------------------------------------------------------------------

def remind_of_event(user_id, event_id, start) -> bool:
    """The day-before reminder of one event date to one member going to it (the task send_event_reminder runs
    it, retried): on the site through notify(), which honours the member's choice and what they may read,
    and by e-mail unless they want reminders on the site only or not at all. A retry after a failure
    does not note it twice. Returns whether the member was reminded."""
    from datetime import datetime

    from xarxa.accounts.models import User
    from xarxa.events.models import Event
    from xarxa.events.services import REMINDER_WINDOW, mail_reminder

    start = datetime.fromisoformat(start) if isinstance(start, str) else start
    user = User.objects.filter(pk=user_id, is_active=True).first()
    event = Event.objects.select_related("content__space").filter(pk=event_id).first()
    if user is None or event is None or not may_see(user, event.content, None):
        return False  # gone, or hidden from them since it was announced
    noted = Notification.objects.filter(recipient=user, kind=Kind.EVENT_REMINDER, content=event.content,
                                        created_at__gte=start - 2 * REMINDER_WINDOW)
    if not noted.exists():
        # The e-mail below is this kind's "at once" e-mail: notify() must not queue a second one.
        notify(user, Kind.EVENT_REMINDER, content=event.content, space=event.content.space, send_email=False)
    if channel_for(user, Kind.EVENT_REMINDER) in (Channel.OFF, Channel.IN_APP):
        return True
    mail_reminder(user, event, start)
    return True
