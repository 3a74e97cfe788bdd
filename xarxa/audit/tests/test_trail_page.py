"""Staff browse the audit trail on one page, filtered; nobody else may see it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.audit.models import AuditEntry
from xarxa.audit.views import PER_PAGE
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db
URL = reverse("audit:trail")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def shown(response):
    return [entry.reason for entry in response.context["rows"]]


def test_only_staff_see_the_trail(client):
    record(None, Action.CONTENT_HIDE, reason="spam")

    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404


def test_staff_find_it_from_the_network_moderation_page(staff_client):
    assert URL in staff_client.get(reverse("content:network_queue")).content.decode()


def test_staff_see_who_did_what_to_what_and_why(staff_client):
    moderator = UserFactory(username="mod", profile__full_name="Rosa Mod")
    group = SpaceFactory(name="Compras públicas")
    record(moderator, Action.SPACE_MEMBER_REMOVE, group, reason="Publicidad repetida",
           snapshot="Texto borrado", member=7)

    page = staff_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for text in ["Rosa Mod (@mod)", "Removed a member", "Compras públicas", "Publicidad repetida",
                 "Texto borrado", "member"]:
        assert text in page


@pytest.mark.parametrize("rows", [1, 3])
def test_the_page_costs_the_same_for_one_or_three_entries(staff_client, django_assert_num_queries, rows):
    for number in range(rows):
        record(UserFactory(), Action.CONTENT_HIDE, SpaceFactory(), reason=f"r{number}")

    with django_assert_num_queries(4):  # session, member, their profile (the header), entries with space and kind
        response = staff_client.get(URL)

    assert len(response.context["rows"]) == rows


def test_filters_by_action_actor_space_and_dates(staff_client):
    ana, luis = UserFactory(username="ana"), UserFactory(username="luis")
    group = SpaceFactory(slug="compras")
    record(ana, Action.CONTENT_HIDE, reason="ana hid")
    record(luis, Action.CONTENT_HIDE, group, reason="luis hid in group")
    record(luis, Action.ACCOUNT_APPROVE, reason="luis approved")
    old_time = timezone.now() - timedelta(days=40)
    AuditEntry.objects.create(action=Action.WIKI_PROTECT, reason="forty days ago", created_at=old_time)

    assert shown(staff_client.get(URL, {"action": "content.hide"})) == ["luis hid in group", "ana hid"]
    assert shown(staff_client.get(URL, {"actor": "@luis"})) == ["luis approved", "luis hid in group"]
    assert shown(staff_client.get(URL, {"space": "compras"})) == ["luis hid in group"]
    day = timezone.localdate(old_time)  # the filter reads dates in the site's time zone, not UTC
    assert shown(staff_client.get(URL, {"since": day, "until": day})) == ["forty days ago"]
    assert "forty days ago" not in shown(staff_client.get(URL, {"since": timezone.localdate() - timedelta(days=1)}))


def test_a_reversed_date_range_is_an_error_not_everything(staff_client):
    record(None, Action.CONTENT_HIDE, reason="spam")

    response = staff_client.get(URL, {"since": "2026-05-02", "until": "2026-05-01"}, HTTP_ACCEPT_LANGUAGE="en")

    assert shown(response) == []
    assert "The start date must not be after the end date." in response.content.decode()


def test_older_entries_follow_on_the_next_page_keeping_the_filter(staff_client):
    for number in range(PER_PAGE + 2):
        record(None, Action.CONTENT_HIDE, reason=f"hide {number}")
    record(None, Action.CONTENT_RESTORE, reason="not a hide")

    first = staff_client.get(URL, {"action": "content.hide"})
    cursor = first.context["next_cursor"]
    assert "action=content.hide&amp;after=" in first.content.decode()
    second = staff_client.get(URL, {"action": "content.hide", "after": cursor})

    assert shown(first)[0] == f"hide {PER_PAGE + 1}"
    assert shown(second) == ["hide 1", "hide 0"]
    assert second.context["next_cursor"] is None
