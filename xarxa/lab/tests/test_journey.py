"""The lab's whole journey, as its members live it: an administration posts a challenge, the moderators
approve it, a mixed team applies, the owner selects it, mentors pass each gate, testers answer, and the
result lands in the library as a good practice."""

import pytest
from django.urls import reverse

from xarxa.content.models import Content
from xarxa.lab import services
from xarxa.lab.models import Application, LogEntry, Project, Stage
from xarxa.lab.tests.helpers import (
    advance,
    challenge_arguments,
    member,
    mixed_team,
    moderator,
    selected_project,
)
from xarxa.library.models import Resource
from xarxa.spaces.models import Membership, Space

pytestmark = pytest.mark.django_db


def test_a_challenge_is_its_authors_alone_until_the_moderators_approve_it(client):
    owner, reader = member(), member()
    challenge = services.create_challenge(owner, **challenge_arguments())
    url = reverse("lab:detail", args=[challenge.pk])
    client.force_login(reader)
    assert client.get(url).status_code == 404
    assert client.get(reverse("lab:home")).content.decode().count("Fewer queues") == 0
    client.force_login(owner)
    assert client.get(url).status_code == 200

    referee = moderator()
    assert [c.pk for c in services.challenges_awaiting_review(referee)] == [challenge.pk]
    client.force_login(referee)
    page = client.get(reverse("lab:review_queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fewer queues at the town hall" in page
    client.post(reverse("lab:review", args=[challenge.pk]), {"decision": "approve"})
    challenge.refresh_from_db()
    assert challenge.review == "approved" and challenge.content.status == Content.Status.PUBLISHED
    client.force_login(reader)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fewer queues at the town hall" in page and "Apply with a team" in page
    assert [g.goal for g in challenge.goal_rows.all()] == [11, 16]


def test_posting_through_the_form_sends_the_challenge_to_the_moderators(client):
    owner = member()
    client.force_login(owner)
    data = {key: value for key, value in challenge_arguments().items() if key not in ("topics", "goals")}
    data.update(goals=["16"], topic_names="", support_mentors="on", support_pilot="")
    data = {key: value for key, value in data.items() if value not in (False,)}
    response = client.post(reverse("lab:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    content = Content.objects.get(kind="challenge")
    assert content.status == Content.Status.DRAFT and content.challenge.review == "submitted"
    assert content.challenge.organisation_id == owner.profile.organisation_id


def test_an_unverified_member_cannot_post_a_challenge(client):
    client.force_login(member(verified=False))
    response = client.get(reverse("lab:create"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Only verified public employees" in response.content.decode()
    assert Content.objects.filter(kind="challenge").count() == 0


def test_the_whole_journey_from_challenge_to_library(client):
    project, owner, lead, mentor = selected_project()
    space = project.space
    assert space.kind == Space.Kind.LAB_PROJECT
    roles = dict(Membership.objects.filter(space=space).values_list("user_id", "role"))
    assert roles[owner.pk] == "owner" and roles[lead.pk] == "member" and roles[mentor.pk] == "moderator"
    assert Application.objects.get(team=project.team).state == "selected"

    for expected in ["define", "ideate", "prototype", "test"]:
        advance(project, lead, mentor)
        assert project.stage == expected
    invitation = services.invite_testers(lead, project, "Registry staff")
    client.logout()
    response = client.post(reverse("lab:tester", args=[invitation.token]),
                           {"name": "Ana", "role": "Registry clerk", "ease": "4", "usefulness": "5",
                            "comment": "Needs a bigger font."})
    assert response.status_code == 200
    client.force_login(lead)
    page = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 tester: ease 4.0/5, usefulness 5.0/5." in page and "Needs a bigger font." in page

    advance(project, lead, mentor)
    assert project.stage == Stage.TRANSFER
    client.force_login(owner)
    response = client.post(reverse("lab:transfer", args=[space.slug]), {
        "evaluation": "It halved the queues.", "solution": "An appointment app.", "results": "Waits of 50 min.",
        "indicators": "Minutes waited", "costs": "12,000 €", "licence": "eupl-1.2"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.TRANSFERRED
    resource = Resource.objects.get(pk=project.resource_id)
    assert resource.resource_kind == "practice" and resource.licence == "eupl-1.2"
    assert resource.problem == project.challenge.content.body and resource.solution == "An appointment app."
    assert project.team.name in resource.team
    assert reverse("lab:detail", args=[project.challenge.pk]) in resource.content.body
    assert resource.content.status == Content.Status.PUBLISHED
    events = list(LogEntry.objects.filter(project=project).values_list("event", flat=True))
    assert events.count("approved") == 5 and "tested" in events and "transferred" in events


def test_the_log_reaches_the_feeds_of_those_who_may_read_the_project(client):
    from xarxa.activity.models import Activity

    project, owner, lead, mentor = selected_project(private=True)
    advance(project, lead, mentor)
    entry = LogEntry.objects.filter(project=project, event="approved").get()
    assert Activity.objects.filter(content=entry.content, verb="published").exists()
    client.force_login(member())
    assert client.get(reverse("lab:log_entry", args=[entry.pk])).status_code == 404
    client.force_login(lead)
    response = client.get(reverse("lab:log_entry", args=[entry.pk]))
    assert response.status_code == 302 and response.url.endswith(f"#log-{entry.pk}")


def test_selecting_and_declining_with_a_message_to_each_team(client):
    from xarxa.lab.tests.helpers import approved_challenge

    challenge = approved_challenge(team_count=1)
    first, _lead, _colleague = mixed_team(challenge, "First")
    second, second_lead, _ = mixed_team(challenge, "Second")
    owner = challenge.content.author
    client.force_login(owner)
    client.post(reverse("lab:decide", args=[first.pk]), {"decision": "select", "message": "Welcome aboard"})
    client.post(reverse("lab:decide", args=[second.pk]), {"decision": "decline", "message": "Thank you"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.message) == ("selected", "Welcome aboard")
    assert (second.state, second.message) == ("declined", "Thank you")
    assert Project.objects.filter(challenge=challenge).count() == 1
    client.force_login(second_lead)
    page = client.get(reverse("lab:detail", args=[challenge.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Thank you" in page and "First" in page
