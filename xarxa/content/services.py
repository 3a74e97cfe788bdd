"""Acts on content and what attaches to it: publishing, versions, comments, reactions, mentions,
attachments, reports and moderation. Each checks permission first and writes in one transaction;
errors are translated (PermissionDenied: not allowed; ValidationError: not possible now).
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.accounts.rules import can_post
from xarxa.activity.services import record_activity
from xarxa.audit import record
from xarxa.audit.actions import Action, moderation_action
from xarxa.content import kinds
from xarxa.content import rules as content_rules
from xarxa.content.mentions import record_mentions
from xarxa.content.models import Attachment, Comment, Content, Flag, ModerationLog, Reaction
from xarxa.content.text import render_body
from xarxa.content.uploads import check_attachment_upload
from xarxa.spaces import rules as space_rules

LANGUAGE_CODES = {code for code, _name in LANGUAGE_CHOICES}
MAX_TITLE = 200
MAX_BODY = 50_000
MAX_COMMENT = 20_000


# Checks -----------------------------------------------------------------------------------------

def check_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Write a title."), code="required")
    if len(title) > MAX_TITLE:
        raise ValidationError(_("Keep the title under %(max)d characters.") % {"max": MAX_TITLE}, code="too_long")
    return title


def check_body(body: str, *, required=False, limit=MAX_BODY) -> str:
    body = (body or "").strip()
    if required and not body:
        raise ValidationError(_("Write something first."), code="required")
    if len(body) > limit:
        raise ValidationError(_("The text is too long (at most %(max)d characters).") % {"max": limit},
                              code="too_long")
    return body


def check_language(language: str) -> str:
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Choose a language from the list."), code="bad_language")
    return language


def check_can_post_in(user, space):
    if space is None:
        if not can_post(user):
            raise PermissionDenied(_("Confirm your e-mail address before posting."))
    elif not space_rules.can_post_in_space(user, space):
        if not space_rules.is_space_member(user, space):
            raise PermissionDenied(_("Only members of this group can post in it."))
        raise PermissionDenied(_("Confirm your e-mail address before posting."))


def check_open_for_replies(content):
    if content.is_locked:
        raise ValidationError(_("This conversation has been locked: no new replies can be added."), code="locked")
    if not content.is_published:
        raise ValidationError(_("Replies are closed while this item is not published."), code="not_published")


# Content ----------------------------------------------------------------------------------------

def create_content(author, *, kind, space=None, title, body="", language="es", topics=(),
                   status=Content.Status.PUBLISHED) -> Content:
    """The base row of a new item. Call inside the kind's own transaction (e.g. publish_debate)."""
    if kinds.get(kind) is None:
        raise ValueError(f"unregistered content kind {kind!r}")
    check_can_post_in(author, space)
    title, body, language = check_title(title), check_body(body), check_language(language)
    rendered = render_body(body)
    now = timezone.now()
    with transaction.atomic():
        content = Content.objects.create(
            kind=kind, space=space, author=author, title=title, body=body, body_html=rendered.html,
            language=language, status=status, last_activity_at=now,
            published_at=now if status == Content.Status.PUBLISHED else None,
        )
        content.topics.set({*topics, *rendered.topics})
        record_mentions(content, None, author, rendered.mentioned)
    return content


def update_content(actor, content, *, title, body, language=None, topics=None) -> Content:
    if not content_rules.can_edit_content(actor, content):
        raise PermissionDenied(_("Only the author can edit this."))
    title, body = check_title(title), check_body(body)
    if language is not None:
        language = check_language(language)
        if content.translations.filter(language=language).exists() or (
            content.original_id and Content.objects.filter(pk=content.original_id, language=language).exists()
        ):
            raise ValidationError(_("There is already a version in this language."))
        content.language = language
    rendered = render_body(body)
    with transaction.atomic():
        content.title, content.body, content.body_html = title, body, rendered.html
        content.save()
        if topics is not None:
            content.topics.set({*topics, *rendered.topics})
        record_mentions(content, None, actor, rendered.mentioned)
    return content


