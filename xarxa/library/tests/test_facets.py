"""Facet counts stay right as filters combine: the number beside each value is what the list would show."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from xarxa.library import facets
from xarxa.library.services import visible_resources
from xarxa.library.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    specs = [
        ("practice", "digital", "local", ["ES"], [11], "es", 2024),
        ("practice", "digital", "regional", ["ES", "PT"], [11, 16], "pt", 2025),
        ("guide", "health", "local", ["BR"], [3], "es", 2025),
        ("dataset", "digital", "national", ["PT"], [16], "en", 2023),
        ("practice", "health", "local", [], [], "es", 2025),
    ]
    return [ResourceFactory(resource_kind=kind, policy_area=area, level=level, countries=countries, goals=goals,
                            content__language=language, year=year)
            for kind, area, level, countries, goals, language, year in specs]


def shown_count(filters):
    return facets.apply_filters(visible_resources(AnonymousUser()), filters).count()


CHOICES = {"kind": ["practice", "guide"], "area": ["digital"], "level": ["local"], "country": ["ES", "PT"],
           "sdg": [11, 16], "language": ["es"], "year": [2025]}


@pytest.mark.parametrize("keys", [(), ("kind",), ("country",), ("kind", "country"), ("sdg", "level"),
                                  ("area", "country", "sdg"), ("kind", "language", "year")])
def test_each_count_is_the_size_of_the_list_it_leads_to(library, keys):
    for values in itertools.product(*(CHOICES[key] for key in keys)):
        filters = dict(zip(keys, values, strict=True))
        total, built = facets.build_facets(visible_resources(AnonymousUser()), filters)
        assert total == shown_count(filters)
        for facet in built:
            for option in facet.options:
                assert option.count == shown_count({**filters, facet.key: option.value}), (filters, facet.key, option)
            selected = facet.selected
            if facet.key in filters:
                assert selected is not None and selected.value == filters[facet.key]


def test_the_page_shows_counts_and_the_filtered_rows(client, library):
    html = client.get(reverse("library:list") + "?country=PT&kind=practice").content.decode()
    assert "1 resource" in html or "1 recurso" in html
    assert library[1].content.title in html and library[0].content.title not in html
    # Switching the kind keeps the country: one Portuguese dataset.
    assert '<option value="dataset">' in html and "(1)</option>" in html


def test_unknown_filter_values_are_ignored_not_errors(client, library):
    response = client.get(reverse("library:list") + "?kind=nonsense&year=abc&sdg=99&page=x")
    assert response.status_code == 200


def test_sorting_by_replications_and_rating(client, library):
    from xarxa.library.models import Resource

    Resource.objects.filter(pk=library[2].pk).update(replication_count=5)
    Resource.objects.filter(pk=library[3].pk).update(rating_average=4.5, rating_count=2)
    html = client.get(reverse("library:list") + "?sort=replicated").content.decode()
    assert html.index(library[2].content.title) < html.index(library[0].content.title)
    html = client.get(reverse("library:list") + "?sort=rated").content.decode()
    assert html.index(library[3].content.title) < html.index(library[2].content.title)


def list_counts(client, query=""):
    response = client.get(reverse("library:list") + query)
    kinds = {option.value: option.count for option in response.context["facets"][0].options}
    return response.context["page"].paginator.count, kinds


def test_cached_counts_follow_new_edited_and_deleted_resources(client, library):
    assert list_counts(client) == (5, {"practice": 3, "guide": 1, "dataset": 1})
    ResourceFactory(resource_kind="guide")
    assert list_counts(client) == (6, {"practice": 3, "guide": 2, "dataset": 1})
    library[0].resource_kind = "dataset"
    library[0].save()
    assert list_counts(client) == (6, {"practice": 2, "guide": 2, "dataset": 2})
    library[3].content.delete()
    assert list_counts(client, "?country=ES") == (2, {"practice": 1, "dataset": 1})
    library[1].content.status = "hidden"
    library[1].content.save()
    assert list_counts(client, "?country=ES") == (1, {"dataset": 1})


def test_cached_counts_follow_moderation_and_a_group_turning_secret(client, library):
    from xarxa.accounts.tests.factories import UserFactory
    from xarxa.content.services import hide_content, restore_content
    from xarxa.spaces.tests.factories import SpaceFactory

    moderator = UserFactory(is_staff=True)
    group = SpaceFactory(visibility="public")
    ResourceFactory(resource_kind="guide", content__space=group)
    assert list_counts(client) == (6, {"practice": 3, "guide": 2, "dataset": 1})

    hide_content(moderator, library[4].content)  # a queryset update: no post_save for the content
    assert list_counts(client) == (5, {"practice": 2, "guide": 2, "dataset": 1})
    restore_content(moderator, library[4].content)
    assert list_counts(client) == (6, {"practice": 3, "guide": 2, "dataset": 1})

    group.visibility = "secret"
    group.save()
    assert list_counts(client) == (5, {"practice": 3, "guide": 1, "dataset": 1})


def test_cached_counts_are_kept_apart_for_readers_of_different_groups(client, library):
    from xarxa.accounts.tests.factories import UserFactory
    from xarxa.spaces.tests.factories import SpaceFactory, add_member

    group = SpaceFactory(visibility="secret")
    ResourceFactory(resource_kind="guide", content__space=group)
    assert list_counts(client) == (5, {"practice": 3, "guide": 1, "dataset": 1})
    member = UserFactory()
    add_member(group, member)
    client.force_login(member)
    assert list_counts(client) == (6, {"practice": 3, "guide": 2, "dataset": 1})
    client.logout()
    assert list_counts(client) == (5, {"practice": 3, "guide": 1, "dataset": 1})


def test_a_secret_resource_does_not_leak_its_year_into_the_facets(client, library):
    from xarxa.spaces.tests.factories import SpaceFactory

    ResourceFactory(year=1999, content__space=SpaceFactory(visibility="secret"))
    response = client.get(reverse("library:list"))
    years = {option.value for facet in response.context["facets"] if facet.key == "year" for option in facet.options}
    assert 1999 not in years and "1999" not in years
    assert years  # the visible resources' years are there
