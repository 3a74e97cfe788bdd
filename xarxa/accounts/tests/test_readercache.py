"""The signed-in reader's facts kept in the shared cache (accounts.readercache): fewer queries on every member
page, never one reader's facts for another, and any committed write to where they come from shows on
the next request (a profile, a group, a confirmed address, a permission), however it was written: those
tests commit for real (transaction=True), as requests do."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.urls import reverse

from xarxa.accounts import readercache
from xarxa.accounts.models import Profile
from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.core import pagecache
from xarxa.debates.tests.factories import DebateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60  # the reader cache is on where the page cache is


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(client, url, status=200):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == status
    return response.content.decode()


def test_a_member_page_reads_the_readers_facts_once(django_assert_num_queries):
    client = signed_in(UserFactory(profile__full_name="Amelia Uno"))
    url = reverse("privacy:policy")
    assert "Amelia Uno" in page(client, url)
    with django_assert_num_queries(2):  # the session and the user (deployed with Redis, the session from the cache)
        assert "Amelia Uno" in page(client, url)


def test_readers_never_get_each_others_facts():
    amelia = UserFactory(profile__full_name="Amelia Uno")
    bruno = UserFactory(profile__full_name="Bruno Dos")
    amelia.groups.add(Group.objects.get_or_create(name="moderators")[0])
    hidden = DebateFactory(content__title="Oculto por spam").content
    content_services.hide_content(amelia, hidden, reason="spam")
    first, second = signed_in(amelia), signed_in(bruno)
    for _round in range(2):
        mine = page(first, hidden.get_absolute_url())
        assert "Amelia Uno" in mine and "Bruno Dos" not in mine
        theirs = page(second, reverse("privacy:policy"))
        assert "Bruno Dos" in theirs and "Amelia Uno" not in theirs
        page(second, hidden.get_absolute_url(), status=404)  # a moderator's standing stays hers


@pytest.mark.django_db(transaction=True)
def test_a_profile_change_shows_on_the_next_page():
    member = UserFactory(profile__full_name="Nombre Antiguo")
    client, url = signed_in(member), reverse("privacy:policy")
    assert "Nombre Antiguo" in page(client, url)
    Profile.objects.filter(user=member).update(full_name="Nombre Nuevo")  # even a bulk update
    html = page(client, url)
    assert "Nombre Nuevo" in html and "Nombre Antiguo" not in html


@pytest.mark.django_db(transaction=True)
def test_joining_and_leaving_the_moderators_shows_at_once():
    member, moderator = UserFactory(), UserFactory()
    moderators = Group.objects.get_or_create(name="moderators")[0]
    moderator.groups.add(moderators)
    hidden = DebateFactory(content__title="Oculto por spam").content
    content_services.hide_content(moderator, hidden, reason="spam")
    client = signed_in(member)
    page(client, hidden.get_absolute_url(), status=404)
    member.groups.add(moderators)
    assert "Oculto por spam" in page(client, hidden.get_absolute_url())
    member.groups.remove(moderators)
    page(client, hidden.get_absolute_url(), status=404)


@pytest.mark.django_db(transaction=True)
def test_a_confirmed_address_and_a_permission_show_at_once():
    member = UserFactory()
    EmailAddress.objects.filter(user=member).update(verified=False)
    User = type(member)

    def facts():
        return readercache.with_facts(User.objects.get(pk=member.pk))

    assert facts()._has_verified_email is False and not facts().has_perm("auth.view_group")
    EmailAddress.objects.filter(user=member).update(verified=True)
    assert facts()._has_verified_email is True
    member.user_permissions.add(Permission.objects.get(codename="view_group"))
    assert facts().has_perm("auth.view_group")


def test_the_tables_that_decide_a_readers_facts_exist():
    """A renamed table would silently stop moving the readers' version on."""
    assert pagecache.READER_TABLES <= set(connection.introspection.table_names())


def test_without_the_shared_cache_nothing_is_kept(settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client = signed_in(UserFactory())
    page(client, reverse("privacy:policy"))
    with django_assert_num_queries(3):  # the session, the user, the profile
        page(client, reverse("privacy:policy"))
