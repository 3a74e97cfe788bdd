"""One predicate per decision about content and what attaches to it.

can_read_content mirrors ContentQuerySet.visible_to; the visibility tests check both agree.
"""

import rules

from xarxa.accounts.rules import can_post, is_approved_member, is_moderator
from xarxa.spaces import rules as space_rules


def _space_readable(user, space):
    return space is None or space_rules.can_read_space_content(user, space)


@rules.predicate
def is_content_author(user, content):
    return user.is_authenticated and content is not None and content.author_id == user.pk


@rules.predicate
def can_moderate_content(user, content):
    if content is None or not user.is_authenticated:
        return False
    if content.space_id is None:
        return bool(is_moderator(user))
    return bool(space_rules.can_moderate_space(user, content.space))


@rules.predicate
def can_read_content(user, content):
    if content is None:
        return False
    if user.is_authenticated and user.is_staff:
        return True
    if not _space_readable(user, content.space):
        return False
    return content.is_published or is_content_author(user, content) or can_moderate_content(user, content)


@rules.predicate
def may_post_where(user, content):
    """Posting in a space needs membership there; in the open network, an account that may post."""
    if content is None or content.space_id is None:
        return bool(can_post(user))
    return bool(space_rules.can_post_in_space(user, content.space))


@rules.predicate
def is_open_for_replies(user, content):
    return content is not None and content.is_published and not content.is_locked


@rules.predicate
def can_translate_content(user, content):
    if content is None or not user.is_authenticated:
        return False
    item = content.item
    if item.author_id == user.pk:
        return True
    if item.space_id is None:
        return bool(is_moderator(user))
    return bool(space_rules.can_translate_in_space(user, item.space))


can_edit_content = is_content_author & can_read_content
# The form is shown to whoever may post; locking is reported by the service with a clear message.
can_reply_to_content = can_read_content & may_post_where
can_react_to_content = is_approved_member & can_read_content
can_flag_content = is_approved_member & can_read_content
can_attach_to_content = is_content_author & may_post_where


@rules.predicate
def is_comment_author(user, comment):
    return user.is_authenticated and comment is not None and comment.author_id == user.pk


@rules.predicate
def can_edit_comment(user, comment):
    return bool(is_comment_author(user, comment)) and comment.is_visible and can_read_content(user, comment.content)


@rules.predicate
def can_delete_comment(user, comment):
    if comment is None or comment.is_deleted:
        return False
    return bool(is_comment_author(user, comment) or can_moderate_content(user, comment.content))


@rules.predicate
def can_moderate_comment(user, comment):
    return comment is not None and bool(can_moderate_content(user, comment.content))


@rules.predicate
def can_see_network_queue(user):
    return bool(is_moderator(user))


rules.add_perm("content.read_content", can_read_content)
rules.add_perm("content.edit_content", can_edit_content)
rules.add_perm("content.reply_to_content", can_reply_to_content)
rules.add_perm("content.react_to_content", can_react_to_content)
rules.add_perm("content.flag_content", can_flag_content)
rules.add_perm("content.attach_to_content", can_attach_to_content)
rules.add_perm("content.moderate_content", can_moderate_content)
rules.add_perm("content.translate_content", can_translate_content)
rules.add_perm("content.edit_comment", can_edit_comment)
rules.add_perm("content.delete_comment", can_delete_comment)
rules.add_perm("content.moderate_comment", can_moderate_comment)
rules.add_perm("content.see_network_queue", can_see_network_queue)
