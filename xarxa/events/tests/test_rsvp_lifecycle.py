"""An answer to an event date moves along the declared RSVP table: full means waiting, a freed place
promotes the oldest waiting member, and nothing else reaches "going" from the waiting list."""

import pytest
from django.core.exceptions import ValidationError

from xarxa.accounts.tests.factories import UserFactory
from xarxa.events import services
from xarxa.events.lifecycles import RSVP
from xarxa.events.models import Rsvp
from xarxa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
A = Rsvp.Answer


def test_a_full_date_means_waiting_and_a_freed_place_promotes():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    assert services.rsvp(first, event, A.GOING).answer == A.GOING
    assert services.rsvp(second, event, A.GOING).answer == A.WAITING
    services.rsvp(first, event, A.NOT_GOING)
    assert Rsvp.objects.get(user=second).answer == A.GOING


def test_only_a_waiting_answer_is_promoted():
    row = Rsvp(answer=A.MAYBE)
    with pytest.raises(ValidationError):
        RSVP.transition(row, "promote")
    assert row.answer == A.MAYBE
    assert {name for name, sources, target in RSVP.table() if A.WAITING in sources} == {"maybe", "not_go", "promote"}
