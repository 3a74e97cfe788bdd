"""Every change made on the admin site is in the audit trail; the trail itself is read-only there."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import TopicFactory, UserFactory
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.audit.models import AuditEntry
from xarxa.topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin = UserFactory(username="raiz", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


def test_adding_changing_and_deleting_on_the_admin_site_are_recorded(staff_client):
    staff_client.post(reverse("admin:topics_topic_add"), {"name": "Datos", "slug": "datos", "description": ""})
    topic = Topic.objects.get(slug="datos")
    staff_client.post(reverse("admin:topics_topic_change", args=[topic.pk]),
                      {"name": "Datos abiertos", "slug": "datos", "description": ""})
    staff_client.post(reverse("admin:topics_topic_delete", args=[topic.pk]), {"post": "yes"})

    assert not Topic.objects.filter(pk=topic.pk).exists()
    rows = AuditEntry.objects.order_by("id").values_list("action", "actor_id", "target_id", "target_display")
    assert list(rows) == [("admin.add", staff_client.admin.pk, str(topic.pk), "Datos"),
                          ("admin.change", staff_client.admin.pk, str(topic.pk), "Datos abiertos"),
                          ("admin.delete", staff_client.admin.pk, str(topic.pk), "Datos abiertos")]
    assert AuditEntry.objects.get(action="admin.change").extra["admin_message"] == [
        {"changed": {"fields": ["Name"]}}]


def test_a_bulk_delete_on_the_admin_site_records_each_object(staff_client):
    topics = [TopicFactory(name="Uno"), TopicFactory(name="Dos")]

    staff_client.post(reverse("admin:topics_topic_changelist"),
                      {"action": "delete_selected", "_selected_action": [t.pk for t in topics], "post": "yes"})

    assert not Topic.objects.filter(pk__in=[t.pk for t in topics]).exists()
    assert sorted(AuditEntry.objects.filter(action="admin.delete").values_list("target_display", flat=True)) == [
        "Dos", "Uno"]


def test_the_trail_is_read_only_on_the_admin_site(staff_client):
    entry = record(None, Action.CONTENT_HIDE, reason="spam")

    assert staff_client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    page = staff_client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert staff_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert staff_client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]),
                             {"post": "yes"}).status_code == 403
    staff_client.post(reverse("admin:audit_auditentry_changelist"),
                      {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk, reason="spam").exists()
