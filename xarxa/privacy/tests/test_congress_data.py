"""A member's congress life (registration with answers, sign-ups, ratings, stars) is in their export and
goes with their account."""

import pytest
from django.utils import translation

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import programme, registration
from xarxa.congress.models import Question, Registration, SessionRating, SessionSignup, Star, TicketType
from xarxa.congress.tests.programme_helpers import World
from xarxa.privacy.erasure import delete_account
from xarxa.privacy.export import congress

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_congress_and_erasure_takes_it_away():
    world = World()
    tickets = TicketType.objects.create(edition=world.edition, name="Presencial")
    question = Question.objects.create(edition=world.edition, text="Dieta")
    member = UserFactory()
    registration.register(member, world.edition, ticket_type=tickets, answers={question.pk: "Vegana"})
    workshop = world.session("Taller", session_format=world.workshop)
    registration.sign_up(member, workshop)
    programme.star(member, workshop)
    SessionRating.objects.create(session=workshop, user=member, score=4, comment="Bien")
    with translation.override("en"):
        data = congress(member)
    [row] = data["registrations"]
    assert row["ticket"] == "Presencial" and row["answers"] == [{"question": "Dieta", "answer": "Vegana"}]
    assert [r["title"] for r in data["session_signups"]] == ["Taller"]
    assert [(r["title"], r["score"]) for r in data["session_ratings"]] == [("Taller", 4)]
    assert [r["title"] for r in data["starred_sessions"]] == ["Taller"]
    delete_account(member, erase_content=False)
    assert not Registration.objects.exists() and not SessionSignup.objects.exists()
    assert not SessionRating.objects.exists() and not Star.objects.exists()
