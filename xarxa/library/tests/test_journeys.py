"""What members do in the library: share, edit, apply, rate, save; bad input changes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.activity.models import Activity
from xarxa.content.models import Content
from xarxa.library.models import Collection, Replication, Resource, Review
from xarxa.library.tests.factories import ResourceFactory
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def practice_form(**overrides):
    data = {
        "title": "Presupuestos participativos digitales", "resource_kind": "practice",
        "summary": "Vecinos que deciden el 5 % de la inversión.", "body": "Cómo lo hicimos.", "language": "es",
        "topic_names": "participación, presupuestos", "licence": "cc-by-4.0", "policy_area": "participation",
        "level": "local", "year": "2025", "countries": ["ES", "UY"], "goals": ["11", "16"],
        "problem": "Poca participación.", "solution": "Votación en línea y presencial.",
        "results": "12 000 votos.", "indicators": "Participación sobre censo", "budget": "10k-50k",
        "team": "Dos personas", "duration": "Seis meses", "stage": "scaled", "lessons": "Empezar pequeño.",
    }
    data.update(overrides)
    return data


def test_a_member_shares_a_good_practice_and_it_is_in_the_library(client):
    author, contact = UserFactory(), UserFactory(username="ana")
    organisation = OrganisationFactory()
    client.force_login(author)
    response = client.post(reverse("library:create"), practice_form(contact_names="ana",
                                                                     organisations=[organisation.slug]))
    resource = Resource.objects.get()
    assert response.status_code == 302 and response.url == resource.get_absolute_url()
    assert resource.content.kind == "resource" and resource.content.author == author
    assert sorted(str(r.country) for r in resource.country_rows.all()) == ["ES", "UY"]
    assert sorted(r.goal for r in resource.goal_rows.all()) == [11, 16]
    assert list(resource.contacts.all()) == [contact] and list(resource.organisations.all()) == [organisation]
    assert Activity.objects.filter(actor=author, verb="published", content=resource.content).exists()
    html = client.get(resource.get_absolute_url()).content.decode()
    for text in ("Presupuestos participativos digitales", "Poca participación.", "Empezar pequeño.", "Uruguay"):
        assert text in html
    assert "Presupuestos participativos digitales" in client.get(reverse("library:list")).content.decode()


@pytest.mark.parametrize("field, value", [("title", ""), ("summary", ""), ("year", "1200"), ("licence", "gpl-9"),
                                          ("countries", ["XX"]), ("goals", ["18"]), ("contact_names", "nobody"),
                                          ("resource_kind", "link")])
def test_bad_input_is_refused_and_changes_nothing(client, field, value):
    client.force_login(UserFactory())
    response = client.post(reverse("library:create"), practice_form(**{field: value}))
    assert response.status_code == 400
    assert not Content.objects.exists() and not Resource.objects.exists()


def test_only_the_author_edits(client):
    resource = ResourceFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("library:edit", args=[resource.pk]), practice_form()).status_code == 403
    client.force_login(resource.content.author)
    response = client.post(reverse("library:edit", args=[resource.pk]), practice_form(title="Nuevo título",
                                                                                      countries=["MX"]))
    assert response.status_code == 302
    resource.refresh_from_db()
    resource.content.refresh_from_db()
    assert resource.content.title == "Nuevo título" and resource.policy_area == "participation"
    assert [str(r.country) for r in resource.country_rows.all()] == ["MX"]


def test_a_member_records_a_replication_listed_by_country_and_level(client):
    resource = ResourceFactory()
    member = UserFactory()
    client.force_login(member)
    assert client.get(reverse("library:replicate", args=[resource.pk])).status_code == 200
    response = client.post(reverse("library:replicate", args=[resource.pk]), {
        "place": "Intendencia de Montevideo", "country": "UY", "level": "regional", "outcome": "Lo adaptamos.",
        "started_on": "2025-03-01"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.replication_count == 1
    assert Activity.objects.filter(actor=member, verb="replicated").exists()
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Intendencia de Montevideo" in html and "Uruguay" in html


def test_a_replication_without_a_place_is_refused(client):
    resource = ResourceFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("library:replicate", args=[resource.pk]), {"country": "UY", "level": "local",
                                                                              "outcome": "x"})
    assert response.status_code == 400 and not Replication.objects.exists()


def test_only_verified_public_employees_rate_once_and_can_change_it(client):
    resource = ResourceFactory()
    unverified = UserFactory()
    client.force_login(unverified)
    client.post(reverse("library:review", args=[resource.pk]), {"rating": "5"})
    assert not Review.objects.exists()
    verified = UserFactory(profile__verification="moderator")
    client.force_login(verified)
    client.post(reverse("library:review", args=[resource.pk]), {"rating": "5", "text": "Muy útil"})
    client.post(reverse("library:review", args=[resource.pk]), {"rating": "3", "text": "Útil"})
    assert Review.objects.get().rating == 3
    resource.refresh_from_db()
    assert (resource.rating_count, resource.rating_average) == (1, 3.0)
    client.post(reverse("library:review", args=[resource.pk]), {"rating": "9"})
    assert Review.objects.get().rating == 3


def test_bookmarks_go_to_a_private_collection_and_moderators_curate(client):
    resource = ResourceFactory()
    member, other = UserFactory(), UserFactory()
    client.force_login(member)
    client.post(reverse("library:collect", args=[resource.pk]))
    client.post(reverse("library:collect", args=[resource.pk]))  # twice is harmless
    collection = Collection.objects.get(owner=member)
    assert not collection.is_curated and collection.items.count() == 1
    assert resource.content.title in client.get(collection.get_absolute_url()).content.decode()
    client.force_login(other)
    assert client.get(collection.get_absolute_url()).status_code == 404
    client.post(reverse("library:create_collection"), {"title": "Lo mejor de 2026", "curated": "on"})
    assert not Collection.objects.filter(is_curated=True).exists()
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    client.force_login(moderator)
    client.post(reverse("library:create_collection"), {"title": "Lo mejor de 2026", "curated": "on"})
    curated = Collection.objects.get(is_curated=True)
    client.post(reverse("library:collect", args=[resource.pk]), {"collection": curated.pk})
    client.logout()
    html = client.get(curated.get_absolute_url()).content.decode()
    assert "Lo mejor de 2026" in html and resource.content.title in html
    assert "Lo mejor de 2026" in client.get(reverse("library:collections")).content.decode()


def test_related_resources_share_topics_first_then_policy_area(client):
    from xarxa.accounts.tests.factories import TopicFactory

    topic = TopicFactory()
    resource = ResourceFactory(policy_area="health")
    resource.content.topics.add(topic)
    sharing = ResourceFactory(policy_area="culture")
    sharing.content.topics.add(topic)
    same_area = ResourceFactory(policy_area="health")
    unrelated = ResourceFactory(policy_area="culture")
    related = client.get(resource.get_absolute_url()).context["related"]
    assert [c.pk for c in related] == [sharing.pk, same_area.pk]
    assert unrelated.pk not in [c.pk for c in related]


def test_resources_live_in_groups_too(client):
    owner = UserFactory()
    group = SpaceFactory(owner=owner)
    client.force_login(owner)
    response = client.post(reverse("library:space_create", args=[group.slug]), practice_form())
    assert response.status_code == 302
    assert Resource.objects.get().content.space == group
    html = client.get(reverse("library:space_list", args=[group.slug])).content.decode()
    assert "Presupuestos participativos digitales" in html
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.post(reverse("library:space_create", args=[group.slug]), practice_form()).status_code == 403
    assert Resource.objects.count() == 1
    add_member(group, outsider)


def test_a_published_resource_is_found_by_its_summary_in_search():
    search = pytest.importorskip("xarxa.search.services")
    from xarxa.library.services import publish_resource
    from xarxa.search.models import SearchDocument

    resource = publish_resource(UserFactory(), title="Ventanilla", summary="Zarzaparrilla administrativa",
                                year=2025, countries=["CL"])
    document = SearchDocument.objects.get(content=resource.content)
    assert "Zarzaparrilla" in document.body and document.country == "CL"
    assert search is not None


def test_a_member_picks_which_of_their_collections_to_save_into(client):
    resource = ResourceFactory()
    member = UserFactory()
    client.force_login(member)
    for title in ("Para el pleno", "Ideas 2027"):
        client.post(reverse("library:create_collection"), {"title": title})
    page = client.get(resource.get_absolute_url()).content.decode()
    assert '<option value="' in page and "Ideas 2027" in page and "Para el pleno" in page
    chosen = Collection.objects.get(owner=member, title="Ideas 2027")
    client.post(reverse("library:collect", args=[resource.pk]), {"collection": chosen.pk})
    assert list(chosen.items.values_list("resource", flat=True)) == [resource.pk]
    assert not Collection.objects.get(owner=member, title="Para el pleno").items.exists()
    stranger_collection = Collection.objects.create(owner=UserFactory(), title="Ajena")
    response = client.post(reverse("library:collect", args=[resource.pk]), {"collection": stranger_collection.pk})
    assert response.status_code == 404 and not stranger_collection.items.exists()
