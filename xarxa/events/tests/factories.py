from datetime import timedelta

import factory
from django.utils import timezone

from xarxa.content.tests.factories import ContentFactory
from xarxa.events.models import Event, Rsvp


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


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rsvp

    event = factory.SubFactory(EventFactory)
    answer = Rsvp.Answer.GOING
