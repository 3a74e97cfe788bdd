"""Library lists show each resource once, titled in the reader's language when a version exists."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Content
from xarxa.content.services import add_translation
from xarxa.library.models import Collection, CollectionItem
from xarxa.library.tests.factories import ResourceFactory
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def with_portuguese_version(resource, title=None):
    content = resource.content
    return add_translation(content.author, content, language="pt", title=title or f"{content.title} (pt)", body="")


def titles(response):
    return [item.shown.title for item in response.context["rows"]]


def test_the_library_shows_each_resource_once_in_the_readers_language(client):
    resource = ResourceFactory(content__title="Ventanilla única", content__language="es")
    with_portuguese_version(resource, "Balcão único")
    response = client.get(reverse("library:list"), HTTP_ACCEPT_LANGUAGE="pt-br")
    assert titles(response) == ["Balcão único"] and response.context["page"].paginator.count == 1
    html = response.content.decode()
    assert 'lang="pt">Balcão único</a>' in html and "Ventanilla única" not in html
    assert titles(client.get(reverse("library:list"), HTTP_ACCEPT_LANGUAGE="es")) == ["Ventanilla única"]
    assert titles(client.get(reverse("library:list"), HTTP_ACCEPT_LANGUAGE="en")) == ["Ventanilla única"]


def test_a_hidden_version_keeps_the_original_title(client):
    resource = ResourceFactory(content__title="Ventanilla única")
    version = with_portuguese_version(resource, "Balcão único")
    Content.objects.filter(pk=version.pk).update(status=Content.Status.HIDDEN)
    assert titles(client.get(reverse("library:list"), HTTP_ACCEPT_LANGUAGE="pt-br")) == ["Ventanilla única"]


def test_group_library_and_collections_use_the_readers_language_too(client):
    member = UserFactory()
    group = SpaceFactory(visibility="private")
    add_member(group, member)
    resource = ResourceFactory(content__space=group, content__title="Datos abiertos")
    with_portuguese_version(resource, "Dados abertos")
    collection = Collection.objects.create(owner=member, title="Guardados")
    CollectionItem.objects.create(collection=collection, resource=resource)
    client.force_login(member)
    response = client.get(reverse("library:space_list", args=[group.slug]), HTTP_ACCEPT_LANGUAGE="pt-br")
    assert titles(response) == ["Dados abertos"]
    assert titles(client.get(collection.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="pt-br")) == ["Dados abertos"]


@pytest.mark.parametrize("items", [1, 3])
def test_versions_cost_one_query_for_the_page(client, django_assert_num_queries, items):
    for _number in range(items):
        with_portuguese_version(ResourceFactory())
    with django_assert_num_queries(9):  # the same literal as an unfiltered list without versions
        response = client.get(reverse("library:list"), HTTP_ACCEPT_LANGUAGE="pt-br")
    assert len(response.context["rows"]) == items
    assert all(item.shown.language == "pt" for item in response.context["rows"])
