"""What goes into the index for each kind of thing, and the registry content kinds extend.

A content kind whose own one-to-one row holds searchable text (an event's place, a resource's
summary) says so in its registry entry (content.kinds.register(..., search_fields=...,
search_prefetch=...)): search asks the registered kinds, so no kind imports search. The builder gets
the base Content row and returns fields to add to or replace in the document: "title", "body"
(appended to the item's text), "country", "date". Without a builder, a kind is indexed from the base
row alone (title, text, language, topics, space), which is enough for most kinds.
register_searchable() sets a builder directly (for something that is not a registered kind, and tests).
"""

import html
from collections.abc import Callable

from django.urls import reverse
from django.utils.html import strip_tags

from xarxa.accounts.details import indexable
from xarxa.accounts.models import Profile
from xarxa.content import kinds as content_kinds
from xarxa.search.models import Kind

ContentBuilder = Callable[[object], dict]
_BUILDERS: dict[str, ContentBuilder] = {}
_PREFETCH: dict[str, tuple[str, ...]] = {}
MAX_BODY = 20_000  # enough to find an item by its text; keeps rows and snippets cheap
MAX_COMMENTS = 200  # the first replies of a long thread are enough to find it by them


def register_searchable(kind: str, document_builder: ContentBuilder, prefetch: tuple[str, ...] = ()) -> None:
    """Let content of `kind` add fields to its search document (see the module docstring). `prefetch`
    names the relations the builder reads from the base Content ("resource__country_rows"): the
    rebuild command loads them for a whole batch, so the builder does not query once per item."""
    _BUILDERS[kind] = document_builder
    _PREFETCH[kind] = tuple(prefetch)


def builder_for(kind: str) -> tuple[ContentBuilder | None, tuple[str, ...]]:
    if kind in _BUILDERS:
        return _BUILDERS[kind], _PREFETCH.get(kind, ())
    registered = content_kinds.get(kind)
    if registered is None or registered.search_fields is None:
        return None, ()
    return registered.search_fields, tuple(registered.search_prefetch)


def plain_text(rendered_html: str) -> str:
    return " ".join(html.unescape(strip_tags(rendered_html or "")).split())


def join_text(*parts) -> str:
    return " · ".join(p for p in (str(p or "").strip() for p in parts) if p)


def findable_comments(comments):
    """The replies that make an item findable: neither hidden by a moderator nor deleted. Their text is
    part of the item's document, so they are found exactly where and when the item is. One rule for
    the live path (one item's comments) and the rebuild (a batch's)."""
    return comments.filter(is_deleted=False, is_hidden=False)


def visible_comments(content):
    return findable_comments(content.comments.all()).order_by("created_at", "id")


def replies_text(bodies_html) -> str:
    """The text of an item's first MAX_COMMENTS replies (rendered HTML, oldest first)."""
    return join_text(*(plain_text(body) for body in list(bodies_html)[:MAX_COMMENTS]))


def comment_text(content) -> str:
    return replies_text(visible_comments(content).values_list("body_html", flat=True)[:MAX_COMMENTS])


def content_fields(content) -> dict:
    """The document of one content row, from the loaded object (the live path: one save, one row)."""
    space = content.space
    author_profile = getattr(content.author, "profile", None) if content.author_id else None
    author_country = author_public_country(author_profile.country, author_profile.visibility,
                                           author_profile.location_visibility) if author_profile else ""
    builder, _prefetch = builder_for(content.kind)
    return content_document(
        kind=content.kind, space_id=content.space_id, title=content.title, body_html=content.body_html,
        language=content.language,
        country=(space.country if space else "") or author_country,
        url=content.get_absolute_url(), date=content.published_at or content.created_at,
        extra=builder(content) if builder else None, replies=comment_text(content))


def content_document(*, kind, space_id, title, body_html, language, country, url, date, extra=None,
                     replies="") -> dict:
    """The document of one content row from plain values: shared by the live path and the rebuild command
    (which reads columns, not objects). `extra` is the kind's builder output, `replies` the comments' text."""
    fields = {"kind": kind, "space_id": space_id, "title": title, "body": plain_text(body_html)[:MAX_BODY],
              "language": language, "country": country or "", "url": url, "date": date}
    extra = dict(extra or {})
    if replies:  # after the kind's own text, so the item's words come first in snippets
        extra["body"] = join_text(extra.get("body"), replies)
    for key, value in extra.items():
        if key == "body":
            fields["body"] = join_text(fields["body"], value)[:MAX_BODY]
        elif key in ("title", "country", "date"):
            fields[key] = value
    return fields


def author_public_country(country, profile_visibility, location_visibility) -> str:
    """An item without a space is filed under its author's country only when everyone may see that country:
    the item may be read (and filtered by country) by anyone."""
    everyone = Profile.Visibility.EVERYONE
    return country if profile_visibility == everyone and location_visibility == everyone else ""


def member_fields(profile) -> dict:
    user = profile.user
    organisation = profile.organisation
    return member_document(full_name=profile.full_name, username=user.username, headline=profile.headline,
                           position=profile.position, organisation_name=organisation.name if organisation else "",
                           bio_html=profile.bio_html, country=profile.country, date_joined=user.date_joined,
                           visibilities=detail_visibilities(profile.__dict__))


def detail_visibilities(values: dict) -> dict:
    """The profile's visibility and its details' (from an object's __dict__ or a values() row)."""
    return {key: values[key] for key in ("visibility", "position_visibility", "organisation_visibility",
                                         "location_visibility")}


def member_document(*, full_name, username, headline, position, organisation_name, bio_html, country,
                    date_joined, visibilities) -> dict:
    """A member's document from plain values (see content_document). The document is shown to the profile's
    audience, so a detail kept from part of that audience is left out of it."""
    def kept(detail, value):
        return value if indexable(visibilities["visibility"], visibilities[f"{detail}_visibility"]) else ""

    position, organisation_name = kept("position", position), kept("organisation", organisation_name)
    country = kept("location", country)
    return {
        "kind": Kind.MEMBER,
        "title": full_name or username,
        "body": join_text(headline, position, organisation_name, plain_text(bio_html), username)[:MAX_BODY],
        "language": "",
        "country": country or "",
        "url": reverse("accounts:profile", args=[username]),
        "date": date_joined,
    }


def organisation_fields(organisation) -> dict:
    return {
        "kind": Kind.ORGANISATION,
        "title": organisation.name,
        "body": join_text(organisation.get_kind_display(), organisation.get_level_display(),
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
