"""Rebuilding the whole index from the live tables (`manage.py rebuild_search_index`), fast enough for a
million items.

Why it does not reuse the live path (services.index_*): that path saves one object at a time through
the ORM (an update_or_create and a topics.set per row). Here each source is read in keyset batches as
plain column values (no model instance per row, comments fetched once per batch), documents are written
with one executemany (SQLite) or COPY (PostgreSQL) per batch, and the topic links are copied in one
INSERT ... SELECT per source. Everything runs in one transaction: readers keep seeing the old index until
the new one is complete, and SQLite writes its FTS table once instead of committing per batch.
Stemming on SQLite (text.stem_words) is memoised, which was most of the former cost.
"""

import time
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from xarxa.accounts.models import Profile
from xarxa.content.models import Comment, Content
from xarxa.core.bulk import insert_rows, refresh_planner_statistics
from xarxa.organisations.models import Organisation
from xarxa.search import documents
from xarxa.search.backends import get_backend
from xarxa.search.models import SearchDocument
from xarxa.spaces.models import Space

BATCH_SIZE = 2000


def rebuild_index(batch_size=BATCH_SIZE, stdout=None) -> int:
    """Empty the index and fill it again from the live tables. Returns the number of documents."""
    sources = [("member", _member_rows), ("organisation", _organisation_rows), ("group", _group_rows),
               ("topic", _topic_rows), ("content", _content_rows)]
    total = 0
    with transaction.atomic():
        _empty()
        for name, rows in sources:
            started = time.perf_counter()
            count = _write(rows(batch_size), batch_size)
            total += count
            if stdout:
                elapsed = time.perf_counter() - started
                stdout.write(f"{name}: {count} in {elapsed:.1f}s ({count / max(elapsed, 1e-6):.0f}/s)")
        _link_topics()
    if connection.vendor == "postgresql":  # the planner's statistics no longer describe the table
        refresh_planner_statistics(SearchDocument)
    return total


# Writing ---------------------------------------------------------------------------------------------

def _empty():
    # Raw deletes: the ORM's delete() would first read every id to cascade to the topic links.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchDocument.topics.through._meta.db_table}")
        cursor.execute(f"DELETE FROM {SearchDocument._meta.db_table}")


def _write(rows, batch_size) -> int:
    """Write document dicts (the documents.*_document fields plus their owner) in batches, through the
    shared bulk loader (COPY on PostgreSQL, executemany elsewhere)."""
    backend, now = get_backend(), timezone.now()

    def prepared(fields):
        fields = backend.prepare({"title_terms": "", "body_terms": "", **fields, "indexed_at": now})
        fields["country"] = str(fields.get("country") or "")  # a Country object from live rows
        return fields

    return insert_rows(SearchDocument, map(prepared, rows), batch_size)


def _link_topics():
    """The documents' topics are their owners' topics: copied table to table, no row through Python."""
    links = SearchDocument.topics.through._meta.db_table
    sources = [
        (Content.topics.through, "content_id", "content_id"),
        (Profile.topics.through, "profile_id", "user_id"),
        (Space.topics.through, "space_id", "space_id"),
    ]
    with connection.cursor() as cursor:
        for through, owner_column, document_column in sources:
            extra = " AND d.kind = 'group'" if document_column == "space_id" else ""
            cursor.execute(
                f"INSERT INTO {links} (searchdocument_id, topic_id)"
                f" SELECT d.id, t.topic_id FROM {through._meta.db_table} t"
                f" JOIN {SearchDocument._meta.db_table} d ON d.{document_column} = t.{owner_column}{extra}")


# Reading ---------------------------------------------------------------------------------------------

def _batches(queryset, batch_size, key="pk"):
    """Keyset batches of a values queryset ordered by `key` (no OFFSET: each batch costs the same)."""
    last = None
    while True:
        page = queryset.filter(**{f"{key}__gt": last}) if last is not None else queryset
        batch = list(page.order_by(key)[:batch_size])
        if not batch:
            return
        last = batch[-1][key]
        yield batch


