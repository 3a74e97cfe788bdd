"""Who may do what with blog posts. Reading is the base's rule (can_read_content)."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.content.rules import can_read_content, is_content_author, may_post_where
from xarxa.core.rulebook import rule


@rules.predicate
def is_post_author(user, post):
    return post is not None and bool(is_content_author(user, post.content))


@rules.predicate
def can_read_post(user, post):
    return post is not None and bool(can_read_content(user, post.content))


@rules.predicate
def may_still_post_there(user, post):
    return post is not None and bool(may_post_where(user, post.content))


can_edit_post = can_read_post & is_post_author & may_still_post_there

rule("blogs.edit_post", can_edit_post, _("Only the author can edit this post."))
rule("blogs.publish_post", can_edit_post, _("Only the author can publish this post."))
