"""Private messages: starting a conversation, replying, reading, searching, blocking.

Checks first, then one transaction. Sending is rate-limited in the cache (a fixed window per member),
so a spammer is stopped with a clear message while a normal conversation never notices.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xarxa.accounts.models import User
from xarxa.accounts.rules import can_post
from xarxa.content.uploads import check_attachment_upload
from xarxa.core.markdown import render_markdown
from xarxa.messaging.models import MAX_PARTICIPANTS, Block, Conversation, Message, MessageAttachment, Participant

MAX_BODY = 5000
# At most this many messages per window (seconds); settings may tighten it.
RATE_LIMIT = getattr(settings, "XARXA_MESSAGE_RATE_LIMIT", (20, 60))


def check_rate(sender) -> None:
    limit, window = getattr(settings, "XARXA_MESSAGE_RATE_LIMIT", RATE_LIMIT)
    key = f"messaging:sent:{sender.pk}:{int(timezone.now().timestamp()) // window}"
    cache.add(key, 0, timeout=window)
    if cache.incr(key) > limit:
        raise ValidationError(ngettext(
            "You have sent too many messages in a short time. Wait %(seconds)d second and try again.",
            "You have sent too many messages in a short time. Wait %(seconds)d seconds and try again.",
            window) % {"seconds": window}, code="rate_limited")


def check_body(body) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message first."), code="required")
    if len(body) > MAX_BODY:
        raise ValidationError(_("The message is too long (at most %(max)d characters).") % {"max": MAX_BODY},
                              code="too_long")
    return body


def check_can_send(sender) -> None:
    if not can_post(sender):
        raise PermissionDenied(_("Confirm your e-mail address before sending messages."))


def blocked_by(recipients, sender) -> list:
    ids = set(Block.objects.filter(blocker__in=recipients, blocked=sender).values_list("blocker_id", flat=True))
    return [r for r in recipients if r.pk in ids]


def check_recipients(sender, usernames) -> list:
    names = {name.strip().lstrip("@") for name in usernames if name.strip().lstrip("@")}
    names.discard(sender.username)
    if not names:
        raise ValidationError(_("Write the username of at least one member."), code="no_recipients")
    if len(names) > MAX_PARTICIPANTS - 1:
        raise ValidationError(_("A conversation can have at most %(max)d members.") % {"max": MAX_PARTICIPANTS},
                              code="too_many")
    found = list(User.objects.filter(username__in=names, is_active=True))
    missing = names - {user.username for user in found}
    if missing:
        raise ValidationError(_("There is no member with the username “%(username)s”.") % {
            "username": sorted(missing)[0]}, code="unknown")
    refused = blocked_by(found, sender)
    if refused:
        raise ValidationError(_("%(name)s does not accept messages from you.") % {"name": refused[0].display_name},
                              code="blocked")
    return found


def start_conversation(sender, usernames, body, upload=None) -> Conversation:
    """A new conversation, or for two people the one they already have; the first message may carry a file."""
    check_can_send(sender)
    recipients = check_recipients(sender, usernames)
    body = check_body(body)
    checked = check_attachment_upload(upload) if upload is not None else None
    check_rate(sender)
    with transaction.atomic():
        conversation = existing_pair(sender, recipients[0]) if len(recipients) == 1 else None
        if conversation is None:
            conversation = Conversation.objects.create()
            Participant.objects.bulk_create(
                [Participant(conversation=conversation, user=user) for user in [sender, *recipients]])
        message = _add_message(sender, conversation, body)
        if checked is not None:
            _attach(message, checked)
    return conversation


def existing_pair(a, b):
    """The one-to-one conversation between `a` and `b`, if any."""
    pairs = (Participant.objects.filter(conversation=OuterRef("pk")).values("conversation")
             .annotate(n=Count("pk")).values("n"))
    return (Conversation.objects.filter(participants__user=a).filter(participants__user=b)
            .annotate(size=Subquery(pairs)).filter(size=2).first())


def send_message(sender, conversation, body, upload=None) -> Message:
    check_can_send(sender)
    if not Participant.objects.filter(conversation=conversation, user=sender).exists():
        raise PermissionDenied(_("You are not in this conversation."))
    body = check_body(body)
    checked = check_attachment_upload(upload) if upload is not None else None
    others = list(User.objects.filter(conversations__conversation=conversation).exclude(pk=sender.pk))
    if len(others) == 1 and blocked_by(others, sender):
        raise ValidationError(_("%(name)s does not accept messages from you.") % {"name": others[0].display_name},
                              code="blocked")
    check_rate(sender)
    with transaction.atomic():
        message = _add_message(sender, conversation, body)
        if checked is not None:
            _attach(message, checked)
    return message


def _attach(message, checked) -> MessageAttachment:
    attachment = MessageAttachment(message=message, name=checked.name, size=checked.file.size,
                                   mime_type=checked.mime_type, is_image=checked.is_image)
    attachment.file.save(f"{uuid.uuid4().hex}{PurePath(checked.name).suffix.lower()}", checked.file, save=False)
    attachment.save()
    return attachment


def access_message_attachment(user, pk) -> MessageAttachment:
    """The attachment, for a participant of its conversation only; the same 404 for missing and not theirs."""
    attachment = (MessageAttachment.objects.filter(pk=pk, message__conversation__participants__user=user).first()
                  if user.is_authenticated else None)
    if attachment is None:
        raise Http404(_("No such file."))
    return attachment


def _add_message(sender, conversation, body) -> Message:
    from xarxa.notifications.models import Kind
    from xarxa.notifications.services import notify

    message = Message.objects.create(conversation=conversation, sender=sender, body=body,
                                     body_html=render_markdown(body))
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    Participant.objects.filter(conversation=conversation, user=sender).update(last_read_at=message.created_at)
    url = conversation.get_absolute_url()
    # notify() drops it for anyone who blocked the sender (in a group they still read it there).
    for participant in Participant.objects.filter(conversation=conversation).exclude(user=sender).select_related(
            "user"):
        notify(participant.user, Kind.MESSAGE, actor=sender, url=url, detail=body[:120])
    return message


def access_conversation(user, pk) -> Participant:
    """The reader's place in the conversation; the same 404 for missing and not theirs."""
    participant = (Participant.objects.select_related("conversation").filter(conversation_id=pk, user=user)
                   .first() if user.is_authenticated else None)
    if participant is None:
        raise Http404(_("No such conversation."))
    return participant


