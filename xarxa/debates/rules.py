"""Who may steer a debate: its author, or whoever moderates where it lives."""

import rules

from xarxa.content.rules import can_moderate_content, can_read_content


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

rules.add_perm("debates.mark_useful_answer", can_mark_useful_answer)
rules.add_perm("debates.close_debate", can_close_debate)
rules.add_perm("debates.edit_debate", can_edit_debate)
