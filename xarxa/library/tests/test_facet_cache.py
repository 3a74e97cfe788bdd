"""The library's counts are cached per part (the open library, a reader's groups, one group's library) and
combined per page; whatever order pages are visited in, a page shows exactly the counts counted afresh."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.core.testing import run_queued_tasks
from xarxa.library import facets
from xarxa.library.forms import LibraryFilterForm
from xarxa.library.services import publish_resource, visible_resources
from xarxa.library.tests.factories import ResourceFactory
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    """Open resources, and resources in a private group that only `member` may read."""
    specs = [("practice", "digital", ["ES"], [11], "es", 2024),
             ("practice", "health", ["ES", "PT"], [11, 16], "pt", 2025),
             ("guide", "health", ["BR"], [3], "es", 2025),
             ("dataset", "digital", ["PT"], [16], "en", 2023)]
    group = SpaceFactory(visibility="private")
    member = UserFactory()
    add_member(group, member)
    for space in (None, group, None):
        for kind, area, countries, goals, language, year in specs:
            ResourceFactory(resource_kind=kind, policy_area=area, countries=countries, goals=goals, year=year,
                            content__language=language, content__space=space)
    return member


def page_counts(client, query):
    """(total, {facet: {value: count}}) as the page shows them."""
    response = client.get(reverse("library:list") + query)
    assert response.status_code == 200
    shown = {facet.key: {option.value: option.count for option in facet.options if option.count}
             for facet in response.context["facets"]}
    return response.context["page"].paginator.count, shown


def fresh_counts(user, query):
    """The same counted from scratch, uncached, over what `user` may read."""
    form = LibraryFilterForm(dict(pair.split("=") for pair in query.lstrip("?").split("&") if pair))
    assert form.is_valid()
    filters = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
    total, counts = facets.cached_counts(visible_resources(user), filters)  # no parts: afresh, uncached
    return total, {key: {value: n for value, n in counts[key].items() if n} for key in facets.FACET_FIELDS}


VISITS = ["", "?kind=practice", "?kind=practice&country=ES", "?country=ES", "?sdg=11&area=health",
          "?area=health", "?kind=guide&year=2025", "?year=2025", "?language=es&sdg=16&kind=practice", ""]


@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_cached_counts_equal_fresh_counts_whatever_the_order_of_visits(client, library, order):
    member = library
    visits = VISITS if order == "as listed" else VISITS[::-1]
    for query in visits:
        client.logout()
        assert page_counts(client, query) == fresh_counts(AnonymousUser(), query), query
        client.force_login(member)
        assert page_counts(client, query) == fresh_counts(member, query), query


def test_the_member_sees_their_groups_resources_counted_and_the_visitor_does_not(client, library):
    total, counts = page_counts(client, "?kind=practice")
    assert total == 4 and counts["country"] == {"ES": 4, "PT": 2}
    client.force_login(library)
    total, counts = page_counts(client, "?kind=practice")
    assert total == 6 and counts["country"] == {"ES": 6, "PT": 3}
    client.logout()
    assert page_counts(client, "?kind=practice")[0] == 4


def test_a_member_of_a_private_group_reuses_the_open_librarys_counts(client, library, django_assert_num_queries):
    page_counts(client, "")  # a visitor counts the open library (and the public groups: none here)
    client.force_login(library)
    # Session and user, header (moderator check, e-mail, profile), readable groups; counting only this
    # member's groups: the year vocabulary, the pass of conditional counts, country, SDG; then ids, rows,
    # countries, versions.
    with django_assert_num_queries(14):
        total, _counts = page_counts(client, "")
    assert total == 12


def test_one_filter_takes_its_own_facets_counts_from_the_unfiltered_librarys(client, library,
                                                                             django_assert_num_queries):
    page_counts(client, "")
    # Readable groups; counting the practices: years, the pass, country, SDG; no GROUP BY kind (the kinds
    # beside "practice" are the unfiltered library's); then ids, rows, countries, versions.
    with django_assert_num_queries(9):
        total, counts = page_counts(client, "?kind=practice")
    assert total == 4 and counts["kind"] == {"practice": 4, "guide": 2, "dataset": 2}


def test_a_group_library_shares_its_counts_between_its_readers(client, library, django_assert_num_queries):
    group = library.space_memberships.get().space
    other = UserFactory()
    add_member(group, other)
    url = reverse("library:space_list", args=[group.slug])
    client.force_login(library)
    client.get(url)
    client.force_login(other)
    # Session, user, the group and membership, header; then only the page: nothing counted, the first
    # reader's counts are the second's.
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.context["page"].paginator.count == 4


def test_a_change_counts_the_unfiltered_library_again_in_the_background(client, library, monkeypatch,
                                                                      django_capture_on_commit_callbacks,
                                                                      django_assert_num_queries):
    monkeypatch.setattr(facets, "cache_is_shared", lambda: True)  # as with Redis: workers and pages share it
    assert page_counts(client, "")[0] == 8
    with django_capture_on_commit_callbacks(execute=True):
        publish_resource(UserFactory(), title="Ventanilla única", summary="Una sola puerta.", year=2026,
                         resource_kind="guide")
    run_queued_tasks()
    # The readable groups, then only the page (ids, rows, countries, versions): the counts were waiting.
    with django_assert_num_queries(5):
        total, counts = page_counts(client, "")
    assert total == 9 and counts["kind"]["guide"] == 3


def test_the_filters_lately_used_are_counted_again_after_a_change(client, library, monkeypatch,
                                                                 django_capture_on_commit_callbacks,
                                                                 django_assert_num_queries):
    monkeypatch.setattr(facets, "cache_is_shared", lambda: True)
    query = "?kind=practice&country=ES"
    assert page_counts(client, query)[0] == 4
    page_counts(client, "?year=2025")
    with django_capture_on_commit_callbacks(execute=True):
        publish_resource(UserFactory(), title="Ventanilla única", summary="Una sola puerta.", year=2026,
                         resource_kind="practice", countries=["ES"])
    run_queued_tasks()
    with django_assert_num_queries(5):  # the readable groups and the page: every count was waiting
        total, counts = page_counts(client, query)
    assert (total, counts["kind"]["practice"]) == (5, 5)
    assert page_counts(client, query) == fresh_counts(AnonymousUser(), query)
    assert facets.cache_is_shared() and [entry["year"] for entry in cache.get(facets.RECENT_KEY)
                                         if "year" in entry] == ["2025"]


def test_the_list_of_filters_lately_used_is_short_and_newest_first(library, monkeypatch):
    monkeypatch.setattr(facets, "cache_is_shared", lambda: True)
    for year in range(2000, 2000 + facets.RECENT_KEPT + 3):
        facets.remember_filters({"year": year})
    facets.remember_filters({"year": 2003, "kind": "guide"})
    facets.remember_filters({"year": 2005})
    recent = cache.get(facets.RECENT_KEY)
    assert len(recent) == facets.RECENT_KEPT
    newest_of_the_loop = {"year": str(2000 + facets.RECENT_KEPT + 2)}
    assert recent[:3] == [{"year": "2005"}, {"year": "2003", "kind": "guide"}, newest_of_the_loop]


def test_a_bad_entry_in_the_list_is_skipped_not_counted(library, monkeypatch):
    monkeypatch.setattr(facets, "cache_is_shared", lambda: True)
    cache.set(facets.RECENT_KEY, [{"year": "nonsense"}, {"kind": "practice"}], None)
    assert facets.warm_counts() == 2  # the unfiltered library and the practices


def test_without_a_shared_cache_no_task_counts_for_nobody(library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_resource(UserFactory(), title="Ventanilla única", summary="Una sola puerta.", year=2026)
    assert facets.cache_is_shared() is (cache.__class__.__name__ != "LocMemCache")
    assert (cache.get(facets.WARMING_KEY) is not None) is facets.cache_is_shared()
