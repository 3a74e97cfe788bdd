"""Scheduled posts were drafts with a publication time; they now have the content status "scheduled"."""

from django.db import migrations


def to_scheduled(apps, schema_editor):
    Content = apps.get_model("content", "Content")
    Content.objects.filter(status="draft", post__publish_at__isnull=False).update(status="scheduled")


def to_draft(apps, schema_editor):
    Content = apps.get_model("content", "Content")
    Content.objects.filter(status="scheduled").update(status="draft")


class Migration(migrations.Migration):

    dependencies = [
        ("blogs", "0001_initial"),
        ("content", "0005_hidden_remembers_status"),
    ]

    operations = [migrations.RunPython(to_scheduled, to_draft)]
