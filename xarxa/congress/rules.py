"""One predicate per congress decision. Who may see or read an edition is its space's rule; the
congress adds its organisers (the space's owners and administrators) and its programme committee."""

import rules

from xarxa.congress.models import CommitteeMember
from xarxa.spaces import rules as space_rules


def _space(edition):
    return edition.space if edition is not None else None


@rules.predicate
def can_view_edition(user, edition):
    return bool(space_rules.can_view_space(user, _space(edition)))


@rules.predicate
def can_read_edition(user, edition):
    return bool(space_rules.can_read_space_content(user, _space(edition)))


@rules.predicate
def is_organiser(user, edition):
    return bool(space_rules.can_manage_space(user, _space(edition)))


@rules.predicate
def is_committee_member(user, edition):
    if edition is None or not user.is_authenticated:
        return False
    cache = edition.__dict__.setdefault("_committee_cache", {})
    if user.pk not in cache:
        cache[user.pk] = CommitteeMember.objects.filter(edition=edition, user=user).exists()
    return cache[user.pk]


can_organise = is_organiser
# Organisers sit on the committee without a row of their own.
can_act_as_committee = is_organiser | (is_committee_member & can_read_edition)

rules.add_perm("congress.view_edition", can_view_edition)
rules.add_perm("congress.read_edition", can_read_edition)
rules.add_perm("congress.organise", can_organise)
rules.add_perm("congress.committee", can_act_as_committee)
