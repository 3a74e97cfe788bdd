import factory

from xarxa.content.tests.factories import ContentFactory
from xarxa.debates.models import Debate


class DebateFactory(factory.django.DjangoModelFactory):
    """A published debate; DebateFactory(content__space=group, content__author=ana)."""

    class Meta:
        model = Debate

    content = factory.SubFactory(ContentFactory, kind="debate")
