import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.awards import jury, results
from xarxa.awards.jury_models import Score
from xarxa.awards.models import Nomination, Stage
from xarxa.awards.tests.factories import category_in, eligible_nomination, move_to, organisation, organiser_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliberation():
    category = category_in(Stage.JURY)
    town = organisation(name="Ayuntamiento de Villaprueba")
    ours, theirs = eligible_nomination(category, org=town), eligible_nomination(category)
    Nomination.objects.filter(pk__in=[ours.pk, theirs.pk]).update(status=Nomination.Status.FINALIST)
    ours.status = theirs.status = Nomination.Status.FINALIST
    organiser = organiser_of(category)
    criteria = jury.set_rubric(organiser, category, [("Impacto", 3), ("Replicabilidad", 1)])
    colleague = UserFactory(profile__organisation=town)
    outsider = UserFactory()
    chair = UserFactory()
    for member in (colleague, outsider):
        jury.add_juror(organiser, category, member)
    jury.add_juror(organiser, category, chair, is_chair=True)
    return category, ours, theirs, criteria, colleague, outsider, chair, organiser


def test_a_juror_cannot_open_a_nominee_of_their_organisation(client, deliberation):
    category, ours, theirs, criteria, colleague, outsider, _chair, _org = deliberation
    client.force_login(colleague)
    assert client.get(reverse("awards:jury_nominee", args=[ours.pk])).status_code == 404
    assert client.get(reverse("awards:jury_nominee", args=[theirs.pk])).status_code == 200
    listed = client.get(reverse("awards:jury", args=[category.edition.space.slug, category.slug])).context["finalists"]
    assert list(listed) == [theirs]
    with pytest.raises(PermissionDenied):
        jury.score(colleague, ours, {c.pk: 10 for c in criteria})
    assert not Score.objects.exists()
    client.force_login(outsider)
    assert client.get(reverse("awards:jury_nominee", args=[ours.pk])).status_code == 200


def test_a_declared_conflict_hides_the_nominee_and_drops_the_scores(client, deliberation):
    _category, ours, _theirs, criteria, _colleague, outsider, _chair, _org = deliberation
    jury.score(outsider, ours, {c.pk: 7 for c in criteria}, note="Muy sólido")
    client.force_login(outsider)
    client.post(reverse("awards:jury_nominee", args=[ours.pk]), {"conflict": "1"})
    assert client.get(reverse("awards:jury_nominee", args=[ours.pk])).status_code == 404
    assert not Score.objects.filter(juror=outsider, nomination=ours).exists()


def test_private_notes_are_the_jurors_alone(client, deliberation):
    _category, _ours, theirs, criteria, _colleague, outsider, chair, _org = deliberation
    jury.score(outsider, theirs, {c.pk: 6 for c in criteria}, note="Dudas sobre los datos")
    client.force_login(chair)
    assert "Dudas sobre los datos" not in client.get(reverse("awards:jury_nominee", args=[theirs.pk])).content.decode()
    client.force_login(outsider)
    assert "Dudas sobre los datos" in client.get(reverse("awards:jury_nominee", args=[theirs.pk])).content.decode()


def test_weighted_scores_decide_and_a_tie_needs_the_chairs_recorded_decision(deliberation):
    category, ours, theirs, criteria, _colleague, outsider, chair, organiser = deliberation
    impact, replicable = criteria
    jury.score(outsider, ours, {impact.pk: 8, replicable.pk: 4})     # (24 + 4) / 4 = 7
    jury.score(outsider, theirs, {impact.pk: 6, replicable.pk: 10})  # (18 + 10) / 4 = 7
    assert jury.weighted_scores(category) == {ours.pk: 7.0, theirs.pk: 7.0}
    with pytest.raises(ValidationError) as refused:
        results.decide_awards(organiser, category)
    assert refused.value.code == "tie"
    with pytest.raises(PermissionDenied):
        jury.break_tie(outsider, category, theirs, "Más replicable")
    jury.break_tie(chair, category, theirs, "Más replicable")
    winner = results.decide_awards(organiser, category, mentions=[ours])
    assert winner == theirs
    assert dict(Nomination.objects.values_list("pk", "award")) == {ours.pk: "mention", theirs.pk: "winner"}
    from xarxa.audit.models import AuditEntry
    assert AuditEntry.objects.filter(action="award.tie_break", reason="Más replicable").exists()


def test_winners_and_finalists_become_library_good_practices(client, deliberation):
    from xarxa.content.models import Content

    category, ours, theirs, criteria, _colleague, outsider, _chair, organiser = deliberation
    jury.score(outsider, ours, {c.pk: 9 for c in criteria})
    jury.score(outsider, theirs, {c.pk: 5 for c in criteria})
    results.decide_awards(organiser, category)
    with pytest.raises(ValidationError):
        results.to_library(organiser, category)  # not announced yet
    move_to(category, Stage.ANNOUNCED)
    practices = results.to_library(organiser, category)
    assert len(practices) == 2
    for nomination in Nomination.objects.filter(pk__in=[ours.pk, theirs.pk]):
        assert nomination.practice.content.status == Content.Status.PUBLISHED
        assert category.name in nomination.practice.lessons and category.edition.name in nomination.practice.lessons
    results.to_library(organiser, category)  # again: updates, adds nothing twice
    assert Nomination.objects.get(pk=ours.pk).practice.lessons.count(category.name) == 1
    page = client.get(reverse("awards:announcement", args=[category.edition.space.slug]))
    assert ours.content.title in page.content.decode()
