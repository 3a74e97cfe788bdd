"""Give every wiki page a slug and a path (slugs from the top page down), unique in its wiki."""

from django.db import migrations, models
from django.db.models import Q
from django.utils.text import slugify

RESERVED = {"new", "pages"}


def fill_paths(apps, schema_editor):
    WikiPage = apps.get_model("wikis", "WikiPage")
    pages = {page.pk: page for page in WikiPage.objects.select_related("content")}
    done, taken = {}, set()

    def path_of(page, seen=()):
        if page.pk in done:
            return done[page.pk]
        parent = pages.get(page.parent_id) if page.parent_id not in seen else None
        prefix = f"{path_of(parent, (*seen, page.pk))}/" if parent else ""
        base = slugify(page.content.title)[:74].strip("-") or "page"
        number, slug = 1, base
        while (page.space_id, f"{prefix}{slug}") in taken or (not prefix and slug in RESERVED):
            number += 1
            slug = f"{base}-{number}"
        page.slug, page.path = slug, f"{prefix}{slug}"
        taken.add((page.space_id, page.path))
        done[page.pk] = page.path
        return page.path

    for page in pages.values():
        path_of(page)
    WikiPage.objects.bulk_update(pages.values(), ["slug", "path"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("spaces", "0001_initial"),
        ("wikis", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="wikipage",
            name="slug",
            field=models.SlugField(default="", editable=False, max_length=80),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="wikipage",
            name="path",
            field=models.CharField(default="", editable=False, max_length=1000),
            preserve_default=False,
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="wikipage",
            constraint=models.UniqueConstraint(condition=Q(("space__isnull", False)), fields=("space", "path"),
                                               name="wiki_path_unique_in_space"),
        ),
        migrations.AddConstraint(
            model_name="wikipage",
            constraint=models.UniqueConstraint(condition=Q(("space__isnull", True)), fields=("path",),
                                               name="wiki_path_unique_in_open_wiki"),
        ),
    ]
