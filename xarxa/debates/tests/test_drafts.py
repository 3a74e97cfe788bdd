"""Draft debates: saved from the form, kept in "my drafts", published later by their author only."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Activity
from xarxa.content.models import Content
from xarxa.debates import services

pytestmark = pytest.mark.django_db


def test_save_a_draft_find_it_in_my_drafts_then_publish_it(client):
    ana = UserFactory()
    client.force_login(ana)
    response = client.post(reverse("debates:create"), {"title": "¿Borrador?", "body": "Texto", "language": "es",
                                                       "topic_names": "", "save_draft": "1"})
    content = Content.objects.get(title="¿Borrador?")
    assert response.status_code == 302 and content.status == Content.Status.DRAFT and content.published_at is None
    assert not Activity.objects.filter(content=content).exists()
    assert "¿Borrador?" in client.get(reverse("debates:drafts")).content.decode()
    assert "¿Borrador?" not in client.get(reverse("debates:list")).content.decode()
    assert gettext("Publish the debate") in client.get(content.get_absolute_url()).content.decode()
    client.post(reverse("debates:publish", args=[content.pk]))
    content.refresh_from_db()
    assert content.status == Content.Status.PUBLISHED and content.published_at is not None
    assert Activity.objects.filter(content=content, verb="published").count() == 1
    assert "¿Borrador?" in client.get(reverse("debates:list")).content.decode()
    assert "¿Borrador?" not in client.get(reverse("debates:drafts")).content.decode()
    # Publishing again is refused with a clear message and changes nothing.
    response = client.post(reverse("debates:publish", args=[content.pk]), follow=True)
    assert gettext("This debate is already published.") in response.content.decode()
    assert Activity.objects.filter(content=content, verb="published").count() == 1


def test_others_cannot_see_or_publish_a_draft_not_even_staff(client):
    ana = UserFactory()
    draft = services.publish_debate(ana, title="Secreto", draft=True)
    for other in (UserFactory(), UserFactory(is_staff=True)):
        client.force_login(other)
        assert client.get(draft.content.get_absolute_url()).status_code == 404
        assert client.post(reverse("debates:publish", args=[draft.pk])).status_code == 404
        assert "Secreto" not in client.get(reverse("debates:drafts")).content.decode()
    draft.content.refresh_from_db()
    assert draft.content.status == Content.Status.DRAFT


def test_opening_a_debate_normally_is_unchanged(client):
    ana = UserFactory()
    client.force_login(ana)
    client.post(reverse("debates:create"), {"title": "Abierto", "body": "", "language": "es", "topic_names": ""})
    assert Content.objects.get(title="Abierto").status == Content.Status.PUBLISHED
