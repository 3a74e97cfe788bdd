"""Bodies of content and comments: Markdown with @mentions and #topics turned into links.

Same renderer settings and sanitiser as xarxa.core.markdown; the only addition is a markdown-it
rule that links @username and #topic in plain text (never inside code or an existing link).
Only members and topics that exist are linked; the rest stays plain text.
"""

import re
from dataclasses import dataclass, field

import nh3
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token

from xarxa.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_][\w.+-]*[\w])|(?<![\w@/.])@([A-Za-z0-9_])")
TOPIC_RE = re.compile(r"(?<![\w&#/])#([^\W_][\w-]*)")
MAX_MENTIONS = 20
MAX_TOPIC_TAGS = 20


def _mention_name(match):
    return match.group(1) or match.group(2)


def find_candidates(source: str) -> tuple[list[str], list[str]]:
    """Usernames and topic slugs written in `source` (before checking that they exist)."""
    names, slugs = [], []
    for match in MENTION_RE.finditer(source or ""):
        name = _mention_name(match)
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    for match in TOPIC_RE.finditer(source or ""):
        slug = slugify(match.group(1))
        if slug and slug not in slugs:
            slugs.append(slug)
    return names[:MAX_MENTIONS], slugs[:MAX_TOPIC_TAGS]


def _split_text(content: str, env) -> list[Token]:
    """Text tokens and links for one plain-text run."""
    pattern = re.compile(f"{MENTION_RE.pattern}|{TOPIC_RE.pattern}")
    tokens, position = [], 0
    for match in pattern.finditer(content):
        name = match.group(1) or match.group(2)
        url = env["users"].get(name.lower()) if name else env["topics"].get(slugify(match.group(3)))
        if not url:
            continue
        if match.start() > position:
            tokens.append(_text(content[position:match.start()]))
        tokens.append(Token("link_open", "a", 1, attrs={"href": url}))
        tokens.append(_text(match.group(0)))
        tokens.append(Token("link_close", "a", -1))
        position = match.end()
    if position < len(content):
        tokens.append(_text(content[position:]))
    return tokens


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token


def _link_references(state):
    if not (state.env.get("users") or state.env.get("topics")):
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, inside_link = [], 0
        for token in block.children:
            if token.type == "link_open":
                inside_link += 1
            elif token.type == "link_close":
                inside_link -= 1
            if token.type == "text" and not inside_link:
                children.extend(_split_text(token.content, state.env))
            else:
                children.append(token)
        block.children = children


_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_renderer.core.ruler.push("xarxa_references", _link_references)


@dataclass
class RenderedBody:
    html: str
    mentioned: list = field(default_factory=list)  # User objects
    topics: list = field(default_factory=list)  # Topic objects


def _any_username(names):
    """Matches any of `names`, ignoring case (one query however many are mentioned)."""
    condition = Q()
    for name in names:
        condition |= Q(username__iexact=name)
    return condition


def render_body(source: str) -> RenderedBody:
    """Sanitised HTML for `source`, with the members it mentions and the topics it tags."""
    from xarxa.accounts.models import User
    from xarxa.topics.models import Topic

    names, slugs = find_candidates(source)
    users = list(User.objects.filter(_any_username(names), is_active=True)) if names else []
    topics = list(Topic.objects.filter(slug__in=slugs)) if slugs else []
    env = {
        "users": {u.username.lower(): reverse("accounts:profile", args=[u.username]) for u in users},
        "topics": {t.slug: t.get_absolute_url() for t in topics},
    }
    html = _renderer.render(source or "", env)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    html = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener noreferrer ugc")
    return RenderedBody(html=html, mentioned=users, topics=topics)
