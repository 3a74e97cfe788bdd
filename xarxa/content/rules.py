"""One predicate per decision about content and what attaches to it, each named in the rule book
(xarxa/core/rulebook.py) with the refusal a member sees.

can_read_content mirrors ContentQuerySet.visible_to; the visibility tests check both agree.
"""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post, is_approved_member, is_moderator
from xarxa.core.rulebook import rule
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
    if content is None or content.status == content.Status.DELETED:
        return False
    if content.is_private:  # a draft is its author's alone: not even staff or moderators read it
        return bool(is_content_author(user, content)) and (user.is_staff or _space_readable(user, content.space))
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


can_publish_content = is_content_author & may_post_where  # they may have left the group meanwhile
can_delete_content = is_content_author | can_moderate_content
can_see_moderated_text = is_content_author | can_moderate_content

rule("content.read", can_read_content, _("This page does not exist or you cannot see it."))
rule("content.edit", can_edit_content, _("Only the author can edit this."))
rule("content.publish", can_publish_content & can_read_content, _("Only the author can publish this."))
rule("content.delete", can_delete_content & can_read_content, _("Only the author or a moderator can delete this."))
rule("content.reply", can_reply_to_content, _("You cannot reply here."))
rule("content.react", can_react_to_content, _("You cannot react here."))
rule("content.flag", can_flag_content, _("You cannot report this."))
rule("content.report_item", can_flag_content & ~is_content_author, _("You cannot report your own post."))
rule("content.attach", can_attach_to_content, _("Only the author can attach files."))
rule("content.remove_attachment", (is_content_author | can_moderate_content) & can_read_content,
     _("Only the author can remove attachments."))
rule("content.moderate", can_moderate_content & can_read_content, _("Only moderators can do this."))
rule("content.hide", can_moderate_content & can_read_content, _("Only moderators can do this."))
rule("content.restore", can_moderate_content & can_read_content, _("Only moderators can do this."))
# The author may always add versions of their own item; anyone else must be able to read it (not a draft).
rule("content.translate", can_translate_content & (is_content_author | can_read_content),
     _("Only the author or a translator of this group can add versions."))
rule("content.see_moderated_text", can_see_moderated_text, _("Only the author and moderators can see this."))
rule("content.see_network_queue", can_see_network_queue, _("Only moderators can see reports."))
rule("comment.edit", can_edit_comment, _("Only the author can edit this reply."))
rule("comment.delete", can_delete_comment, _("You cannot delete this reply."))
rule("comment.hide", can_moderate_comment, _("Only moderators can do this."))
rule("comment.restore", can_moderate_comment, _("Only moderators can do this."))


@rules.predicate
def can_handle_flag(user, flag):
    return flag is not None and bool(can_moderate_content(user, flag.content))


rule("flag.uphold", can_handle_flag, _("Only moderators can do this."))
rule("flag.dismiss", can_handle_flag, _("Only moderators can do this."))
