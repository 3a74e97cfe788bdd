"""Taking things back: a resource out of a collection, my review, my replication; moderators curate from
the resource page. Only the people allowed can do it, and a refusal changes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.library.models import Collection, CollectionItem, Replication, Review
from xarxa.library.tests.factories import ReplicationFactory, ResourceFactory, ReviewFactory
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def make_moderator():
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return moderator


def uncollect_url(collection, resource):
    return reverse("library:uncollect", args=[collection.pk, resource.pk])


def test_a_member_removes_a_resource_from_their_collection_on_the_collection_page(client):
    member = UserFactory()
    kept, removed = ResourceFactory(), ResourceFactory()
    collection = Collection.objects.create(owner=member, title="Para el pleno")
    for resource in (kept, removed):
        CollectionItem.objects.create(collection=collection, resource=resource)
    client.force_login(member)
    page = client.get(collection.get_absolute_url()).content.decode()
    assert uncollect_url(collection, removed) in page and "hx-post" in page
    response = client.post(uncollect_url(collection, removed))
    assert response.status_code == 302 and response.url == collection.get_absolute_url()
    assert list(collection.items.values_list("resource", flat=True)) == [kept.pk]


def test_with_htmx_the_row_is_simply_dropped(client):
    member = UserFactory()
    resource = ResourceFactory()
    collection = Collection.objects.create(owner=member, title="Ideas")
    CollectionItem.objects.create(collection=collection, resource=resource)
    client.force_login(member)
    response = client.post(uncollect_url(collection, resource), headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content == b""
    assert not collection.items.exists()


def test_from_the_resource_page_the_member_sees_where_it_is_saved_and_takes_it_out(client):
    member = UserFactory()
    resource = ResourceFactory()
    collection = Collection.objects.create(owner=member, title="Ideas 2027")
    Collection.objects.create(owner=member, title="Vacía")
    CollectionItem.objects.create(collection=collection, resource=resource)
    client.force_login(member)
    response = client.get(resource.get_absolute_url())
    assert [c.title for c in response.context["saved_in"]] == ["Ideas 2027"]
    assert uncollect_url(collection, resource) in response.content.decode()
    response = client.post(uncollect_url(collection, resource), {"return_to": "resource"})
    assert response.status_code == 302 and response.url == resource.get_absolute_url()
    assert not collection.items.exists()
    assert client.get(resource.get_absolute_url()).context["saved_in"] == []


def test_nobody_prunes_someone_elses_collection(client):
    owner, stranger = UserFactory(), UserFactory()
    resource = ResourceFactory()
    collection = Collection.objects.create(owner=owner, title="Mía")
    CollectionItem.objects.create(collection=collection, resource=resource)
    for user in (stranger, make_moderator()):  # a moderator neither: personal collections are private
        client.force_login(user)
        assert client.post(uncollect_url(collection, resource)).status_code == 404
    assert collection.items.count() == 1


def test_moderators_see_curated_collections_in_the_picker_and_add_to_them_from_the_resource_page(client):
    resource = ResourceFactory()
    curated = Collection.objects.create(owner=make_moderator(), title="Lo mejor de 2026", is_curated=True)
    member = UserFactory()
    Collection.objects.create(owner=member, title="Mis cosas")
    client.force_login(member)
    picker = client.get(resource.get_absolute_url()).context["my_collections"]
    assert [c.title for c in picker] == ["Mis cosas"]
    assert client.post(reverse("library:collect", args=[resource.pk]), {"collection": curated.pk}).status_code == 404
    assert not curated.items.exists()

    other_moderator = make_moderator()  # curated collections are the moderators' shared work
    client.force_login(other_moderator)
    page = client.get(resource.get_absolute_url())
    assert "Lo mejor de 2026" in [c.title for c in page.context["my_collections"]]
    client.post(reverse("library:collect", args=[resource.pk]), {"collection": curated.pk})
    assert list(curated.items.values_list("resource", flat=True)) == [resource.pk]
    assert client.post(uncollect_url(curated, resource)).status_code == 302
    assert not curated.items.exists()


def test_a_moderator_cannot_save_a_resource_they_cannot_read_into_a_curated_collection(client):
    moderator = make_moderator()
    secret = ResourceFactory(content__space=SpaceFactory(visibility="secret"))
    curated = Collection.objects.create(owner=moderator, title="Lo mejor", is_curated=True)
    client.force_login(moderator)
    client.post(reverse("library:collect", args=[secret.pk]), {"collection": curated.pk})
    assert not curated.items.exists()


def test_a_member_deletes_their_review_and_the_rating_is_recounted(client):
    resource = ResourceFactory()
    author = UserFactory(profile__verification="moderator")
    review = ReviewFactory(resource=resource, author=author, rating=2)
    ReviewFactory(resource=resource, author=UserFactory(), rating=4)
    client.force_login(author)
    url = reverse("library:delete_review", args=[resource.pk, review.pk])
    assert url in client.get(resource.get_absolute_url()).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response.url.endswith("#reviews")
    assert not Review.objects.filter(pk=review.pk).exists()
    resource.refresh_from_db()
    assert (resource.rating_count, resource.rating_average) == (1, 4.0)


def test_nobody_else_deletes_a_review_but_a_moderator_can(client):
    resource = ResourceFactory()
    review = ReviewFactory(resource=resource, author=UserFactory(), rating=5)
    url = reverse("library:delete_review", args=[resource.pk, review.pk])
    client.force_login(UserFactory())
    assert url not in client.get(resource.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    assert Review.objects.filter(pk=review.pk).exists()
    client.force_login(make_moderator())
    assert client.post(url).status_code == 302
    assert not Review.objects.exists()


def test_a_review_is_deleted_only_through_its_own_resource(client):
    review = ReviewFactory(author=UserFactory())
    other = ResourceFactory()
    client.force_login(review.author)
    assert client.post(reverse("library:delete_review", args=[other.pk, review.pk])).status_code == 404
    assert Review.objects.filter(pk=review.pk).exists()


def test_a_member_deletes_their_replication_and_the_count_follows(client):
    resource = ResourceFactory()
    member = UserFactory()
    mine = ReplicationFactory(resource=resource, member=member)
    ReplicationFactory(resource=resource, member=UserFactory())
    resource.replication_count = 2
    resource.save()
    client.force_login(member)
    url = reverse("library:delete_replication", args=[resource.pk, mine.pk])
    assert url in client.get(resource.get_absolute_url()).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response.url.endswith("#replications")
    resource.refresh_from_db()
    assert resource.replication_count == 1 and not Replication.objects.filter(pk=mine.pk).exists()


def test_nobody_else_deletes_a_replication_but_a_moderator_can(client):
    resource = ResourceFactory()
    replication = ReplicationFactory(resource=resource, member=UserFactory())
    url = reverse("library:delete_replication", args=[resource.pk, replication.pk])
    client.force_login(UserFactory())
    assert url not in client.get(resource.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403
    assert Replication.objects.filter(pk=replication.pk).exists()
    client.force_login(make_moderator())
    assert client.post(url).status_code == 302
    assert not Replication.objects.exists()


def test_a_resource_nobody_may_read_answers_404_for_deletes(client):
    resource = ResourceFactory(content__space=SpaceFactory(visibility="secret"))
    member = UserFactory()
    review = ReviewFactory(resource=resource, author=member)
    client.force_login(member)  # they lost access to the group: the page does not exist for them
    assert client.post(reverse("library:delete_review", args=[resource.pk, review.pk])).status_code == 404
    assert Review.objects.filter(pk=review.pk).exists()