def add_translation(actor, original, *, language, title, body) -> Content:
    """A version of `original` in another language, by its author or a member trusted as translator."""
    original = original.item
    if not content_rules.can_translate_content(actor, original):
        raise PermissionDenied(_("Only the author or a translator of this group can add versions."))
    language, title, body = check_language(language), check_title(title), check_body(body)
    taken = {original.language, *original.translations.values_list("language", flat=True)}
    if language in taken:
        raise ValidationError(_("There is already a version in this language."))
    rendered = render_body(body)
    with transaction.atomic():
        version = Content.objects.create(
            kind=original.kind, space=original.space, author=actor, original=original, title=title, body=body,
            body_html=rendered.html, language=language, status=original.status,
            published_at=original.published_at, last_activity_at=original.last_activity_at,
        )
        version.topics.set(original.topics.all())
    return version


def versions_of(content, user):
    """Every version of the item that `user` may read, the original first."""
    item = content.item
    versions = [item] + list(Content.objects.visible_to(user).filter(original=item).order_by("language"))
    return versions


def reader_language(language_code: str) -> str:
    """'pt-br' → 'pt': content languages are base codes."""
    return (language_code or "es").split("-")[0].lower()


def pick_version(versions, language: str):
    """The version in `language` if there is one, else the original."""
    for version in versions:
        if version.language == language:
            return version
    return versions[0]


# Comments ---------------------------------------------------------------------------------------

def recount_comments(content):
    """Store the true number of visible replies (and so whether the item is unanswered)."""
    visible = Comment.objects.filter(content=OuterRef("pk"), is_deleted=False, is_hidden=False)
    count = visible.values("content").annotate(n=Count("pk")).values("n")
    Content.objects.filter(pk=content.pk).update(comment_count=Coalesce(Subquery(count), 0))
    content.refresh_from_db(fields=["comment_count"])


def add_comment(author, content, body, parent=None) -> Comment:
    if not content_rules.can_read_content(author, content):
        raise PermissionDenied(_("You cannot reply here."))
    check_can_post_in(author, content.space)
    body = check_body(body, required=True, limit=MAX_COMMENT)
    if parent is not None and (parent.content_id != content.pk or not parent.is_visible):
        raise ValidationError(_("The reply you answered is no longer there."))
    rendered = render_body(body)
    with transaction.atomic():
        # Lock the item so a reply cannot slip in while a moderator locks it.
        locked = Content.objects.select_for_update().get(pk=content.pk)
        check_open_for_replies(locked)
        comment = Comment.objects.create(
            content=content, author=author, parent=parent,
            root=(parent.root or parent) if parent else None, body=body, body_html=rendered.html,
        )
        Content.objects.filter(pk=content.pk).update(last_activity_at=comment.created_at)
        recount_comments(content)
        record_mentions(content, comment, author, rendered.mentioned)
        record_activity(author, "commented", content=content, comment=comment)
    return comment


def edit_comment(actor, comment, body) -> Comment:
    if not content_rules.can_edit_comment(actor, comment):
        raise PermissionDenied(_("Only the author can edit this reply."))
    body = check_body(body, required=True, limit=MAX_COMMENT)
    rendered = render_body(body)
    with transaction.atomic():
        comment.body, comment.body_html, comment.edited_at = body, rendered.html, timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        record_mentions(comment.content, comment, actor, rendered.mentioned)
    return comment


def delete_comment(actor, comment) -> Comment | None:
    """Delete; when others have replied, keep a placeholder so their replies still make sense."""
    if not content_rules.can_delete_comment(actor, comment):
        raise PermissionDenied(_("You cannot delete this reply."))
    content = comment.content
    with transaction.atomic():
        if actor.pk != comment.author_id:
            record(actor, Action.COMMENT_DELETE, comment, space=content.space, snapshot=comment.body)
        if comment.replies.exists():
            comment.is_deleted, comment.body, comment.body_html = True, "", ""
            comment.save(update_fields=["is_deleted", "body", "body_html"])
            result = comment
        else:
            comment.delete()
            result = None
        if actor.pk != comment.author_id:
            ModerationLog.objects.create(actor=actor, action=ModerationLog.Action.DELETE, content=content,
                                         space=content.space)
        recount_comments(content)
    return result


