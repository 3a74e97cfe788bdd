"""The shared page cache for visitors (core.pagecache) and the per-reply fragment cache (content.templatetags
.comment_tree), against the real cache: what is rendered for one reader (their actions, their name in the
menu, private content) never reaches another reader or a visitor, and a write shows at once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Comment
from xarxa.content.tests.factories import CommentFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.tests.factories import MembershipFactory, SpaceFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def world():
    amelia = UserFactory(username="amelia", profile__full_name="Amelia Uno")
    bruno = UserFactory(username="bruno", profile__full_name="Bruno Dos")
    secret_group = SpaceFactory(visibility=Space.Visibility.PRIVATE, name="Grupo cerrado")
    MembershipFactory(space=secret_group, user=amelia, role=Membership.Role.MEMBER)
    DebateFactory(content__space=secret_group, content__title="Plan reservado de Amelia")
    debate = DebateFactory(content__title="Datos abiertos para todos").content
    replies = {"amelia": CommentFactory(content=debate, author=amelia, body="Lo de Amelia"),
               "bruno": CommentFactory(content=debate, author=bruno, body="Lo de Bruno")}
    return {"amelia": amelia, "bruno": bruno, "debate": debate, "replies": replies}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    return response.content.decode()


def edit_link(reply):
    return reverse("content:edit_comment", args=[reply.pk])


@pytest.mark.parametrize("first", ["visitor", "amelia"])
def test_nothing_rendered_for_one_reader_reaches_another(world, django_assert_num_queries, first):
    debate_url, list_url = world["debate"].get_absolute_url(), reverse("debates:list")
    amelia, bruno = signed_in(world["amelia"]), signed_in(world["bruno"])
    visitor, other_visitor = Client(), Client()
    mine = {name: edit_link(reply) for name, reply in world["replies"].items()}

    # Whoever reads first fills the caches (a visitor: the page and the reply fragments; Amelia: the
    # fragments alone)...
    page(visitor if first == "visitor" else amelia, debate_url)
    page(visitor if first == "visitor" else amelia, list_url)
    # ... then each member reads the same addresses: each gets their own page, never the stored one.
    for name, client in (("amelia", amelia), ("bruno", bruno)):
        own = page(client, debate_url)
        other = "bruno" if name == "amelia" else "amelia"
        assert f'class="menu-name">{world[name].display_name}<' in own
        assert mine[name] in own and mine[other] not in own  # her own reply's edit link, not the other's
        assert reverse("account_logout") in own
        listed = page(client, list_url)
        assert ("Plan reservado de Amelia" in listed) is (name == "amelia")
    # Members' pages were not stored: visitors, the one before and a new one, see a visitor's page.
    for client in (visitor, other_visitor, visitor):
        seen = page(client, debate_url) + page(client, list_url)
        assert "menu-name" not in seen and reverse("account_logout") not in seen
        assert mine["amelia"] not in seen and mine["bruno"] not in seen
        assert "Plan reservado de Amelia" not in seen
        assert "Lo de Amelia" in seen and "Lo de Bruno" in seen
    # And members asking again still get theirs, after visitors filled the cache.
    assert mine["bruno"] in page(bruno, debate_url) and mine["amelia"] not in page(bruno, debate_url)
    assert "Plan reservado de Amelia" not in page(bruno, list_url)

    # The visitor's page came from the cache: not one query.
    with django_assert_num_queries(0):
        page(other_visitor, debate_url)


def test_each_visitor_gets_their_own_csrf_token(world):
    url = world["debate"].get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = [TOKEN.findall(page(client, url)) for client in (first, second, second)]
    assert all(tokens) and "pagecacheCSRFplaceholder" not in str(tokens)
    assert set(tokens[0]).isdisjoint(tokens[1])
    # The token in the stored page works for its reader: the language form posts.
    response = second.post(reverse("set_language"), {"language": "en", "next": url,
                                                     "csrfmiddlewaretoken": tokens[2][0]})
    assert response.status_code == 302


def test_a_write_shows_to_the_next_visitor(world, django_capture_on_commit_callbacks):
    url = world["debate"].get_absolute_url()
    visitor = Client()
    assert "Una respuesta nueva" not in page(visitor, url)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world["bruno"]).post(reverse("content:add_comment", args=[world["debate"].pk]),
                                                  {"body": "Una respuesta nueva", "parent": ""})
    assert response.status_code in (200, 302)
    assert Comment.objects.filter(body="Una respuesta nueva").exists()
    assert "Una respuesta nueva" in page(visitor, url)


def test_a_browser_asking_again_gets_not_modified(world):
    url = world["debate"].get_absolute_url()
    visitor = Client()
    visitor.get(url)  # the first answer sets the CSRF cookie, which is part of the tag
    first = visitor.get(url)
    assert first.status_code == 200 and first["ETag"] and "private" in first["Cache-Control"]
    again = visitor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    # A member's page carries no such tag and is always rendered.
    member = signed_in(world["amelia"])
    answer = member.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert answer.status_code == 200 and not answer.has_header("ETag")


def test_a_reply_fragment_changes_with_its_author(world):
    """The per-reply fragment is keyed by what it shows: a renamed author shows at once."""
    url = world["debate"].get_absolute_url()
    reader = signed_in(world["bruno"])
    assert "Amelia Uno" in page(reader, url)
    profile = world["amelia"].profile
    profile.full_name = "Amelia Renombrada"
    profile.save()
    assert "Amelia Renombrada" in page(reader, url)


def without_tokens_and_times(html):
    html = TOKEN.sub("", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r"<time [^>]*>[^<]*</time>", "", html)


@pytest.mark.parametrize("first", ["amelia", "bruno", "visitor"])
def test_what_the_caches_give_a_reader_is_what_they_would_get_without_them(world, first):
    """After any reader filled the caches, every other reader gets exactly the page rendered with nothing
    cached: nothing of the first reader's (a name, an action, a count) is in the fragments or pages kept."""
    from django.core.cache import cache

    readers = {"amelia": signed_in(world["amelia"]), "bruno": signed_in(world["bruno"]), "visitor": Client()}
    urls = [world["debate"].get_absolute_url(), reverse("debates:list"), reverse("home")]
    for url in urls:
        page(readers[first], url)
    for name, client in readers.items():
        if name == first:
            continue
        for url in urls:
            from_caches = page(client, url)
            cache.clear()
            assert without_tokens_and_times(from_caches) == without_tokens_and_times(page(client, url)), (name, url)
            page(readers[first], url)  # the first reader's fill again, for the next address


def test_every_committed_write_moves_the_version_but_quiet_tables_and_rollbacks(django_capture_on_commit_callbacks):
    from django.db import connection, transaction

    from xarxa.core.pagecache import current_version

    def after(sql):
        """How far `sql` moves the version once committed (each in a savepoint of its own: the test's
        transaction never commits, so its after-commit list is never emptied)."""
        before = current_version()
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        return current_version() - before

    assert after("UPDATE spaces_space SET name = name WHERE id = -1") == 1
    assert after('UPDATE "content_content" SET title = title WHERE id = -1') == 1
    assert after("WITH ids AS (SELECT -1 AS id) DELETE FROM spaces_space WHERE id IN (SELECT id FROM ids)") == 1
    assert after('UPDATE "django_session" SET expire_date = expire_date WHERE session_key = \'x\'') == 0
    assert after("SELECT 1") == 0
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("UPDATE spaces_space SET name = name WHERE id = -1")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert current_version() == before
