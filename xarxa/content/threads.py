"""Reading what attaches to an item: threads of comments and reaction bars, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from xarxa.content import rules as content_rules
from xarxa.content.models import Comment, Content, Reaction
from xarxa.content.services import reaction_summary

THREADS_PER_PAGE = 50


@dataclass
class ReactionButton:
    kind: str
    label: str
    count: int
    given: bool


@dataclass
class ThreadPage:
    roots: list
    next_cursor: str | None
    comments: list = field(default_factory=list)  # every comment on the page, flat


def _not_found():
    return Http404(_("This page does not exist or you cannot see it."))


def access_content(user, pk, queryset=None) -> Content:
    """The item `user` may read, or 404 (the same for missing, hidden and private-to-others)."""
    queryset = queryset if queryset is not None else Content.objects.select_related("space", "author__profile")
    content = queryset.filter(pk=pk).first()
    if content is None or not content_rules.can_read_content(user, content):
        raise _not_found()
    return content


def access_comment(user, pk) -> Comment:
    comment = (Comment.objects.select_related("content__space", "content__author__profile", "author__profile")
               .filter(pk=pk).first())
    if comment is None or not content_rules.can_read_content(user, comment.content):
        raise _not_found()
    return comment


def _cursor_filter(queryset, cursor):
    """Threads after `cursor` ("<root id>"): ids grow with time, so the id alone orders them."""
    try:
        after = int(cursor)
    except (TypeError, ValueError):
        return queryset
    return queryset.filter(pk__gt=after)


def load_threads(content, *, cursor=None, per_page=THREADS_PER_PAGE) -> ThreadPage:
    """A page of threads (each first comment with every reply under it): two queries whatever the depth."""
    base = Comment.objects.filter(content=content).select_related("author__profile")
    roots = list(_cursor_filter(base.filter(root__isnull=True), cursor).order_by("pk")[: per_page + 1])
    next_cursor = str(roots[per_page - 1].pk) if len(roots) > per_page else None
    roots = roots[:per_page]
    replies = list(base.filter(root__in=roots).order_by("pk")) if roots else []
    children = {}
    for comment in replies:
        children.setdefault(comment.parent_id, []).append(comment)
    everything = roots + replies
    for comment in everything:
        comment.children = children.get(comment.pk, [])
    return ThreadPage(roots=roots, next_cursor=next_cursor, comments=everything)


def attach_reaction_buttons(user, *, contents=(), comments=()):
    """Give each item and comment a `reaction_buttons` list (counts and whether `user` gave each)."""
    counts, given = reaction_summary(contents=contents, comments=comments, user=user)
    for target, items in (("content", contents), ("comment", comments)):
        for item in items:
            mine = counts.get((target, item.pk), {})
            item.reaction_buttons = [
                ReactionButton(kind, label, mine.get(kind, 0), (target, item.pk, kind) in given)
                for kind, label in Reaction.Kind.choices
            ]


def mark_depths(roots, max_depth=3):
    """`depth` for indenting: replies deeper than `max_depth` line up under the last indented level."""
    stack = [(root, 0) for root in roots]
    while stack:
        comment, depth = stack.pop()
        comment.depth = min(depth, max_depth)
        stack.extend((child, depth + 1) for child in comment.children)
