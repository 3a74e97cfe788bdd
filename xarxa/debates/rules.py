"""Who may steer a debate: its author, or whoever moderates where it lives."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.content.rules import can_moderate_content, can_read_content
from xarxa.core.rulebook import rule


@rules.predicate
def is_debate_author(user, debate):
    return user.is_authenticated and debate is not None and debate.content.author_id == user.pk


@rules.predicate
def moderates_debate(user, debate):
    return debate is not None and bool(can_moderate_content(user, debate.content))


@rules.predicate
def can_read_debate(user, debate):
    return debate is not None and bool(can_read_content(user, debate.content))


can_mark_useful_answer = can_read_debate & (is_debate_author | moderates_debate)
can_close_debate = can_read_debate & (is_debate_author | moderates_debate)
can_edit_debate = can_read_debate & is_debate_author

rule("debates.mark_useful_answer", can_mark_useful_answer,
     _("Only the author of the debate or a moderator can choose the most useful answer."))
rule("debates.close_debate", can_close_debate, _("Only the author of the debate or a moderator can close it."))
rule("debates.edit_debate", can_edit_debate, _("Only the author can edit this debate."))
rule("debates.publish_debate", is_debate_author, _("Only the author can publish this debate."))
rule("debates.reopen_debate", can_close_debate, _("Only the author of the debate or a moderator can reopen it."))