def mark_conversation_read(participant) -> None:
    from xarxa.notifications.models import Kind, Notification

    now = timezone.now()
    Participant.objects.filter(pk=participant.pk).update(last_read_at=now)
    Notification.objects.unread().filter(recipient_id=participant.user_id, kind=Kind.MESSAGE,
                                         url=participant.conversation.get_absolute_url()).update(read_at=now)


def conversations_of(user):
    """The member's conversations, latest first, with who is in them and the last message: three queries."""
    last_body = Message.objects.filter(conversation=OuterRef("conversation")).order_by("-created_at", "-id")
    people = Participant.objects.select_related("user__profile")
    return (Participant.objects.filter(user=user, conversation__last_message_at__isnull=False)
            .select_related("conversation")
            .annotate(last_body=Subquery(last_body.values("body")[:1]))
            .prefetch_related(Prefetch("conversation__participants", queryset=people))
            .order_by("-conversation__last_message_at", "-conversation_id"))


def search_messages(user, query):
    query = (query or "").strip()
    if not query:
        return Message.objects.none()
    return (Message.objects.filter(conversation__participants__user=user, body__icontains=query)
            .select_related("sender__profile").order_by("-created_at", "-id"))


def block(blocker, member) -> Block:
    if member.pk == blocker.pk:
        raise ValidationError(_("You cannot block yourself."))
    try:
        with transaction.atomic():
            return Block.objects.get_or_create(blocker=blocker, blocked=member)[0]
    except IntegrityError:
        return Block.objects.get(blocker=blocker, blocked=member)


def unblock(blocker, member) -> None:
    Block.objects.filter(blocker=blocker, blocked=member).delete()
