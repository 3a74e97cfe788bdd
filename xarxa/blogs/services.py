"""Acts on blog posts. The base row and what attaches to it go through content.services.

A post is published now, kept as a draft, or scheduled (status "scheduled" with `publish_at`), which the
`publish_scheduled_posts` task (enqueued to run at that moment) turns into a published post. The moves
between these states are content's lifecycle (content/lifecycles.py).
"""

from datetime import timedelta

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.activity.models import Verb
from xarxa.activity.services import record_activity
from xarxa.blogs.models import EXCERPT_LENGTH, KIND, Post, PostRevision
from xarxa.content import lifecycles
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.images import check_image_upload
from xarxa.core.rulebook import check

# A scheduled time this close to now is simply "now" (the form's minute precision).
SCHEDULE_TOLERANCE = timedelta(minutes=1)


def excerpt_of(body_html: str) -> str:
    """The first words of the text, without markup, cut at a word."""
    text = " ".join(nh3.clean(body_html or "", tags=set()).split())
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…"


def check_publish_at(publish_at):
    if publish_at is not None and publish_at < timezone.now() - SCHEDULE_TOLERANCE:
        raise ValidationError(_("Choose a publication time in the future, or leave it empty to publish now."),
                              code="past")
    return publish_at


def _store_cover(post, upload):
    import uuid

    from xarxa.spaces.services import cover_image  # the groups' wide crop, reused for covers

    if post.cover:
        post.cover.delete(save=False)
    post.cover.save(f"{uuid.uuid4().hex}.webp", cover_image(upload), save=False)


def index_for_search(content):
    """Tell whoever indexes (search subscribes) that the item changed beyond what the base row's save shows."""
    announce("content.changed", content=content)


def publish_post(author, *, space=None, title, body="", language="es", topics=(), cover=None, draft=False,
                 publish_at=None) -> Post:
    """Write a post on `space`'s blog, or on the author's own blog when `space` is None."""
    publish_at = check_publish_at(publish_at)
    if cover is not None:
        check_image_upload(cover)
    scheduled = publish_at is not None and publish_at > timezone.now()
    status = Content.Status.SCHEDULED if scheduled else Content.Status.DRAFT if draft else Content.Status.PUBLISHED
    with transaction.atomic():
        content = content_services.create_content(author, kind=KIND, space=space, title=title, body=body,
                                                  language=language, topics=topics, status=status)
        post = Post(content=content, excerpt=excerpt_of(content.body_html),
                    publish_at=publish_at if scheduled else None)
        if cover is not None:
            _store_cover(post, cover)
        post.save()
        if status == Content.Status.PUBLISHED:
            record_activity(author, Verb.PUBLISHED, content=content)
            index_for_search(content)
        elif scheduled:
            _schedule(post)
    return post


def _schedule(post):
    from xarxa.blogs.tasks import publish_scheduled_posts

    when = post.publish_at
    transaction.on_commit(lambda: publish_scheduled_posts.using(run_after=when).enqueue())


def edit_post(actor, post, *, title, body, topics=None, cover=None, remove_cover=False,
              publish_at=None, reschedule=False) -> Post:
    """Save new text; the text it replaces is kept as a revision. `reschedule` changes a draft's time."""
    check(actor, "blogs.edit_post", post)
    if cover is not None:
        check_image_upload(cover)
    if reschedule:
        check_publish_at(publish_at)
    content = post.content
    with transaction.atomic():
        # Text replaced while a moderator had it hidden stays out of the public history (shown_to).
        PostRevision.objects.create(post=post, title=content.title, body=content.body, edited_by=actor,
                                    is_moderated=content.status == Content.Status.HIDDEN)
        content_services.update_content(actor, content, title=title, body=body, topics=topics)
        post.excerpt = excerpt_of(content.body_html)
        if remove_cover and post.cover:
            post.cover.delete(save=False)
        if cover is not None:
            _store_cover(post, cover)
        if reschedule and content.is_private:
            post.publish_at = publish_at
            if publish_at is not None:
                content_services.schedule_content(actor, content)
                _schedule(post)
            elif content.status == Content.Status.SCHEDULED:
                content_services.unschedule_content(actor, content)
        post.save()
        if content.is_published:
            record_activity(actor, Verb.EDITED, content=content)
            index_for_search(content)
    return post


def _make_public(post, actor, transition="publish"):
    content = post.content
    content_services.publish_content(actor if transition == "publish" else None, content, transition=transition)
    post.publish_at = None
    post.save(update_fields=["publish_at"])
    if actor is not None:
        record_activity(actor, Verb.PUBLISHED, content=content)
    index_for_search(content)


def publish_draft(actor, post) -> Post:
    """Publish a draft (or a scheduled post) now."""
    check(actor, "blogs.publish_post", post)
    if not lifecycles.CONTENT.can(post.content, "publish"):
        raise ValidationError(_("This post is already published."))
    with transaction.atomic():
        _make_public(post, actor)
    return post


def publish_due_posts(now=None) -> int:
    """Publish every scheduled post whose time has come. Safe to run any number of times."""
    now = now or timezone.now()
    published = 0
    due = Post.objects.filter(publish_at__lte=now, content__status=Content.Status.SCHEDULED).select_related("content")
    for post in due:
        with transaction.atomic():
            # Re-read under lock: the author may have published or rescheduled it meanwhile.
            locked = Post.objects.select_for_update().filter(pk=post.pk, publish_at__lte=now).first()
            post.content.refresh_from_db(fields=["status"])
            if locked is None or not lifecycles.CONTENT.can(post.content, "publish_due"):
                continue
            post.publish_at = locked.publish_at
            _make_public(post, post.content.author, transition="publish_due")
            published += 1
    return published
