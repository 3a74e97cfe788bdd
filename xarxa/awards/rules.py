"""One predicate per awards decision, with the refusal a member reads. Who may read an edition and who
organises it are the congress's rules (the edition's space): the awards add stages, nominees and the jury."""

import rules
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post
from xarxa.awards.models import Nomination, Stage, Voters
from xarxa.congress import rules as congress_rules
from xarxa.core.rulebook import rule


def _stage_is(stage):
    @rules.predicate
    def predicate(_user, category):
        return category is not None and category.stage == stage
    return predicate


@rules.predicate
def can_read_category(user, category):
    return category is not None and bool(congress_rules.can_read_edition(user, category.edition))


@rules.predicate
def is_category_organiser(user, category):
    return category is not None and bool(congress_rules.is_organiser(user, category.edition))


@rules.predicate
def is_nomination_organiser(user, nomination):
    return nomination is not None and bool(is_category_organiser(user, nomination.category))


@rules.predicate
def is_nominee(user, nomination):
    return user.is_authenticated and nomination is not None and nomination.nominee_id == user.pk


@rules.predicate
def is_nominator(user, nomination):
    return user.is_authenticated and nomination is not None and nomination.content.author_id == user.pk


@rules.predicate
def nomination_is_open(_user, nomination):
    return (nomination is not None and nomination.category.stage == Stage.NOMINATIONS
            and nomination.status in (Nomination.Status.PROPOSED, Nomination.Status.ACCEPTED))


@rules.predicate
def nomination_awaits_answer(_user, nomination):
    return nomination is not None and nomination.status in (Nomination.Status.PROPOSED, Nomination.Status.ACCEPTED) \
        and not nomination.category.is_past(Stage.NOMINATIONS)


@rules.predicate
def meets_the_voter_condition(user, category):
    """Verified public employees only, or every member with a confirmed e-mail address (can_post)."""
    if category is None or not user.is_authenticated:
        return False
    if category.voters == Voters.VERIFIED:
        profile = getattr(user, "profile", None)
        return profile is not None and profile.is_verified_employee
    return True


@rules.predicate
def is_juror(user, category):
    if category is None or not user.is_authenticated:
        return False
    cache = category.__dict__.setdefault("_juror_cache", {})
    if user.pk not in cache:
        cache[user.pk] = category.jury.filter(user=user).exists()
    return cache[user.pk]


@rules.predicate
def is_jury_chair(user, category):
    return category is not None and user.is_authenticated and category.jury.filter(user=user, is_chair=True).exists()


@rules.predicate
def has_conflict(user, nomination):
    """A juror from the nominee's organisation (or the nominee's own), the nominee, the nominator, or a
    declared conflict."""
    from xarxa.awards.jury import is_conflicted

    return nomination is not None and user.is_authenticated and is_conflicted(user, nomination)


@rules.predicate
def is_nomination_juror(user, nomination):
    return nomination is not None and bool(is_juror(user, nomination.category))


@rules.predicate
def nomination_is_finalist(_user, nomination):
    return nomination is not None and nomination.status == Nomination.Status.FINALIST


@rules.predicate
def jury_is_deliberating(_user, nomination):
    return nomination is not None and nomination.category.stage == Stage.JURY


def signed_in_with_two_factors(user) -> bool:
    """allauth asks for the second factor at every sign-in of an account that has one: a signed-in member
    with an authenticator has passed it."""
    return user.is_authenticated and Authenticator.objects.filter(
        user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)).exists()


can_nominate = can_post & can_read_category & _stage_is(Stage.NOMINATIONS)
can_edit_nomination = is_nominator & nomination_is_open
can_answer_nomination = is_nominee & nomination_awaits_answer
can_vote = can_post & can_read_category & _stage_is(Stage.VOTE) & meets_the_voter_condition
can_see_jury_nominee = is_nomination_juror & nomination_is_finalist & ~has_conflict
can_score = can_see_jury_nominee & jury_is_deliberating

rule("awards.organise", is_category_organiser, refusal=_("Only the edition's organisers can do this."))
rule("awards.organise_nomination", is_nomination_organiser, refusal=_("Only the edition's organisers can do this."))
rule("awards.read", can_read_category, refusal=_("Only the members of this edition can read its awards."))
rule("awards.nominate", can_nominate,
     refusal=_("Nominations are taken from members with a confirmed e-mail address while they are open."))
rule("awards.edit_nomination", can_edit_nomination,
     refusal=_("A nomination can be changed by whoever made it while nominations are open."))
rule("awards.answer_nomination", can_answer_nomination,
     refusal=_("Only the nominee answers a nomination, while nominations are open."))
rule("awards.vote", can_vote, refusal=_("Votes are given during the public vote, by members who may vote."))
rule("awards.judge", is_juror, refusal=_("Only the category's jury can do this."))
rule("awards.see_jury_nominee", can_see_jury_nominee,
     refusal=_("Jury members see the finalists they have no conflict of interest with."))
rule("awards.score", can_score,
     refusal=_("Jury members score the finalists they have no conflict of interest with, while the jury deliberates."))
rule("awards.break_tie", is_jury_chair, refusal=_("Only the jury's chair breaks a tie."))
