"""Acts on content and what attaches to it: publishing, versions, comments, reactions, mentions,
attachments, reports and moderation. Each checks permission first and writes in one transaction;
errors are translated (PermissionDenied: not allowed; ValidationError: not possible now).
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.accounts.rules import can_post
from xarxa.audit import record
from xarxa.audit.actions import Action, moderation_action
from xarxa.content import kinds, lifecycles
from xarxa.content.mentions import record_mentions
from xarxa.content.models import Attachment, Comment, Content, Flag, ModerationLog, Reaction
from xarxa.content.text import render_body
from xarxa.content.uploads import check_attachment_upload
from xarxa.core.events import announce
from xarxa.core.rulebook import allowed, check, refusal
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
    check(actor, "content.edit", content)
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
    check(actor, "content.translate", original)
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
    if not allowed(author, "content.read", content):
        raise PermissionDenied(refusal("content.reply"))
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
        announce("act", actor=author, verb="commented", content=content, comment=comment)
    return comment


def edit_comment(actor, comment, body) -> Comment:
    check(actor, "comment.edit", comment)
    body = check_body(body, required=True, limit=MAX_COMMENT)
    rendered = render_body(body)
    with transaction.atomic():
        comment.body, comment.body_html, comment.edited_at = body, rendered.html, timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        record_mentions(comment.content, comment, actor, rendered.mentioned)
    return comment


def delete_comment(actor, comment) -> Comment | None:
    """Delete; when others have replied, keep a placeholder so their replies still make sense."""
    check(actor, "comment.delete", comment)
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
    check(user, "content.react", item)
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
                announce("act", actor=user, verb="reacted", content=item, comment=comment)
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
    check(actor, "content.attach", content)
    return store_attachment(actor, content, upload)


def store_attachment(actor, content, upload) -> Attachment:
    """Check the upload (size, type) and keep it on `content`. For a kind whose own rule decides who
    attaches (a congress session's speakers add its materials), after that rule has said yes."""
    checked = check_attachment_upload(upload)
    with transaction.atomic():
        attachment = Attachment(content=content, name=checked.name, size=checked.file.size, mime_type=checked.mime_type,
                                is_image=checked.is_image, uploaded_by=actor)
        suffix = PurePath(checked.name).suffix.lower()
        attachment.file.save(f"{uuid.uuid4().hex}{suffix}", checked.file, save=False)
        attachment.save()
    return attachment


def remove_attachment(actor, attachment) -> None:
    content = attachment.content
    check(actor, "content.remove_attachment", content)
    if actor.pk != content.author_id:
        record(actor, Action.ATTACHMENT_DELETE, attachment, space=content.space, snapshot=attachment.name)
    attachment.file.delete(save=False)
    attachment.delete()


# Reports and moderation -------------------------------------------------------------------------

def flag(reporter, content, *, reason, note="", comment=None) -> Flag:
    check(reporter, "content.flag" if comment is not None else "content.report_item", content)
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


def _log(actor, action, content, comment=None, reason=""):
    ModerationLog.objects.create(actor=actor, action=action, content=content, comment=comment,
                                 space=content.space, reason=(reason or "").strip())
    record(actor, moderation_action(action, comment is not None), comment or content, content.space, reason)


def _close_flags(actor, content, comment, transition):
    """Every open report on the item (or on the one reply) moves along `transition` ("uphold", "dismiss")."""
    step = lifecycles.FLAG.get(transition)
    flags = Flag.objects.filter(content=content, status__in=step.sources)
    flags = flags.filter(comment=comment) if comment is not None else flags.filter(comment__isnull=True)
    flags.update(status=step.target, handled_by=actor, handled_at=timezone.now())


def _tell_author(actor, content, comment, action, reason):
    announce("content.moderated", actor=actor, content=content, comment=comment, action=action, reason=reason)


# Content lifecycle (the table is in content/lifecycles.py) -------------------------------------------

def _item_and_versions(content):
    return Content.objects.filter(Q(pk=content.pk) | Q(original=content))


def _locked_for(content, transition):
    """The row re-read under lock, moved along `transition` in memory (refused: nothing has changed)."""
    locked = Content.objects.select_for_update().get(pk=content.pk)
    move = {"hide": lifecycles.hide, "restore": lifecycles.restore}.get(transition)
    if move is not None:
        move(locked)
    else:
        lifecycles.CONTENT.transition(locked, transition)
    return locked


def publish_content(actor, content, *, transition="publish") -> Content:
    """Make a draft or a scheduled item (and its versions) public now. `actor` None: the scheduler."""
    if actor is not None:
        check(actor, "content.publish", content)
    with transaction.atomic():
        _locked_for(content, transition)
        now = timezone.now()
        content.status, content.published_at, content.last_activity_at = Content.Status.PUBLISHED, now, now
        # save(), not update(): the base row's save signal reindexes it for search.
        content.save(update_fields=["status", "published_at", "last_activity_at"])
        Content.objects.filter(original=content, status__in=Content.PRIVATE_STATUSES).update(
            status=Content.Status.PUBLISHED, published_at=now)
    return content


def schedule_content(actor, content) -> Content:
    """Mark a draft as waiting for its publication time (the kind keeps the time and the task)."""
    return _move_private(actor, content, "schedule")


def unschedule_content(actor, content) -> Content:
    """A scheduled item back to a plain draft."""
    return _move_private(actor, content, "unschedule")


def _move_private(actor, content, transition):
    check(actor, "content.edit", content)
    with transaction.atomic():
        locked = _locked_for(content, transition)
        _item_and_versions(content).filter(status__in=Content.PRIVATE_STATUSES).update(status=locked.status)
        content.status = locked.status
    return content


def hide_content(actor, content, reason="") -> Content:
    check(actor, "content.hide", content)
    with transaction.atomic():
        before = _locked_for(content, "hide").status_before_hidden
        # One UPDATE reads every row's old status before writing: each version remembers its own.
        _item_and_versions(content).filter(status__in=lifecycles.CONTENT.sources("hide")).update(
            status_before_hidden=F("status"), status=Content.Status.HIDDEN)
        content.status, content.status_before_hidden = Content.Status.HIDDEN, before
        _log(actor, ModerationLog.Action.HIDE, content, reason=reason)
        _close_flags(actor, content, None, "uphold")
        _tell_author(actor, content, None, "hide", reason)
    return content


def restore_content(actor, content, reason="") -> Content:
    """Give a hidden item back the state it had: a hidden draft comes back a draft, not published."""
    check(actor, "content.restore", content)
    with transaction.atomic():
        locked = _locked_for(content, "restore")
        remembered = Case(When(status_before_hidden="", then=Value(Content.Status.PUBLISHED)),
                          default=F("status_before_hidden"))
        _item_and_versions(content).filter(status=Content.Status.HIDDEN).update(status=remembered,
                                                                                 status_before_hidden="")
        content.status, content.status_before_hidden = locked.status, ""
        if content.is_published and content.published_at is None:
            content.published_at = timezone.now()
            content.save(update_fields=["published_at"])
        _log(actor, ModerationLog.Action.RESTORE, content, reason=reason)
        _tell_author(actor, content, None, "restore", reason)
    return content


def delete_content(actor, content, reason="") -> Content:
    """Delete an item and its versions for every reader. The row stays (status "deleted") so what
    points at it (reports, the moderation log, the audit trail) keeps its meaning."""
    check(actor, "content.delete", content)
    with transaction.atomic():
        _locked_for(content, "delete")
        _item_and_versions(content).exclude(status=Content.Status.DELETED).update(status=Content.Status.DELETED)
        content.status = Content.Status.DELETED
        if actor.pk != content.author_id:
            _log(actor, ModerationLog.Action.DELETE, content, reason=reason)
    return content


def delete_item(actor, item):
    """A kind's item deleted (the generic delete of content.kind_views): its base row and versions."""
    delete_content(actor, item.content)
    return item


def hide_comment(actor, comment, reason="") -> Comment:
    check(actor, "comment.hide", comment)
    with transaction.atomic():
        comment.is_hidden = True
        comment.save(update_fields=["is_hidden"])
        _log(actor, ModerationLog.Action.HIDE, comment.content, comment, reason)
        _close_flags(actor, comment.content, comment, "uphold")
        _tell_author(actor, comment.content, comment, "hide", reason)
        recount_comments(comment.content)
    return comment


def restore_comment(actor, comment, reason="") -> Comment:
    check(actor, "comment.restore", comment)
    with transaction.atomic():
        comment.is_hidden = False
        comment.save(update_fields=["is_hidden"])
        _log(actor, ModerationLog.Action.RESTORE, comment.content, comment, reason)
        recount_comments(comment.content)
    return comment


def dismiss_flag(actor, flag_row, reason="") -> None:
    check(actor, "flag.dismiss", flag_row)
    lifecycles.FLAG.check(flag_row, "dismiss")
    with transaction.atomic():
        _close_flags(actor, flag_row.content, flag_row.comment, "dismiss")
        _log(actor, ModerationLog.Action.DISMISS, flag_row.content, flag_row.comment, reason)


def set_pinned(actor, content, pinned: bool, reason="") -> Content:
    check(actor, "content.moderate", content)
    with transaction.atomic():
        content.is_pinned = pinned
        content.save(update_fields=["is_pinned"])
        _log(actor, ModerationLog.Action.PIN if pinned else ModerationLog.Action.UNPIN, content, reason=reason)
    return content


def set_locked(actor, content, locked: bool, reason="") -> Content:
    check(actor, "content.moderate", content)
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
    check(user, "content.see_network_queue")
    return flags if user.is_staff else flags.filter(space__isnull=True)
