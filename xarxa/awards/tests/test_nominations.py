from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from xarxa.accounts.tests.factories import UserFactory
from xarxa.audit.models import AuditEntry
from xarxa.awards import services
from xarxa.awards.models import Category, EligibilityDecision, Nomination, Stage
from xarxa.awards.tests.factories import CASE, category_in, nomination_in, organisation, organiser_of
from xarxa.content.models import Content
from xarxa.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_an_organiser_creates_a_category_and_a_member_cannot(client):
    category = category_in(Stage.UPCOMING)
    edition = category.edition
    owner = organiser_of(category)
    client.force_login(owner)
    data = {"name": "Gobierno abierto", "description": "", "nominee_kind": "project", "organisation_levels": ["local"],
            "finalists": 3, "voters": "confirmed", "self_nomination": "on", "position": 1,
            "nominations_open_at": "2031-01-01T10:00", "vote_opens_at": "2031-02-01T10:00",
            "jury_opens_at": "2031-03-01T10:00", "announce_at": "2031-04-01T10:00"}
    response = client.post(reverse("awards:new_category", args=[edition.space.slug]), data)
    created = Category.objects.get(name="Gobierno abierto")
    assert response.status_code == 302 and created.organisation_levels == ["local"]
    client.force_login(UserFactory())
    assert client.post(reverse("awards:new_category", args=[edition.space.slug]), data).status_code == 404
    assert Category.objects.filter(name="Gobierno abierto").count() == 1


def test_dates_out_of_order_are_refused():
    category = category_in(Stage.UPCOMING)
    with pytest.raises(ValidationError):
        services.update_category(organiser_of(category), category,
                                 announce_at=category.nominations_open_at)


def test_a_member_nominates_someone_who_is_told_and_accepts(client):
    category = category_in(Stage.NOMINATIONS)
    author, nominee = UserFactory(), UserFactory()
    client.force_login(author)
    org = organisation()
    response = client.post(reverse("awards:nominate", args=[category.edition.space.slug, category.slug]), {
        "title": "Licencias exprés", "summary": "En tres semanas.", "nominee": nominee.username,
        "organisation": org.pk, "work_started_on": "2024-03-01", "language": "es",
        "evidence_links": "https://example.org/informe\nhttps://example.org/datos", **CASE})
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert nomination.status == Nomination.Status.PROPOSED and nomination.evidence_links == [
        "https://example.org/informe", "https://example.org/datos"]
    assert Notification.objects.filter(recipient=nominee, content=nomination.content).exists()
    client.force_login(nominee)
    page = client.get(nomination.get_absolute_url())
    assert page.context["can_answer"] and "Las licencias tardaban seis meses." in page.content.decode()
    client.post(reverse("awards:answer", args=[nomination.pk]), {"answer": "accept"})
    assert Nomination.objects.get().status == Nomination.Status.ACCEPTED


def test_a_self_nomination_starts_accepted_and_is_refused_where_not_allowed():
    member = UserFactory()
    open_category = category_in(Stage.NOMINATIONS)
    assert nomination_in(open_category, author=member).status == Nomination.Status.ACCEPTED
    closed = category_in(Stage.NOMINATIONS, self_nomination=False)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        nomination_in(closed, author=member)
    assert "self-nomination" in refused.value.messages[0]
    assert not Nomination.objects.filter(category=closed).exists()


@pytest.mark.parametrize(("rule", "fields", "org_fields", "named"), [
    ("kind", {"organisation_kinds": ["administration"]}, {"kind": "company", "level": ""}, "kind of organisation"),
    ("level", {"organisation_levels": ["local"]}, {"level": "national"}, "level of administration"),
    ("country", {"countries": ["PT"]}, {"country": "ES"}, "countries"),
    ("date", {"work_from": date(2025, 1, 1)}, {}, "date of the work"),
])
def test_an_ineligible_nomination_is_refused_with_the_rule_it_breaks(client, rule, fields, org_fields, named):
    category = category_in(Stage.NOMINATIONS, **fields)
    author = UserFactory()
    org = organisation(**org_fields)
    client.force_login(author)
    response = client.post(reverse("awards:nominate", args=[category.edition.space.slug, category.slug]), {
        "title": "Licencias exprés", "nominee": author.username, "organisation": org.pk,
        "work_started_on": "2024-03-01", "language": "es", **CASE}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.context["form"].non_field_errors()[0]
    assert f"Rule “{named}”" in error and category.name in error
    assert not Nomination.objects.exists() and not Content.objects.filter(kind="nomination").exists()


def test_nominations_are_refused_outside_their_stage():
    category = category_in(Stage.VOTE)
    with pytest.raises(PermissionDenied):
        services.nominate(UserFactory(), category, title="Tarde", nominee=UserFactory(), organisation=organisation(),
                          work_started_on=date(2024, 1, 1), **CASE)
    assert not Nomination.objects.exists()


def test_organisers_decide_eligibility_with_a_reason_on_the_audit_trail(client):
    category = category_in(Stage.NOMINATIONS)
    nomination = nomination_in(category)
    owner = organiser_of(category)
    with pytest.raises(ValidationError):
        services.decide_eligibility(owner, nomination, eligible=True, reason="  ")
    with pytest.raises(PermissionDenied):
        services.decide_eligibility(UserFactory(), nomination, eligible=True, reason="Cumple")
    client.force_login(owner)
    client.post(reverse("awards:eligibility", args=[nomination.pk]), {"eligible": "0", "reason": "Obra de 2019"})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INELIGIBLE
    decision = EligibilityDecision.objects.get()
    assert decision.reason == "Obra de 2019" and not decision.eligible and decision.decided_by == owner
    assert AuditEntry.objects.filter(action="award.eligibility", reason="Obra de 2019").exists()


def test_a_new_draft_practice_is_started_in_the_library_for_the_author_alone():
    category = category_in(Stage.NOMINATIONS)
    author = UserFactory()
    nomination = nomination_in(category, author=author, create_practice=True)
    practice = nomination.practice
    assert practice.content.status == Content.Status.DRAFT and practice.content.author == author
    assert practice.problem == CASE["problem"]
    assert not Content.objects.visible_to(UserFactory()).filter(pk=practice.pk).exists()


def test_the_pages_answer_within_their_query_budget(client, django_assert_num_queries):
    category = category_in(Stage.NOMINATIONS)
    for _n in range(3):
        nomination_in(category)
    client.force_login(UserFactory())
    url = category.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
