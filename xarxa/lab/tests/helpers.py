"""A small lab world for the tests: members of the four sectors, a moderator, a challenge and its steps."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from xarxa.accounts.models import Profile
from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.lab import services
from xarxa.organisations.models import Organisation


def member(kind=Organisation.Kind.ADMINISTRATION, *, verified=True, country="ES", **profile):
    level = Organisation.Level.LOCAL if kind == Organisation.Kind.ADMINISTRATION else ""
    organisation = OrganisationFactory(kind=kind, country=country, level=level)
    user = UserFactory()
    Profile.objects.filter(user=user).update(
        organisation=organisation, verification=Profile.Verification.MODERATOR if verified else "", **profile)
    user.refresh_from_db()
    user.profile.refresh_from_db()
    return user


def moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


def challenge_arguments(**overrides):
    today = timezone.localdate()
    arguments = {
        "title": "Fewer queues at the town hall", "body": "People wait two hours to register a birth.",
        "language": "en", "topics": [], "goals": [16, 11], "context": "A town of 40,000.",
        "affected": "Families", "data_available": "https://data.example.org/queues.csv",
        "data_licence": "cc-by-4.0", "constraints": "GDPR", "expected_impact": "Half the waiting time",
        "support_mentors": True, "support_data": True, "support_pilot": False, "support_notes": "",
        "opens_on": today - datetime.timedelta(days=1), "closes_on": today + datetime.timedelta(days=30),
        "team_count": 2, "min_sectors": 2, "questions": "Why your team?\nWhat would you build?",
    }
    arguments.update(overrides)
    return arguments


def approved_challenge(owner=None, **overrides):
    owner = owner or member()
    challenge = services.create_challenge(owner, **challenge_arguments(**overrides))
    services.approve_challenge(moderator(), challenge)
    challenge.refresh_from_db()
    return challenge


def mixed_team(challenge, name="Team A"):
    """An applicant from academia with a colleague from the private sector: two sectors."""
    lead, colleague = member(Organisation.Kind.UNIVERSITY), member(Organisation.Kind.COMPANY)
    application = services.apply(lead, challenge, team_name=name, usernames=[colleague.username],
                                 answers=["We know queues.", "A booking app."])
    return application, lead, colleague


def selected_project(challenge=None, *, private=False):
    from xarxa.spaces.models import Space

    challenge = challenge or approved_challenge()
    application, lead, colleague = mixed_team(challenge)
    owner = challenge.content.author
    visibility = Space.Visibility.PRIVATE if private else Space.Visibility.PUBLIC
    project = services.decide_application(owner, application, select=True, message="Welcome!",
                                          visibility=visibility)
    mentor = member()
    services.assign_mentor(owner, project, mentor)
    return project, owner, lead, mentor


def hand_in(project, user):
    from xarxa.lab.models import DELIVERABLE_FIELDS

    fields = {name: ("https://example.org/proto" if name.endswith("_link") else f"{name} text")
              for name, _label in DELIVERABLE_FIELDS[project.stage]}
    return services.save_deliverable(user, project, fields=fields)


def advance(project, lead, mentor):
    """Hand in the stage's deliverable, ask for review, and the mentor passes the gate."""
    hand_in(project, lead)
    services.ask_for_review(lead, project)
    services.pass_gate(mentor, project, project.next_stage, "Good work")
    return project
