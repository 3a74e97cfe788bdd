"""{% comment_tree comments %}: a page of replies, each with the replies under it, in one pass.

A 50-reply page rendered through one include per reply (and more per reaction bar, reply box and kind badge)
spent most of its CPU in template nodes: some 250 includes, 200 {% url %} and 800 {% if %} per page
(bench/pages.py, issue 13). Here each reply is two parts:

- what every reader sees alike (the author's avatar and name, the body) comes from
  content/_comment_fragment.html, kept in the cache per reply under a key made of the reply's id, a digest
  of everything the fragment shows, and the language: a changed reply or author makes a new key, so there
  is nothing to invalidate. Nothing of the reader goes into it;
- what belongs to the reader (the time, the reaction bar with the reactions they gave, reply box, edit,
  delete, report, moderate, the kind's own actions) is written here, around the fragment, from addresses
  reversed once per page and a reply box rendered once per page.
"""

import zlib

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

FRAGMENT_VERSION = 1  # bump when content/_comment_fragment.html changes shape
FRAGMENT_SECONDS = 24 * 3600
_MARK = "2147480001"  # stands for a reply's id in the addresses and the reply box built once per page


def fragment_key(comment, language) -> str:
    """The cache key of a reply's shared fragment: its id, a digest of what the fragment shows, the language."""
    author = comment.author
    profile = getattr(author, "profile", None) if author is not None else None
    shown = "\x1f".join(map(str, (
        comment.author_id, author.username if author else "", author.display_name if author else "",
        profile.photo.name if profile is not None and profile.photo else "", profile.initials if profile else "",
        comment.is_deleted, comment.body_html)))
    return f"comment-fragment:{FRAGMENT_VERSION}:{comment.pk}:{language}:{zlib.crc32(shown.encode()):08x}"


