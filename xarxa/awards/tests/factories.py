from datetime import date, timedelta

from django.utils import timezone

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.awards.models import STAGE_ORDER, Category, Stage
from xarxa.congress.tests.factories import EditionFactory

CASE = {"problem": "Las licencias tardaban seis meses.", "solution": "Un tramitador en línea con cita previa.",
        "results": "De seis meses a tres semanas."}


def category_in(stage, edition=None, **fields):
    """A category whose dates put now in `stage`, a day into it (stages 30 days apart)."""
    now = timezone.now().replace(microsecond=0)
    index = STAGE_ORDER.index(stage)
    starts = {n: now + timedelta(days=30 * (n - index) - 1) for n in range(1, 5)}
    edition = edition or EditionFactory()
    values = {"name": "Transformación digital", "slug": f"digital-{Category.objects.count()}",
              "nominations_open_at": starts[1], "vote_opens_at": starts[2], "jury_opens_at": starts[3],
              "announce_at": starts[4]}
    values.update(fields)
    category = Category.objects.create(edition=edition, **values)
    assert category.stage == stage, (category.stage, stage)
    return category


def move_to(category, stage):
    """Shift the dates so now is a day into `stage`."""
    now = timezone.now().replace(microsecond=0)
    index = STAGE_ORDER.index(stage)
    starts = {n: now + timedelta(days=30 * (n - index) - 1) for n in range(1, 5)}
    category.nominations_open_at, category.vote_opens_at = starts[1], starts[2]
    category.jury_opens_at, category.announce_at = starts[3], starts[4]
    category.save()
    return category


def organisation(**fields):
    values = {"kind": "administration", "level": "local", "country": "ES"}
    values.update(fields)
    return OrganisationFactory(**values)


def nomination_in(category, author=None, nominee=None, org=None, **fields):
    from xarxa.awards import services

    author = author or UserFactory()
    values = {"title": f"Licencias exprés {category.nominations.count()}", "summary": "Licencias en tres semanas.",
              "nominee": nominee or author, "organisation": org or organisation(),
              "work_started_on": date(2024, 3, 1), **CASE}
    values.update(fields)
    if category.stage != Stage.NOMINATIONS:
        stage = category.stage
        move_to(category, Stage.NOMINATIONS)
        nomination = services.nominate(author, category, **values)
        move_to(category, stage)
        return nomination
    return services.nominate(author, category, **values)


def organiser_of(category):
    from xarxa.spaces.models import Membership
    from xarxa.spaces.tests.factories import add_member

    user = UserFactory()
    add_member(category.edition.space, user, role=Membership.Role.OWNER)
    return user


def eligible_nomination(category, **fields):
    """A nomination accepted and declared eligible (its category moved back to where it was)."""
    from xarxa.awards.lifecycles import NOMINATION
    from xarxa.awards.models import Nomination

    nomination = nomination_in(category, **fields)
    if nomination.status == Nomination.Status.PROPOSED:
        NOMINATION.transition(nomination, "accept")
    NOMINATION.transition(nomination, "admit")
    nomination.save(update_fields=["status"])
    return nomination


FEATURES = {"network": "10.0.0.0/24", "device": "Firefox|es"}


def voter(days_old=90, email_domain="example.org", **fields):
    from datetime import timedelta

    from django.utils import timezone

    user = UserFactory(**fields)
    user.date_joined = timezone.now() - timedelta(days=days_old)
    user.email = f"{user.username}@{email_domain}"
    user.save(update_fields=["date_joined", "email"])
    return user
