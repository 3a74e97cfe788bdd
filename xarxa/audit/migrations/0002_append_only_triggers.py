"""The database refuses to update or delete audit rows (see xarxa.audit.guard), on PostgreSQL and SQLite."""

from django.db import migrations

from xarxa.audit import guard


def install(apps, schema_editor):
    guard.install(schema_editor)


def remove(apps, schema_editor):
    guard.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