def _member_rows(batch_size):
    columns = ("user_id", "full_name", "user__username", "headline", "position", "organisation__name", "bio_html",
               "country", "user__date_joined", "visibility", "position_visibility", "organisation_visibility",
               "location_visibility")
    for batch in _batches(Profile.objects.values(*columns), batch_size, key="user_id"):
        for row in batch:
            yield {"user_id": row["user_id"], **documents.member_document(
                full_name=row["full_name"], username=row["user__username"], headline=row["headline"],
                position=row["position"], organisation_name=row["organisation__name"] or "",
                bio_html=row["bio_html"], country=row["country"], date_joined=row["user__date_joined"],
                visibilities=documents.detail_visibilities(row))}


def _organisation_rows(batch_size):
    # Few rows (hundreds to thousands): the object path is fine here and keeps one definition.
    for organisation in Organisation.objects.select_related("parent").order_by("pk").iterator(batch_size):
        yield {"organisation_id": organisation.pk, **documents.organisation_fields(organisation)}


def _group_rows(batch_size):
    groups = Space.objects.of_kind(Space.Kind.GROUP).select_related("organisation").order_by("pk")
    for space in groups.iterator(batch_size):
        yield documents.group_fields(space)


def _topic_rows(batch_size):
    from xarxa.topics.models import Topic

    for topic in Topic.objects.order_by("pk").iterator(batch_size):
        yield {"topic_id": topic.pk, **documents.topic_fields(topic)}


CONTENT_COLUMNS = ("pk", "kind", "space_id", "title", "body_html", "language", "original_id", "published_at",
                   "created_at", "space__country", "author__profile__country", "author__profile__visibility",
                   "author__profile__location_visibility")


def _content_rows(batch_size):
    for batch in _batches(Content.objects.values(*CONTENT_COLUMNS), batch_size):
        ids = [row["pk"] for row in batch]
        replies = _replies(ids)
        built = _built_fields(batch)
        for row in batch:
            yield {"content_id": row["pk"], **documents.content_document(
                kind=row["kind"], space_id=row["space_id"], title=row["title"], body_html=row["body_html"],
                language=row["language"], country=row["space__country"] or documents.author_public_country(
                    row["author__profile__country"], row["author__profile__visibility"],
                    row["author__profile__location_visibility"]),
                url=_content_url(row), date=row["published_at"] or row["created_at"], extra=built.get(row["pk"]),
                replies=replies.get(row["pk"], ""))}


def _content_url(row) -> str:
    # An unsaved instance holding only what kinds.url_for reads (no query: relations are not loaded).
    return Content(pk=row["pk"], kind=row["kind"], original_id=row["original_id"], language=row["language"],
                   space_id=row["space_id"]).get_absolute_url()


def _replies(content_ids) -> dict:
    """content id -> the text of its first visible replies, for a whole batch in one query."""
    bodies = defaultdict(list)
    visible = documents.findable_comments(Comment.objects.filter(content_id__in=content_ids))
    for content_id, body_html in visible.order_by("content_id", "created_at", "id").values_list("content_id",
                                                                                                 "body_html"):
        if len(bodies[content_id]) < documents.MAX_COMMENTS:  # the rest would be cut by replies_text anyway
            bodies[content_id].append(body_html)
    return {content_id: documents.replies_text(texts) for content_id, texts in bodies.items()}


def _built_fields(batch) -> dict:
    """content id -> what its kind's builder adds, for the kinds that registered one: their objects are
    loaded per batch and kind, with the relations the builder declared."""
    by_kind = defaultdict(list)
    for row in batch:
        builder, _prefetch = documents.builder_for(row["kind"])
        if builder is not None:
            by_kind[row["kind"]].append(row["pk"])
    built = {}
    for kind, ids in by_kind.items():
        builder, prefetch = documents.builder_for(kind)
        objects = Content.objects.filter(pk__in=ids).select_related("space", "author__profile")
        for content in objects.prefetch_related(*prefetch):
            built[content.pk] = builder(content)
    return built
