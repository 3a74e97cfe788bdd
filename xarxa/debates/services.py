"""Acts on debates. The base row and everything attached to it go through content.services."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.activity.services import record_activity
from xarxa.content import lifecycles
from xarxa.content import services as content_services
from xarxa.content.mentions import record_mentions
from xarxa.content.models import Content
from xarxa.content.text import render_body
from xarxa.core.markdown import render_markdown
from xarxa.core.rulebook import check
from xarxa.debates.models import KIND, Debate


def publish_debate(author, *, space=None, title, body="", language="es", topics=(), draft=False) -> Debate:
    """Open a debate in `space` (or in the open network when None), or keep it as the author's draft:
    a draft makes no activity (so no feed item or notification) and is published later by publish_draft."""
    status = Content.Status.DRAFT if draft else Content.Status.PUBLISHED
    with transaction.atomic():
        content = content_services.create_content(author, kind=KIND, space=space, title=title, body=body,
                                                  language=language, topics=topics, status=status)
        if not draft:
            record_activity(author, "published", content=content)
        return Debate.objects.create(content=content)


def publish_draft(actor, debate) -> Debate:
    """Publish the author's draft now: from here on it is a debate like any other."""
    content = debate.content
    check(actor, "debates.publish_debate", debate)
    if not lifecycles.CONTENT.can(content, "publish"):
        raise ValidationError(_("This debate is already published."), code="not_a_draft")
    content_services.check_can_post_in(actor, content.space)  # they may have left the group meanwhile
    with transaction.atomic():
        content_services.publish_content(actor, content)
        record_activity(actor, "published", content=content)
        # Members mentioned while it was a draft could not read it then; now they hear of it.
        record_mentions(content, None, actor, render_body(content.body).mentioned)
    return debate


def edit_debate(actor, debate, *, title, body, topics=None) -> Debate:
    check(actor, "debates.edit_debate", debate)
    content_services.update_content(actor, debate.content, title=title, body=body, topics=topics)
    return debate


def mark_useful_answer(actor, debate, comment) -> Debate:
    """Mark `comment` as the most useful answer; marking the marked one again takes the mark back."""
    check(actor, "debates.mark_useful_answer", debate)
    if comment.content_id != debate.content_id or not comment.is_visible:
        raise ValidationError(_("This reply is no longer there."))
    with transaction.atomic():
        debate.useful_answer = None if debate.useful_answer_id == comment.pk else comment
        debate.save(update_fields=["useful_answer"])
        if debate.useful_answer_id:
            record_activity(actor, "answered", content=debate.content, comment=comment)
    return debate


def close_debate(actor, debate, summary="") -> Debate:
    """Close with a summary of what was concluded; a closed debate takes no new replies."""
    check(actor, "debates.close_debate", debate)
    summary = content_services.check_body(summary)
    with transaction.atomic():
        debate.closed_at, debate.closed_by = timezone.now(), actor
        debate.summary, debate.summary_html = summary, render_markdown(summary)
        debate.save(update_fields=["closed_at", "closed_by", "summary", "summary_html"])
        Content.objects.filter(pk=debate.content_id).update(is_locked=True)
        debate.content.is_locked = True
    return debate


def reopen_debate(actor, debate) -> Debate:
    check(actor, "debates.reopen_debate", debate)
    with transaction.atomic():
        debate.closed_at, debate.closed_by = None, None
        debate.save(update_fields=["closed_at", "closed_by"])
        Content.objects.filter(pk=debate.content_id).update(is_locked=False)
        debate.content.is_locked = False
    return debate