# Reactions --------------------------------------------------------------------------------------

def toggle_reaction(user, kind, *, content=None, comment=None) -> bool:
    """Add the reaction, or take it back if already given. Returns whether it is now given."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Choose a valid reaction."))
    item = content if content is not None else comment.content
    if not content_rules.can_react_to_content(user, item):
        raise PermissionDenied(_("You cannot react here."))
    if comment is not None and not comment.is_visible:
        raise ValidationError(_("This reply is no longer there."))
    target = {"content": content, "comment": None} if comment is None else {"comment": comment, "content": None}
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(user=user, kind=kind, **target).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(user=user, kind=kind, **target)
                record_activity(user, "reacted", content=item, comment=comment)
        except IntegrityError:  # a double click raced us; it is given
            pass
    return True


def reaction_summary(*, contents=(), comments=(), user=None):
    """{(“content”|“comment”, pk): {kind: count}} and the set of (target, pk, kind) the user gave: two queries."""
    condition = Q(content__in=contents) | Q(comment__in=comments)
    counts = {}
    rows = Reaction.objects.filter(condition).values("content_id", "comment_id", "kind").annotate(n=Count("pk"))
    for row in rows:
        key = ("comment", row["comment_id"]) if row["comment_id"] else ("content", row["content_id"])
        counts.setdefault(key, {})[row["kind"]] = row["n"]
    given = set()
    if user is not None and user.is_authenticated:
        for row in Reaction.objects.filter(condition, user=user).values("content_id", "comment_id", "kind"):
            key = ("comment", row["comment_id"]) if row["comment_id"] else ("content", row["content_id"])
            given.add((*key, row["kind"]))
    return counts, given


# Attachments ------------------------------------------------------------------------------------

def attach_file(actor, content, upload) -> Attachment:
    if not content_rules.can_attach_to_content(actor, content):
        raise PermissionDenied(_("Only the author can attach files."))
    checked = check_attachment_upload(upload)
    with transaction.atomic():
        attachment = Attachment(content=content, name=checked.name, size=upload.size, mime_type=checked.mime_type,
                                is_image=checked.is_image, uploaded_by=actor)
        suffix = PurePath(checked.name).suffix.lower()
        attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
        attachment.save()
    return attachment


def remove_attachment(actor, attachment) -> None:
    content = attachment.content
    if not (content_rules.is_content_author(actor, content) or content_rules.can_moderate_content(actor, content)):
        raise PermissionDenied(_("Only the author can remove attachments."))
    if actor.pk != content.author_id:
        record(actor, Action.ATTACHMENT_DELETE, attachment, space=content.space, snapshot=attachment.name)
    attachment.file.delete(save=False)
    attachment.delete()


# Reports and moderation -------------------------------------------------------------------------

def flag(reporter, content, *, reason, note="", comment=None) -> Flag:
    if not content_rules.can_flag_content(reporter, content):
        raise PermissionDenied(_("You cannot report this."))
    if reason not in Flag.Reason.values:
        raise ValidationError(_("Choose a reason."))
    if comment is not None and comment.content_id != content.pk:
        raise ValidationError(_("This reply is no longer there."))
    try:
        with transaction.atomic():
            return Flag.objects.create(reporter=reporter, content=content, comment=comment, space=content.space,
                                       reason=reason, note=(note or "").strip()[:1000])
    except IntegrityError:
        raise ValidationError(_("You have already reported this. A moderator will look at it.")) from None


def _check_moderator(actor, content):
    if not content_rules.can_moderate_content(actor, content):
        raise PermissionDenied(_("Only moderators can do this."))


def _log(actor, action, content, comment=None, reason=""):
    ModerationLog.objects.create(actor=actor, action=action, content=content, comment=comment,
                                 space=content.space, reason=(reason or "").strip())
    record(actor, moderation_action(action, comment is not None), comment or content, content.space, reason)


def _close_flags(actor, content, comment, status):
    flags = Flag.objects.filter(content=content, status=Flag.Status.OPEN)
    flags = flags.filter(comment=comment) if comment is not None else flags.filter(comment__isnull=True)
    flags.update(status=status, handled_by=actor, handled_at=timezone.now())


def _tell_author(actor, content, comment, action, reason):
    from xarxa.notifications.services import notify_moderation

    notify_moderation(actor, content, comment, action=action, reason=reason)


def hide_content(actor, content, reason="") -> Content:
    _check_moderator(actor, content)
    with transaction.atomic():
        Content.objects.filter(Q(pk=content.pk) | Q(original=content)).update(status=Content.Status.HIDDEN)
        content.status = Content.Status.HIDDEN
        _log(actor, ModerationLog.Action.HIDE, content, reason=reason)
        _close_flags(actor, content, None, Flag.Status.UPHELD)
        _tell_author(actor, content, None, "hide", reason)
    return content


def restore_content(actor, content, reason="") -> Content:
    _check_moderator(actor, content)
    with transaction.atomic():
        Content.objects.filter(Q(pk=content.pk) | Q(original=content)).update(status=Content.Status.PUBLISHED)
        content.status = Content.Status.PUBLISHED
        if content.published_at is None:
            content.published_at = timezone.now()
            content.save(update_fields=["published_at"])
        _log(actor, ModerationLog.Action.RESTORE, content, reason=reason)
        _tell_author(actor, content, None, "restore", reason)
    return content


def hide_comment(actor, comment, reason="") -> Comment:
    _check_moderator(actor, comment.content)
    with transaction.atomic():
        comment.is_hidden = True
        comment.save(update_fields=["is_hidden"])
        _log(actor, ModerationLog.Action.HIDE, comment.content, comment, reason)
        _close_flags(actor, comment.content, comment, Flag.Status.UPHELD)
        _tell_author(actor, comment.content, comment, "hide", reason)
        recount_comments(comment.content)
    return comment


def restore_comment(actor, comment, reason="") -> Comment:
    _check_moderator(actor, comment.content)
    with transaction.atomic():
        comment.is_hidden = False
        comment.save(update_fields=["is_hidden"])
        _log(actor, ModerationLog.Action.RESTORE, comment.content, comment, reason)
        recount_comments(comment.content)
    return comment


def dismiss_flag(actor, flag_row, reason="") -> None:
    _check_moderator(actor, flag_row.content)
    with transaction.atomic():
        _close_flags(actor, flag_row.content, flag_row.comment, Flag.Status.DISMISSED)
        _log(actor, ModerationLog.Action.DISMISS, flag_row.content, flag_row.comment, reason)


def set_pinned(actor, content, pinned: bool, reason="") -> Content:
    _check_moderator(actor, content)
    with transaction.atomic():
        content.is_pinned = pinned
        content.save(update_fields=["is_pinned"])
        _log(actor, ModerationLog.Action.PIN if pinned else ModerationLog.Action.UNPIN, content, reason=reason)
    return content


def set_locked(actor, content, locked: bool, reason="") -> Content:
    _check_moderator(actor, content)
    with transaction.atomic():
        content.is_locked = locked
        content.save(update_fields=["is_locked"])
        _log(actor, ModerationLog.Action.LOCK if locked else ModerationLog.Action.UNLOCK, content, reason=reason)
    return content


def open_flags_for(user, space=None):
    """The queue `user` moderates: one space's reports, or the open network's (staff: every report)."""
    flags = Flag.objects.filter(status=Flag.Status.OPEN).select_related(
        "content__space", "comment__author__profile", "content__author__profile", "reporter__profile")
    if space is not None:
        if not space_rules.can_moderate_space(user, space):
            raise PermissionDenied(_("Only moderators can see reports."))
        return flags.filter(space=space)
    if not content_rules.can_see_network_queue(user):
        raise PermissionDenied(_("Only moderators can see reports."))
    return flags if user.is_staff else flags.filter(space__isnull=True)
