"""Who may do what in the lab, each with the refusal a member reads (core.rulebook). Reading a challenge is
reading its base row (content.rules); reading a project is reading inside its space (spaces.rules)."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post, is_moderator
from xarxa.content.rules import can_read_content
from xarxa.core.rulebook import rule
from xarxa.spaces.rules import can_read_space_content


@rules.predicate
def is_verified_with_organisation(user):
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile is not None and profile.is_verified_employee and profile.organisation_id is not None


@rules.predicate
def owns_challenge(user, challenge):
    return user.is_authenticated and challenge is not None and challenge.content.author_id == user.pk


@rules.predicate
def can_read_challenge(user, challenge):
    return challenge is not None and bool(can_read_content(user, challenge.content))


@rules.predicate
def can_read_project(user, project):
    return project is not None and bool(can_read_space_content(user, project.space))


@rules.predicate
def is_team_member(user, project):
    if not user.is_authenticated or project is None:
        return False
    cache = project.__dict__.setdefault("_team_cache", {})
    if user.pk not in cache:
        cache[user.pk] = project.team.members.filter(user=user).exists()
    return cache[user.pk]


@rules.predicate
def is_mentor(user, project):
    if not user.is_authenticated or project is None:
        return False
    cache = project.__dict__.setdefault("_mentor_cache", {})
    if user.pk not in cache:
        cache[user.pk] = project.mentors.filter(pk=user.pk).exists()
    return cache[user.pk]


@rules.predicate
def owns_projects_challenge(user, project):
    return project is not None and bool(owns_challenge(user, project.challenge))


can_post_challenge = can_post & is_verified_with_organisation
can_edit_challenge = can_read_challenge & owns_challenge
can_review_challenge = is_moderator

rule("lab.post_challenge", can_post_challenge,
     _("Only verified public employees whose profile names their organisation can post a challenge on its "
       "behalf."))
rule("lab.edit_challenge", can_edit_challenge, _("Only the member who posted the challenge can edit it."))
rule("lab.review_challenge", can_review_challenge, _("Only the network's moderators review challenges."))
rule("lab.take_part", can_post & can_read_challenge,
     _("Confirm your e-mail address to take part in the lab's challenges."))
rule("lab.decide_applications", can_read_challenge & owns_challenge,
     _("Only the member who posted the challenge selects the teams."))
rule("lab.read_project", can_read_project, _("This project is private to its team and mentors."))
rule("lab.work_on_project", can_read_project & is_team_member, _("Only the project's team can do this."))
rule("lab.mentor_project", can_read_project & is_mentor,
     _("Only the project's mentors can approve a stage or send it back."))
rule("lab.assign_mentors", can_read_project & owns_projects_challenge,
     _("Only the member who posted the challenge assigns the mentors."))
rule("lab.stop_project", can_read_project & (is_mentor | owns_projects_challenge),
     _("Only the project's mentors and the challenge's owner can stop a project."))
rule("lab.transfer_project", can_read_project & owns_projects_challenge,
     _("Only the member who posted the challenge evaluates the result and transfers it to the library."))
