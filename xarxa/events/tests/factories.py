from datetime import timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from xarxa.content.tests.factories import ContentFactory
from xarxa.events import recurrence
from xarxa.events.models import Event, Rsvp

MADRID = ZoneInfo("Europe/Madrid")


class EventFactory(factory.django.DjangoModelFactory):
    """A published one-off event next week, in person, no limit: EventFactory(content__space=group, capacity=2)."""

    class Meta:
        model = Event

    content = factory.SubFactory(ContentFactory, kind="event")
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=2))
    series_ends_at = factory.LazyAttribute(lambda e: e.ends_at)
    time_zone = "Europe/Madrid"
    mode = Event.Mode.IN_PERSON
    venue = "Centro Cívico"
    address = "Calle Mayor 1, Madrid"
    country = "ES"


def weekly(first, count=6, **fields):
    """A weekly series whose first date starts at `first` (aware), two hours long."""
    first = first.astimezone(MADRID).replace(second=0, microsecond=0)
    event = EventFactory(starts_at=first, ends_at=first + timedelta(hours=2), recurrence=f"FREQ=WEEKLY;COUNT={count}",
                         **fields)
    event.series_ends_at = recurrence.series_end(event)
    event.save(update_fields=["series_ends_at"])
    return event


class RsvpFactory(factory.django.DjangoModelFactory):
    """An answer for the event's first date unless `occurrence` is given."""

    class Meta:
        model = Rsvp

    event = factory.SubFactory(EventFactory)
    occurrence = factory.LazyAttribute(lambda r: r.event.starts_at)
    answer = Rsvp.Answer.GOING
