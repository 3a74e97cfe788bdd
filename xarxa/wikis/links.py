"""[[Page title]] links between pages of one wiki. An existing page gets a plain link; a missing one
links to the form that creates it (styled red, by its URL, since the sanitiser keeps no classes)."""

import re
from urllib.parse import urlencode

from django.urls import reverse

from xarxa.content.text import render_body
from xarxa.wikis.models import WikiPage, page_url, title_key

LINK_RE = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")


def _create_url(space, title):
    base = reverse("wikis:space_create", args=[space.slug]) if space else reverse("wikis:create")
    return f"{base}?{urlencode({'title': title})}"


def _escape(text):
    return re.sub(r"([\\\[\]()*_`])", r"\\\1", text)


def link_titles(body: str) -> list[str]:
    return [" ".join(match.group(1).split()) for match in LINK_RE.finditer(body or "")]


def render_wiki_body(body: str, space):
    """render_body (Markdown, @mentions, #topics, sanitised) after turning [[links]] into Markdown links.
    One query finds every linked page, whatever the number of links."""
    titles = link_titles(body)
    existing = {}
    if titles:
        keys = {title_key(t) for t in titles}
        pages = WikiPage.objects.filter(space=space, title_key__in=keys).values_list("title_key", "path")
        existing = {key: page_url(space, path) for key, path in pages}

    def replace(match):
        title = " ".join(match.group(1).split())
        label = _escape(" ".join((match.group(2) or title).split()))
        url = existing.get(title_key(title)) or _create_url(space, title)
        return f"[{label}](<{url}>)"

    return render_body(LINK_RE.sub(replace, body or ""))
