"""Who may edit wiki pages: in a group, its members who may post; in the open wiki, any member who may
post. A protected page only by moderators (of the group, or of the network for the open wiki)."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post
from xarxa.content.rules import can_moderate_content, can_read_content
from xarxa.core.rulebook import rule
from xarxa.spaces import rules as space_rules


def can_write_in_wiki(user, space):
    if space is None:
        return bool(can_post(user))
    return bool(space_rules.can_post_in_space(user, space))


@rules.predicate
def can_read_page(user, page):
    return page is not None and bool(can_read_content(user, page.content))


@rules.predicate
def moderates_page(user, page):
    return page is not None and bool(can_moderate_content(user, page.content))


@rules.predicate
def may_write_there(user, page):
    return page is not None and can_write_in_wiki(user, page.content.space)


@rules.predicate
def is_unprotected(_user, page):
    return page is not None and not page.is_protected


can_edit_page = can_read_page & may_write_there & (is_unprotected | moderates_page)
can_protect_page = can_read_page & moderates_page

def edit_refusal(page):
    if page is not None and page.is_protected:
        return _("This page is protected: only moderators can edit it.")
    return _("Only members who can post here can edit this wiki.")


rule("wikis.edit_page", can_edit_page, edit_refusal)
rule("wikis.protect_page", can_protect_page, _("Only moderators can protect pages."))
