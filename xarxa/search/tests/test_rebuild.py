"""The rebuild command (batched plain-value reads) writes exactly the documents the live path writes
(one object at a time): both go through documents.*_document, and this pins that they agree."""

import pytest
from django.core.management import call_command

from xarxa.accounts.models import Profile
from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.debates.tests.factories import DebateFactory
from xarxa.library.tests.factories import ResourceFactory
from xarxa.organisations.models import Organisation
from xarxa.search import services
from xarxa.search.models import SearchDocument
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory
from xarxa.topics.models import Topic

pytestmark = pytest.mark.django_db

COMPARED = ("kind", "content_id", "user_id", "organisation_id", "topic_id", "space_id", "title", "body", "language",
            "country", "url", "date", "title_terms", "body_terms")


def index_snapshot() -> dict:
    """Every document's fields and topics, keyed by what it describes (ids change with a rebuild)."""
    snapshot = {}
    for document in SearchDocument.objects.prefetch_related("topics"):
        values = {name: getattr(document, name) for name in COMPARED}
        values["country"] = str(values["country"])
        values["topics"] = sorted(topic.pk for topic in document.topics.all())
        owner = (document.kind, document.content_id, document.user_id, document.organisation_id, document.topic_id,
                 document.space_id if document.content_id is None else None)
        snapshot[owner] = values
    return snapshot


def test_the_rebuild_writes_the_same_documents_as_the_live_path():
    topic = TopicFactory(name="Agua", slug="agua", description="Ciclo del agua")
    organisation = OrganisationFactory(name="Concello de Vigo", parent=OrganisationFactory(name="Xunta"))
    author = UserFactory(profile__full_name="Ana Ríos", profile__headline="Técnica de aguas",
                         profile__country="PT", profile__organisation=organisation)
    author.profile.topics.add(topic)
    group = SpaceFactory(name="Red del agua", country="ES", organisation=organisation)
    group.topics.add(topic)
    DebateFactory(content__title="Reutilización", content__space=group)  # its country: the group's
    item = DebateFactory(content__title="Depuración natural", content__body="Humedales **artificiales**.",
                         content__author=author).content  # its country: the author's
    item.topics.add(topic)
    content_services.add_comment(UserFactory(), item, "Funciona en Galicia.")
    hidden = content_services.add_comment(UserFactory(), item, "Publicidad.")
    content_services.hide_comment(UserFactory(is_staff=True), hidden)
    content_services.add_translation(author, item, language="pt", title="Depuração natural", body="Zonas húmidas.")
    ResourceFactory(content__title="Guía de riego", content__author=author)  # a kind with its own builder
    # The live path over every owner (the signals ran at creation, some before the last edit).
    SearchDocument.objects.all().delete()
    for index, objects in [(services.index_member, Profile.objects.all()),
                           (services.index_organisation, Organisation.objects.all()),
                           (services.index_group, Space.objects.all()), (services.index_topic, Topic.objects.all()),
                           (services.index_content, Content.objects.all())]:
        for obj in objects:
            index(obj)
    live = index_snapshot()
    assert len(live) >= 8 and any(v["body"].endswith("Funciona en Galicia.") for v in live.values())

    call_command("rebuild_search_index", verbosity=0)

    assert index_snapshot() == live
