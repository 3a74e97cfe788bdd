import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.follows.models import Follow
from xarxa.follows.services import follow
from xarxa.organisations.models import Organisation
from xarxa.organisations.services import merge_organisations

pytestmark = pytest.mark.django_db


def test_a_member_proposes_a_missing_organisation_which_waits_for_review(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("organisations:propose"), {
        "name": "Concello de Vigo", "kind": "administration", "level": "local", "country": "ES",
        "website": "https://www.vigo.org",
    })
    organisation = Organisation.objects.get(name="Concello de Vigo")
    assert response.status_code == 302
    assert organisation.status == Organisation.Status.PROPOSED and organisation.proposed_by == member
    assert "Concello de Vigo" not in client.get(reverse("organisations:list")).content.decode()
    client.logout()
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_an_administration_needs_a_level_and_a_company_cannot_have_one(client):
    client.force_login(UserFactory())
    for data in ({"name": "Sin nivel", "kind": "administration", "level": "", "country": "ES"},
                 {"name": "Empresa", "kind": "company", "level": "local", "country": "ES"}):
        response = client.post(reverse("organisations:propose"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["level"]
    assert not Organisation.objects.filter(name__in=["Sin nivel", "Empresa"]).exists()


def test_a_duplicate_name_in_the_same_country_is_refused(client):
    OrganisationFactory(name="Ayuntamiento de Sevilla", country="ES")
    client.force_login(UserFactory())
    response = client.post(reverse("organisations:propose"), {"name": "ayuntamiento de sevilla",
                                                               "kind": "administration", "level": "local",
                                                               "country": "ES"})
    assert response.status_code == 200
    assert Organisation.objects.filter(name__iexact="ayuntamiento de sevilla").count() == 1


def test_merging_moves_members_followers_and_units_and_redirects(client):
    moderator = UserFactory(is_staff=True)
    keep = OrganisationFactory(name="Generalitat de Catalunya")
    duplicate = OrganisationFactory(name="Generalitat Catalunya", status=Organisation.Status.PROPOSED)
    unit = OrganisationFactory(name="Direcció General d'Innovació", parent=duplicate)
    worker = UserFactory(profile__organisation=duplicate)
    both, only_duplicate = UserFactory(), UserFactory()
    follow(both, keep)
    follow(both, duplicate)
    follow(only_duplicate, duplicate)

    assert merge_organisations(moderator, keep, [keep, duplicate]) == 1

    worker.profile.refresh_from_db()
    unit.refresh_from_db()
    duplicate.refresh_from_db()
    assert worker.profile.organisation == keep
    assert unit.parent == keep
    assert duplicate.status == Organisation.Status.MERGED and duplicate.merged_into == keep
    assert set(Follow.objects.filter(organisation=keep).values_list("follower", flat=True)) == {
        both.pk, only_duplicate.pk}
    assert not Follow.objects.filter(organisation=duplicate).exists()
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 301 and response.url == keep.get_absolute_url()


def test_only_moderators_merge(client):
    from django.core.exceptions import PermissionDenied

    keep, duplicate = OrganisationFactory(), OrganisationFactory()
    with pytest.raises(PermissionDenied):
        merge_organisations(UserFactory(), keep, [duplicate])
    duplicate.refresh_from_db()
    assert duplicate.status == Organisation.Status.APPROVED


def test_organisation_page_lists_its_visible_members(client):
    organisation = OrganisationFactory(name="Prefeitura de Recife", country="BR")
    UserFactory(profile__organisation=organisation, profile__full_name="Joana Silva")
    UserFactory(profile__organisation=organisation, profile__full_name="Oculto Souza", profile__visibility="staff")
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Joana Silva" in page and "Oculto Souza" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_list_and_page_query_counts_do_not_grow(client, django_assert_num_queries, count):
    organisation = OrganisationFactory()
    for _ in range(count):
        OrganisationFactory()
        UserFactory(profile__organisation=organisation)
    with django_assert_num_queries(2):  # count, page
        client.get(reverse("organisations:list"))
    with django_assert_num_queries(5):  # organisation, member count, follower count, units, member page
        client.get(organisation.get_absolute_url())


def test_merging_into_an_organisation_already_merged_is_refused_and_changes_nothing():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    moderator = UserFactory(is_staff=True)
    survivor = OrganisationFactory(name="Xunta de Galicia")
    merged = OrganisationFactory(name="Xunta Galicia", status=Organisation.Status.MERGED, merged_into=survivor)
    other = OrganisationFactory(name="Xunta")
    worker = UserFactory(profile__organisation=other)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        merge_organisations(moderator, merged, [other])
    assert "merged organisation cannot take in others" in refused.value.messages[0]
    merged.refresh_from_db()
    other.refresh_from_db()
    worker.profile.refresh_from_db()
    assert merged.status == Organisation.Status.MERGED  # not brought back as approved
    assert other.status == Organisation.Status.APPROVED and other.merged_into is None
    assert worker.profile.organisation == other


def test_a_duplicate_already_merged_elsewhere_is_refused_and_changes_nothing():
    from django.core.exceptions import ValidationError

    moderator = UserFactory(is_staff=True)
    first, second = OrganisationFactory(), OrganisationFactory()
    gone = OrganisationFactory(status=Organisation.Status.MERGED, merged_into=first)
    with pytest.raises(ValidationError):
        merge_organisations(moderator, second, [gone])
    gone.refresh_from_db()
    assert gone.merged_into == first


def test_approving_follows_the_lifecycle():
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import translation

    from xarxa.organisations.services import approve_organisation, approve_organisations

    moderator = UserFactory(is_staff=True)
    proposed = OrganisationFactory(status=Organisation.Status.PROPOSED)
    with pytest.raises(PermissionDenied):
        approve_organisation(UserFactory(), proposed)
    proposed.refresh_from_db()
    assert proposed.status == Organisation.Status.PROPOSED
    assert approve_organisation(moderator, proposed).status == Organisation.Status.APPROVED
    merged = OrganisationFactory(status=Organisation.Status.MERGED, merged_into=proposed)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        approve_organisation(moderator, merged)
    assert refused.value.messages == ["Only a proposed organisation can be approved."]
    merged.refresh_from_db()
    assert merged.status == Organisation.Status.MERGED
    another = OrganisationFactory(status=Organisation.Status.PROPOSED)
    assert approve_organisations(moderator, [another, merged, proposed]) == 1  # only the proposal moves
    assert Organisation.objects.get(pk=merged.pk).status == Organisation.Status.MERGED
