"""Bad input in the lab: each gets a clear, translated reason and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from xarxa.lab.models import Application, LogEntry, Project, Team
from xarxa.lab.tests.helpers import approved_challenge, hand_in, member, selected_project
from xarxa.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ANSWERS = {"answer_0": "Because.", "answer_1": "An app."}


def apply(client, challenge, lead, colleague):
    client.force_login(lead)
    return client.post(reverse("lab:apply", args=[challenge.pk]),
                       {"team_name": "Solo", "usernames": colleague.username, **ANSWERS}, HTTP_ACCEPT_LANGUAGE="en")


def test_a_team_of_one_sector_is_refused(client):
    challenge = approved_challenge()
    response = apply(client, challenge, member(Organisation.Kind.UNIVERSITY), member(Organisation.Kind.UNIVERSITY))
    assert response.status_code == 400
    assert "must mix at least 2 sectors" in response.content.decode()
    assert not Team.objects.exists() and not Application.objects.exists()


def test_a_team_with_the_minimum_the_challenge_set_is_taken(client):
    challenge = approved_challenge(min_sectors=3)
    lead, colleague = member(Organisation.Kind.UNIVERSITY), member(Organisation.Kind.COMPANY)
    assert "at least 3 sectors" in apply(client, challenge, lead, colleague).content.decode()
    third = member(Organisation.Kind.NONPROFIT)
    client.post(reverse("lab:apply", args=[challenge.pk]),
                {"team_name": "Three", "usernames": f"{colleague.username}, {third.username}", **ANSWERS})
    assert Team.objects.get().members.count() == 3


def test_an_application_after_the_deadline_is_refused(client):
    today = timezone.localdate()
    challenge = approved_challenge(opens_on=today - datetime.timedelta(days=10),
                                   closes_on=today - datetime.timedelta(days=1))
    response = apply(client, challenge, member(Organisation.Kind.UNIVERSITY), member(Organisation.Kind.COMPANY))
    assert "Applications closed on" in response.content.decode()
    assert not Team.objects.exists()


def test_the_deadline_refusal_is_in_the_members_language(client):
    today = timezone.localdate()
    challenge = approved_challenge(closes_on=today - datetime.timedelta(days=1),
                                   opens_on=today - datetime.timedelta(days=5))
    from xarxa.lab import services

    with translation.override("en"):
        english = _refusal(services, challenge)
    with translation.override("es"):
        spanish = _refusal(services, challenge)
    assert english.startswith("Applications closed on") and spanish != english


def _refusal(services, challenge):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.check_call_open(challenge)
    return error.value.messages[0]


def test_skipping_a_stage_is_refused_and_changes_nothing(client):
    project, _owner, lead, mentor = selected_project()
    hand_in(project, lead)
    client.force_login(lead)
    client.post(reverse("lab:ask_review", args=[project.space.slug]))
    client.force_login(mentor)
    response = client.post(reverse("lab:gate", args=[project.space.slug]),
                           {"decision": "pass", "to_stage": "prototype"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "A project moves one stage at a time" in response.content.decode()
    project.refresh_from_db()
    assert (project.stage, project.gate) == ("discover", "submitted")
    assert not LogEntry.objects.filter(project=project, event="approved").exists()


def test_a_non_mentor_approving_a_gate_is_refused_and_changes_nothing(client):
    project, owner, lead, _mentor = selected_project()
    hand_in(project, lead)
    client.force_login(lead)
    client.post(reverse("lab:ask_review", args=[project.space.slug]))
    for someone in (lead, owner, member()):
        client.force_login(someone)
        response = client.post(reverse("lab:gate", args=[project.space.slug]),
                               {"decision": "pass", "to_stage": "define"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert "Only the project&#x27;s mentors can approve a stage" in response.content.decode()
    project.refresh_from_db()
    assert (project.stage, project.gate) == ("discover", "submitted")


def test_asking_for_review_without_a_deliverable_is_refused(client):
    project, _owner, lead, _mentor = selected_project()
    client.force_login(lead)
    response = client.post(reverse("lab:ask_review", args=[project.space.slug]), HTTP_ACCEPT_LANGUAGE="en",
                           follow=True)
    assert "Hand in this stage&#x27;s deliverable" in response.content.decode()
    assert Project.objects.get(pk=project.pk).gate == "open"


def test_a_stopped_project_keeps_its_lessons_and_takes_no_more_stages(client):
    project, owner, lead, mentor = selected_project()
    client.force_login(mentor)
    client.post(reverse("lab:stop", args=[project.space.slug]), {"lessons": "The data was not there."})
    project.refresh_from_db()
    assert project.stage == "stopped" and project.lessons == "The data was not there."
    client.force_login(lead)
    response = client.post(reverse("lab:ask_review", args=[project.space.slug]), HTTP_ACCEPT_LANGUAGE="en",
                           follow=True)
    assert "This project has ended." in response.content.decode()


def test_more_teams_than_the_challenge_takes_are_refused(client):
    from xarxa.lab.tests.helpers import mixed_team

    challenge = approved_challenge(team_count=1)
    first, _, _ = mixed_team(challenge, "One")
    second, _, _ = mixed_team(challenge, "Two")
    client.force_login(challenge.content.author)
    client.post(reverse("lab:decide", args=[first.pk]), {"decision": "select"})
    response = client.post(reverse("lab:decide", args=[second.pk]), {"decision": "select"},
                           HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "This challenge takes 1 team, and it is already selected." in response.content.decode()
    assert Application.objects.get(pk=second.pk).state == "submitted"


def test_testers_answer_only_while_the_prototype_is_tested(client):
    from xarxa.lab.models import TesterInvitation

    project, _owner, lead, _mentor = selected_project()
    invitation = TesterInvitation.objects.create(project=project, created_by=lead)
    response = client.post(reverse("lab:tester", args=[invitation.token]), {"ease": "3", "usefulness": "3"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "not being tested any more" in response.content.decode()
    assert not project.tester_feedback.exists()
