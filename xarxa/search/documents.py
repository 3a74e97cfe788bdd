"""What goes into the index for each kind of thing, and the registry content kinds extend.

A content kind whose own one-to-one row holds searchable text (an event's place, a resource's
summary) registers a builder: register_searchable("event", lambda content: {"body": ...}). The
builder gets the base Content row and returns fields to add to or replace in the document: "title",
"body" (appended to the item's text), "country", "date". Without a builder, a kind is indexed from
the base row alone (title, text, language, topics, space), which is enough for most kinds.
"""

import html
from collections.abc import Callable

from django.utils.html import strip_tags

from xarxa.search.models import Kind

ContentBuilder = Callable[[object], dict]
_BUILDERS: dict[str, ContentBuilder] = {}
MAX_BODY = 20_000  # enough to find an item by its text; keeps rows and snippets cheap
MAX_COMMENTS = 200  # the first replies of a long thread are enough to find it by them


def register_searchable(kind: str, document_builder: ContentBuilder) -> None:
    """Let content of `kind` add fields to its search document (see the module docstring)."""
    _BUILDERS[kind] = document_builder


def plain_text(rendered_html: str) -> str:
    return " ".join(html.unescape(strip_tags(rendered_html or "")).split())


def _join(*parts) -> str:
    return " · ".join(p for p in (str(p or "").strip() for p in parts) if p)


def visible_comments(content):
    """The replies that make an item findable: neither hidden by a moderator nor deleted. Their text is
    part of the item's document, so they are found exactly where and when the item is."""
    return content.comments.filter(is_deleted=False, is_hidden=False).order_by("created_at", "id")


def comment_text(content) -> str:
    prefetched = getattr(content, "search_comments", None)  # set by the rebuild command's prefetch
    bodies = ([c.body_html for c in prefetched] if prefetched is not None
              else visible_comments(content).values_list("body_html", flat=True)[:MAX_COMMENTS])
    return _join(*(plain_text(body) for body in list(bodies)[:MAX_COMMENTS]))


def content_fields(content) -> dict:
    space = content.space
    author_profile = getattr(content.author, "profile", None) if content.author_id else None
    fields = {
        "kind": content.kind,
        "space_id": content.space_id,
        "title": content.title,
        "body": plain_text(content.body_html)[:MAX_BODY],
        "language": content.language,
        "country": (space.country if space else "") or (author_profile.country if author_profile else ""),
        "url": content.get_absolute_url(),
        "date": content.published_at or content.created_at,
    }
    builder = _BUILDERS.get(content.kind)
    extra = dict(builder(content) if builder else {})
    replies = comment_text(content)
    if replies:  # after the kind's own text, so the item's words come first in snippets
        extra["body"] = _join(extra.get("body"), replies)
    for key, value in (extra or {}).items():
        if key == "body":
            fields["body"] = _join(fields["body"], value)[:MAX_BODY]
        elif key in ("title", "country", "date"):
            fields[key] = value
    return fields


def member_fields(profile) -> dict:
    user = profile.user
    organisation = profile.organisation
    return {
        "kind": Kind.MEMBER,
        "title": profile.full_name or user.username,
        "body": _join(profile.headline, profile.position, organisation.name if organisation else "",
                      plain_text(profile.bio_html), user.username)[:MAX_BODY],
        "language": "",
        "country": profile.country,
        "url": profile.get_absolute_url(),
        "date": user.date_joined,
    }


def organisation_fields(organisation) -> dict:
    return {
        "kind": Kind.ORGANISATION,
        "title": organisation.name,
        "body": _join(organisation.get_kind_display(), organisation.get_level_display(),
                      organisation.parent.name if organisation.parent_id else "", organisation.website),
        "language": "",
        "country": organisation.country,
        "url": organisation.get_absolute_url(),
        "date": organisation.created_at,
    }


def group_fields(space) -> dict:
    return {
        "kind": Kind.GROUP,
        "space_id": space.pk,
        "title": space.name,
        "body": plain_text(space.description_html)[:MAX_BODY],
        "language": "",
        "country": space.country or (space.organisation.country if space.organisation_id else ""),
        "url": space.get_absolute_url(),
        "date": space.created_at,
    }


def topic_fields(topic) -> dict:
    return {
        "kind": Kind.TOPIC,
        "title": topic.name,
        "body": topic.description,
        "language": "",
        "country": "",
        "url": topic.get_absolute_url(),
        "date": topic.created_at,
    }
