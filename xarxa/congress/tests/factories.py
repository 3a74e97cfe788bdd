from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory

from xarxa.congress.models import Edition, Room, SessionFormat, Track, Venue
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory

MADRID = ZoneInfo("Europe/Madrid")


def at(day, hour=9):
    return datetime.combine(day, datetime.min.time(), tzinfo=MADRID).replace(hour=hour)


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition in 2031 with every phase dated: call in January, vote in March, review in April,
    programme in May, congress 10-12 June. EditionFactory(space__owner=user, space__visibility="secret")."""

    class Meta:
        model = Edition

    space = factory.SubFactory(SpaceFactory, kind=Space.Kind.CONGRESS_EDITION,
                               name=factory.Sequence(lambda n: f"Congreso {2031 + n}"),
                               slug=factory.Sequence(lambda n: f"congreso-{2031 + n}"))
    starts_on = date(2031, 6, 10)
    ends_on = date(2031, 6, 12)
    time_zone = "Europe/Madrid"
    languages = ["es", "en"]
    call_text = "Proponed **talleres** y diálogos."
    call_opens_at = at(date(2031, 1, 15))
    vote_opens_at = at(date(2031, 3, 1))
    review_opens_at = at(date(2031, 4, 1))
    programme_at = at(date(2031, 5, 1))


def shifted(edition, days):
    """Move every date of `edition` by `days` (to put today in a chosen phase)."""
    delta = timedelta(days=days)
    for field in ("call_opens_at", "vote_opens_at", "review_opens_at", "programme_at", "starts_on", "ends_on"):
        setattr(edition, field, getattr(edition, field) + delta)
    edition.save()
    return edition


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Sede {n}")
    address = "Plaça de Catalunya 1, Barcelona"
    map_link = "https://www.openstreetmap.org/#map=18/41.387/2.170"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Sala {n}")
    capacity = 80
    accessibility = "Acceso sin escalones, bucle magnético."


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Eje {n}")


class SessionFormatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionFormat

    edition = factory.SubFactory(EditionFactory)
    kind = SessionFormat.Kind.WORKSHOP
    duration_minutes = 90
    capacity = 25
    needs_signup = True


def edition_in(phase, **fields):
    """An edition whose dates put today in `phase` (a day into it), with one format and one track."""
    from django.utils import timezone

    from xarxa.congress.models import PHASE_ORDER

    now = timezone.now().replace(microsecond=0)
    index = PHASE_ORDER.index(phase)
    # Phase n (1 = call ... 6 = afterwards) starts 30 days after the one before; the current one a day ago.
    starts = {n: now + timedelta(days=30 * (n - index) - 1) for n in range(1, 7)}
    edition = EditionFactory(
        call_opens_at=starts[1], vote_opens_at=starts[2], review_opens_at=starts[3], programme_at=starts[4],
        starts_on=starts[5].astimezone(MADRID).date(), ends_on=starts[6].astimezone(MADRID).date() - timedelta(days=1),
        **fields)
    SessionFormatFactory(edition=edition)
    TrackFactory(edition=edition)
    assert edition.phase == phase, (edition.phase, phase)
    return edition


def proposal_for(edition, author, submit=True, **fields):
    from xarxa.congress import services

    values = {"title": "Compra pública de innovación en 90 minutos", "abstract": "Cómo lo hicimos.",
              "description": "Un taller **práctico**.", "session_format": edition.formats.first(),
              "track": edition.tracks.first(), "language": "es", "notes_for_committee": "Necesito proyector."}
    values.update(fields)
    return services.propose(author, edition, submit=submit, **values)