class _Page:
    """What is the same for every reply on the page: the reader's permissions, addresses, texts."""

    def __init__(self, context):
        self.context = context
        self.content = context["content"]
        user = context.get("user")
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        self.can_reply = bool(context.get("can_reply")) and not self.content.is_locked
        self.can_react = bool(context.get("can_react"))
        self.can_flag = bool(context.get("can_flag"))
        self.can_moderate = bool(context.get("can_moderate"))
        token = context.get("csrf_token")
        self.csrf = (mark_safe(f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">')
                     if token and token != "NOTPROVIDED" else "")
        self.urls = {name: reverse(f"content:{name}", args=[_MARK])
                     for name in ("edit_comment", "delete_comment", "flag_comment", "moderate_comment",
                                  "react_comment")}
        self.texts = {
            "reply": _("Reply"), "edit": _("Edit"), "delete": _("Delete"), "confirm": _("Delete this reply?"),
            "report": _("Report"), "restore": _("Restore"), "hide": _("Hide"), "edited": _("edited"),
            "deleted": _("This reply was deleted by its author."),
            "hidden": _("This reply was hidden by a moderator."),
            "hidden_badge": _("Hidden by a moderator: only moderators see this."),
        }
        self.reply_box = self._reply_box() if self.can_reply else ""
        name = context.get("comment_actions_template")
        self.kind_actions = get_template(name).template if name else None
        self.language = get_language()
        self.fragment = get_template("content/_comment_fragment.html").template

    def url(self, name, pk):
        return self.urls[name].replace(_MARK, str(pk))

    def _reply_box(self):
        """The reply form under each reply, rendered once with a stand-in id."""
        form = get_template("content/_comment_form.html").template
        with self.context.push(parent_id=_MARK, oob=False):
            html = form.render(self.context)
        return (f'<details class="reply-box">\n            <summary>{escape(self.texts["reply"])}</summary>\n'
                f'            {html}\n          </details>')

    def fragments(self, comments):
        """Each visible reply's shared fragment, from the cache or rendered (and stored) now."""
        keys = {comment.pk: fragment_key(comment, self.language) for comment in comments}
        found = cache.get_many(keys.values()) if keys else {}
        missing = {}
        by_pk = {comment.pk: comment for comment in comments}
        for pk, key in keys.items():
            if key not in found:
                with self.context.push(comment=by_pk[pk]):
                    found[key] = missing[key] = self.fragment.render(self.context)
        if missing:
            cache.set_many(missing, FRAGMENT_SECONDS)
        return {pk: found[key] for pk, key in keys.items()}

    def kind_part(self, comment, part):
        if self.kind_actions is None:
            return ""
        with self.context.push(comment=comment, part=part):
            return self.kind_actions.render(self.context)


def _walk(comments):
    for comment in comments:
        yield comment
        yield from _walk(getattr(comment, "children", ()))


def _reactions(page, comment):
    pk = comment.pk
    buttons = getattr(comment, "reaction_buttons", ())
    parts = [f'<div class="reactions" id="reactions-comment-{pk}">\n  ']
    if page.can_react:
        url = page.url("react_comment", pk)
        parts.append(f'<form method="post" action="{url}"\n        hx-post="{url}"\n'
                     f'        hx-target="#reactions-comment-{pk}" hx-swap="outerHTML">\n    {page.csrf}\n')
        for button in buttons:
            given = " is-given" if button.given else ""
            parts.append(f'      <button type="submit" name="kind" value="{button.kind}" class="reaction{given}" '
                         f'aria-pressed="{"true" if button.given else "false"}">{escape(button.label)} '
                         f'<span class="reaction-count">{button.count}</span></button>\n')
        parts.append("  </form>\n")
    else:
        shown = "".join(f'<span class="reaction-static">{escape(b.label)} {b.count}</span> '
                        for b in buttons if b.count)
        parts.append(f'  <p class="small">{shown}</p>\n')
    parts.append("</div>")
    return "".join(parts)


def _actions(page, comment):
    pk, texts = comment.pk, page.texts
    mine = page.user_id is not None and comment.author_id == page.user_id
    parts = []
    if page.can_reply and not comment.is_hidden:
        parts.append(page.reply_box.replace(_MARK, str(pk)))
    if mine and not comment.is_hidden:
        parts.append(f'<a href="{page.url("edit_comment", pk)}">{escape(texts["edit"])}</a>')
    if mine or page.can_moderate:
        url = page.url("delete_comment", pk)
        parts.append(f'<form method="post" action="{url}" class="inline-form"\n'
                     f'                hx-post="{url}" hx-target="#comment-{pk}" hx-swap="outerHTML"\n'
                     f'                hx-confirm="{escape(texts["confirm"])}">\n'
                     f'            {page.csrf}<button type="submit" class="link-button">{escape(texts["delete"])}'
                     f'</button>\n          </form>')
    if page.can_flag and not mine:
        parts.append(f'<a href="{page.url("flag_comment", pk)}">{escape(texts["report"])}</a>')
    if page.can_moderate:
        action, label = ("restore", texts["restore"]) if comment.is_hidden else ("hide", texts["hide"])
        parts.append(f'<form method="post" action="{page.url("moderate_comment", pk)}" class="inline-form">\n'
                     f'            {page.csrf}\n            <input type="hidden" name="action" value="{action}">\n'
                     f'            <button type="submit" class="link-button">{escape(label)}</button>\n'
                     f'          </form>')
    parts.append(page.kind_part(comment, "actions"))
    return "\n        ".join(part for part in parts if part)


def _comment(page, comment, fragments, out):
    pk, texts = comment.pk, page.texts
    hidden = " is-hidden" if comment.is_hidden else ""
    author, body = fragments[pk].split("<!--body-->", 1)
    out.append(f'<li id="comment-{pk}" class="comment depth-{getattr(comment, "depth", 0) or 0}{hidden}">\n'
               f'  <article aria-labelledby="comment-author-{pk}">\n    <header class="comment-header">\n      ')
    out.append(author)
    at = localtime(comment.created_at)
    out.append(f'\n      <a class="small" href="#comment-{pk}"><time datetime="{at.isoformat()}">'
               f'{escape(naturaltime(comment.created_at))}</time></a>\n')
    if comment.edited_at:
        out.append(f'      <span class="small">· {escape(texts["edited"])}</span>\n')
    out.append(page.kind_part(comment, "badge"))
    out.append("\n    </header>\n    ")
    if comment.is_deleted:
        out.append(f'<p class="comment-placeholder">{escape(texts["deleted"])}</p>')
    elif comment.is_hidden and not page.can_moderate:
        out.append(f'<p class="comment-placeholder">{escape(texts["hidden"])}</p>')
    else:
        if comment.is_hidden:
            out.append(f'<p class="badge badge-warning">{escape(texts["hidden_badge"])}</p>\n      ')
        out.append(body)
        out.append("\n      ")
        out.append(_reactions(page, comment))
        out.append(f'\n      <div class="comment-actions">\n        {_actions(page, comment)}\n      </div>')
    out.append(f'\n  </article>\n  <ol id="replies-{pk}" class="replies">\n    ')
    for child in getattr(comment, "children", ()):
        _comment(page, child, fragments, out)
    out.append("\n  </ol>\n</li>\n")


@register.simple_tag(takes_context=True)
def comment_tree(context, comments):
    """The replies `comments` (a list, or one reply) with the replies under each, for the reader in `context`
    (content, user, can_reply, can_react, can_flag, can_moderate, csrf_token, reply_form, and the kind's
    comment_actions_template with what it reads)."""
    if not isinstance(comments, list | tuple):
        comments = [comments]
    if not comments:
        return ""
    page = _Page(context)
    everything = list(_walk(comments))
    fragments = page.fragments(everything)
    out = []
    for comment in comments:
        _comment(page, comment, fragments, out)
    return mark_safe("".join(out))

