"""Library pages cost the same whatever their length (1 and 3 items, one literal count each).

Counts for a signed-in member include 2 for the session and the user and 3 for the page header (groups,
e-mail verified, profile)."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.content.tests.factories import CommentFactory
from xarxa.library.models import Collection, CollectionItem
from xarxa.library.tests.factories import ReplicationFactory, ResourceFactory, ReviewFactory
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def make_resources(count, space=None):
    resources = []
    for number in range(count):
        resource = ResourceFactory(countries=["ES", "PT"], goals=[11, number + 1], content__space=space)
        resource.content.topics.add(TopicFactory())
        resources.append(resource)
    return resources


# The groups the reader may read (the key of the cached counts); on a miss, one pass for the total and the
# unfiltered fixed-vocabulary facets, a GROUP BY each for year, country and SDG, one more for each chosen
# fixed-vocabulary facet; then the page's ids, its rows, their countries and versions in the reader's language.
@pytest.mark.parametrize("items", [1, 3])
@pytest.mark.parametrize("query, expected", [("", 9), ("?kind=practice&country=ES&sdg=11&sort=rated", 10),
                                             ("?year=2025&sort=replicated", 9),
                                             ("?kind=practice&area=digital&level=local&stage=operating&language=es"
                                              "&licence=cc-by-4.0", 15)])
def test_library_list(client, django_assert_num_queries, items, query, expected):
    make_resources(items)
    make_resources(items, space=SpaceFactory())
    with django_assert_num_queries(expected):
        response = client.get(reverse("library:list") + query)
    assert response.status_code == 200 and len(response.context["rows"]) == 2 * items


@pytest.mark.parametrize("items", [1, 3])
@pytest.mark.parametrize("query", ["", "?kind=practice&country=ES&sdg=11&sort=rated", "?page=1&sort=replicated"])
def test_library_list_counts_come_from_the_cache_the_second_time(client, django_assert_num_queries, items, query):
    make_resources(items)
    first = client.get(reverse("library:list") + query)
    with django_assert_num_queries(5):  # the readable groups, then the page: ids, rows, countries, versions
        second = client.get(reverse("library:list") + query)
    assert second.context["page"].paginator.count == first.context["page"].paginator.count == items
    assert [f.options for f in second.context["facets"]] == [f.options for f in first.context["facets"]]


@pytest.mark.parametrize("items", [1, 3])
def test_library_list_for_a_member(client, django_assert_num_queries, member, items):
    make_resources(items, space=SpaceFactory(visibility="private"))
    group = SpaceFactory(visibility="private")
    add_member(group, member)
    make_resources(items, space=group)
    with django_assert_num_queries(15):
        response = client.get(reverse("library:list") + "?area=digital")
    assert len(response.context["rows"]) == items


@pytest.mark.parametrize("items", [1, 3])
def test_group_library(client, django_assert_num_queries, member, items):
    group = SpaceFactory()
    add_member(group, member)
    make_resources(items, space=group)
    with django_assert_num_queries(15):  # a group's counts are its readers' alike: no readable-groups query
        response = client.get(reverse("library:space_list", args=[group.slug]))
    assert len(response.context["rows"]) == items


@pytest.mark.parametrize("items", [1, 3])
def test_resource_page(client, django_assert_num_queries, member, items):
    resource = make_resources(1)[0]
    related = make_resources(items)
    for other in related:
        other.content.topics.add(*resource.content.topics.all())
    for _number in range(items):
        ReplicationFactory(resource=resource, member=UserFactory())
        ReviewFactory(resource=resource, author=UserFactory())
        CommentFactory(content=resource.content)
    with django_assert_num_queries(24):  # … including the member's collections for the "Save in" picker
        response = client.get(resource.get_absolute_url())
    assert response.status_code == 200 and len(response.context["related"]) == items


@pytest.mark.parametrize("items", [1, 3])
def test_collection_page(client, django_assert_num_queries, member, items):
    collection = Collection.objects.create(owner=member, title="Guardados")
    for resource in make_resources(items):
        CollectionItem.objects.create(collection=collection, resource=resource)
    with django_assert_num_queries(9):
        response = client.get(collection.get_absolute_url())
    assert len(response.context["rows"]) == items


@pytest.mark.parametrize("items", [1, 3])
def test_collections_list(client, django_assert_num_queries, member, items):
    for number in range(items):
        collection = Collection.objects.create(owner=member, title=f"Mía {number}")
        CollectionItem.objects.create(collection=collection, resource=ResourceFactory())
        Collection.objects.create(owner=UserFactory(), title=f"Curada {number}", is_curated=True)
    with django_assert_num_queries(6):
        assert client.get(reverse("library:collections")).status_code == 200
