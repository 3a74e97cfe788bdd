"""The demo's congress days: the past edition with registrations, check-ins, sign-ups, recordings and
ratings; the coming one with its tickets and a few registrations."""

import random

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress.models import Edition, Registration, Session, SessionRating, SessionSignup, TicketType
from xarxa.demo.community import start_of_today
from xarxa.demo.seed_congress import seed_congress
from xarxa.demo.seed_congress_call import seed_congress_call
from xarxa.demo.seed_congress_days import seed_congress_days

pytestmark = pytest.mark.django_db


def test_the_past_and_coming_editions_get_their_days(client):
    users = [UserFactory(username="admin"), UserFactory(username="ana"), *UserFactory.create_batch(40)]
    today = start_of_today()
    seed_congress(random.Random("7-congress"), users, today)
    seed_congress_call(random.Random("7-call"), users, today)
    report = seed_congress_days(random.Random("7-days"), users, today)
    past = Edition.objects.get(ends_on__lt=today.date())
    coming = Edition.objects.get(starts_on__gt=today.date())
    assert report.congress_check_ins == Registration.objects.filter(edition=past, status="checked_in").count() > 20
    assert Registration.objects.get(edition=past, user__username="ana").status == "checked_in"
    assert Registration.objects.get(edition=coming, user__username="ana").status == "confirmed"
    assert TicketType.objects.filter(edition=coming).count() == 3
    assert SessionRating.objects.filter(session__edition=past).count() == report.congress_ratings > 0
    workshop = Session.objects.filter(edition=past, session_format__needs_signup=True).first()
    if workshop is not None:
        assert workshop.signup_count == SessionSignup.objects.filter(session=workshop, status="signed_up").count() > 0
    assert Session.objects.filter(edition=past).exclude(recording_link="").exists()
    assert seed_congress_days(random.Random("7-days"), users, today).congress_registrations == 0  # once
    client.force_login(users[0])
    page = client.get(reverse("congress:attendance", args=[past.space.slug]))
    assert page.status_code == 200 and any(s.rating_count for s in page.context["sessions"])
