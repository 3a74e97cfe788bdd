"""The comment block every kind's page shows under its item, kept out of views so each kind's views
(and the generic kind views) can use it without importing another app's views."""

from xarxa.content import kinds
from xarxa.content import rules as content_rules
from xarxa.content.forms import CommentForm
from xarxa.content.threads import attach_reaction_buttons, load_threads, mark_depths


def comments_context(request, content, cursor=None):
    """Threads, forms and permissions for the comment block of any kind's page (a fixed number of queries)."""
    user = request.user
    page = load_threads(content, cursor=cursor)
    mark_depths(page.roots)
    attach_reaction_buttons(user, contents=[content], comments=page.comments)
    context = {
        "content": content,
        "threads": page.roots,
        "next_cursor": page.next_cursor,
        "can_reply": bool(content_rules.can_reply_to_content(user, content)),
        "can_react": bool(content_rules.can_react_to_content(user, content)),
        "can_flag": bool(content_rules.can_flag_content(user, content)),
        "can_moderate": bool(content_rules.can_moderate_content(user, content)),
        "reply_form": CommentForm(),
    }
    context.update(kinds.comment_context(content, user))
    return context
