"""Keeping the index current, and searching it with the reader's visibility applied inside the query.

Indexing: the base models (Content, Profile, Organisation, Space, Topic) are indexed by the signal
receivers in signals.py, because the apps that own them must not depend on search (a leaf). Content
kinds call index_content / remove_content from their own services when something the base row does
not hold changes (see documents.register_searchable). Hiding content or changing a space's
visibility needs no call at all: visibility is joined live at query time.
"""

import logging
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from xarxa.accounts.models import Profile
from xarxa.accounts.rules import verified_member_condition
from xarxa.content.models import Content, listed_condition
from xarxa.organisations.models import Organisation
from xarxa.search import documents, text
from xarxa.search.backends import get_backend
from xarxa.search.models import Kind, SearchDocument
from xarxa.spaces.models import Space
from xarxa.topics.models import Topic

log = logging.getLogger(__name__)
PER_PAGE = 20
# Bounds that keep a search's cost flat as matches grow: counts stop at COUNT_LIMIT items per kind
# (shown as "1,000+"), and at most CANDIDATES rows (the newest matches) are ranked and paged.
COUNT_LIMIT = 1000
CANDIDATES = 1000
MAX_VERSIONS = 2  # language rows read per item when counting, on average, before a count says "more"
SUGGESTIONS_PER_KIND = 4
SUGGEST_MIN_LENGTH = 2


# Indexing --------------------------------------------------------------------------------------------

def _store(owner: dict, fields: dict, topic_ids) -> SearchDocument:
    fields = get_backend().prepare(dict(fields))
    document, _created = SearchDocument.objects.update_or_create(**owner, defaults=fields)
    document.topics.set(topic_ids)
    return document


def index_content(content) -> SearchDocument:
    """(Re)index one content row (each language version is its own row)."""
    return _store({"content": content}, documents.content_fields(content), content.topics.values_list("pk", flat=True))


def index_comment_owner(comment) -> SearchDocument | None:
    """Reindex the item a reply belongs to (its text is part of the item's document)."""
    content = Content.objects.select_related("space", "author__profile").filter(pk=comment.content_id).first()
    return index_content(content) if content is not None else None


def remove_content(content) -> None:
    SearchDocument.objects.filter(content_id=content.pk).delete()


def index_member(profile) -> SearchDocument:
    return _store({"user_id": profile.user_id}, documents.member_fields(profile),
                  profile.topics.values_list("pk", flat=True))


def index_organisation(organisation) -> SearchDocument:
    return _store({"organisation": organisation}, documents.organisation_fields(organisation), [])


def index_group(space) -> SearchDocument | None:
    if space.kind != Space.Kind.GROUP:  # other kinds of space get pages (and search) with their apps
        return None
    return _store({"kind": Kind.GROUP, "space": space}, documents.group_fields(space),
                  space.topics.values_list("pk", flat=True))


def index_topic(topic) -> SearchDocument:
    return _store({"topic": topic}, documents.topic_fields(topic), [])


def safely(index, obj):
    """Index without ever failing the member's own act: a broken row is logged and the rebuild command
    repairs it. The savepoint keeps a failed write from poisoning the surrounding transaction."""
    try:
        with transaction.atomic():
            return index(obj)
    except Exception:
        log.exception("search: could not index %r", obj)
        return None


# Visibility ------------------------------------------------------------------------------------------

def _profile_visibility(viewer) -> Q:
    """Profile.objects.visible_to as a join condition (a subquery over every profile would be hashed on
    each search). tests/test_visibility_rules.py proves the two agree for every kind of viewer."""
    active = Q(user__is_active=True, user__is_approved=True)
    if viewer.is_authenticated and viewer.is_staff:
        return active
    shown = Q(user__profile__visibility=Profile.Visibility.EVERYONE)
    if viewer.is_authenticated and viewer.is_approved:
        shown |= Q(user__profile__visibility=Profile.Visibility.MEMBERS) & verified_member_condition(viewer)
    own = Q(user_id=viewer.pk) if viewer.is_authenticated else Q(pk__in=[])
    return active & (shown | own)


def visible_documents(viewer):
    """Documents `viewer` may find. Content: published, in the open network or in a space the viewer may
    read (Space.objects.readable_by, live); groups: Space.objects.visible_to (so secret ones only for
    their members and invitees); members: their profile's visibility; organisations: approved ones; topics:
    those used where the viewer may look (Topic.objects.listed_to)."""
    readable = Space.objects.readable_by(viewer).values("pk")
    content = Q(content__isnull=False) & listed_condition(readable, prefix="content__")
    groups = Q(kind=Kind.GROUP, space__in=Space.objects.visible_to(viewer).values("pk"))
    members = Q(kind=Kind.MEMBER) & _profile_visibility(viewer)
    organisations = Q(kind=Kind.ORGANISATION, organisation__status=Organisation.Status.APPROVED)
    topics = Q(kind=Kind.TOPIC, topic__in=Topic.objects.listed_to(viewer).values("pk"))  # none of secret groups
    return SearchDocument.objects.filter(content | groups | members | organisations | topics)


# Searching -------------------------------------------------------------------------------------------

@dataclass
class SearchResults:
    query: text.ParsedQuery | None = None
    rows: list = field(default_factory=list)
    page: object = None  # a Django Page over the ranked items, for the shared pagination partial
    # kind → number of matching items (before the kind filter), at most COUNT_LIMIT: a kind that has
    # more shows COUNT_LIMIT with its name in `more` ("1,000+").
    counts: dict = field(default_factory=dict)
    more: set = field(default_factory=set)
    total: int = 0  # matching items (for the kind filter, if any); a lower bound when `total_is_more`
    total_is_more: bool = False
    ranked: int = 0  # items ranked and paged: fewer than `total` when the candidate set was bounded
    error: str = ""

    @property
    def is_limited(self):
        """Whether the pages show fewer items than matched (the most relevant of the newest CANDIDATES)."""
        return self.total_is_more or self.ranked < self.total


def parse(raw: str):
    """(ParsedQuery, "") or (None, a message for the member)."""
    try:
        parsed = text.parse_query(raw)
    except text.QueryError:
        return None, _("Your search is too long. Use at most %(max)d characters.") % {"max": text.MAX_QUERY_LENGTH}
    if parsed.is_empty:
        return None, _("Type one or more words to search for.") if (raw or "").strip() else ""
    return parsed, ""


def apply_filters(documents_qs, filters: dict):
    """Filters other than the kind (which is applied after counting, so each kind's count shows)."""
    if filters.get("space"):
        documents_qs = documents_qs.filter(space=filters["space"])
    if filters.get("country"):
        documents_qs = documents_qs.filter(country=filters["country"])
    if filters.get("topic"):
        documents_qs = documents_qs.filter(topics=filters["topic"])
    if filters.get("language"):
        documents_qs = documents_qs.filter(language=filters["language"])
    if filters.get("date_from"):
        documents_qs = documents_qs.filter(date__date__gte=filters["date_from"])
    if filters.get("date_to"):
        documents_qs = documents_qs.filter(date__date__lte=filters["date_to"])
    return documents_qs


def all_kinds() -> list[str]:
    from xarxa.content import kinds as content_kinds

    return [Kind.MEMBER, Kind.ORGANISATION, Kind.GROUP, Kind.TOPIC, *(k.key for k in content_kinds.all_kinds())]


def with_item(documents_qs):
    """Annotate `item`: the item a row belongs to, the same for every language version of one content
    item (its original's id), so versions count and show once. Unique within a kind."""
    return documents_qs.annotate(item=Coalesce("content__original_id", "content_id", "pk"))


def newest_matches(matched, limit=None) -> tuple[list, bool]:
    """The newest matches as (pk, kind, item), at most limit * MAX_VERSIONS + 1 rows, and whether there
    may be more. One bounded scan both counts and picks the candidates. In date order on purpose: the
    planner then walks the newest-first index and stops at the limit. Unordered, it misjudged how many
    rows match under a LIMIT (phrases, filters) and walked another index over every document."""
    limit = limit or COUNT_LIMIT
    rows = with_item(matched).order_by("-date", "-pk").values_list("pk", "kind", "item")
    sample = list(rows[:limit * MAX_VERSIONS + 1])
    return sample, len(sample) > limit * MAX_VERSIONS


def count_by_kind(sample, sample_is_full, limit=None) -> tuple[dict, set]:
    """Matching items per kind in the sample of newest_matches, so the cost is bounded by the limit, not
    by how common the words are. Returns (counts, kinds whose count is only a lower bound, "n+")."""
    limit = limit or COUNT_LIMIT
    items = {}
    for _pk, kind, item in sample:
        items.setdefault(kind, set()).add(item)
    counts, more = {}, set()
    for kind, found in items.items():
        counts[kind] = min(len(found), limit)
        if sample_is_full or len(found) > limit:  # more may match than the sample holds
            more.add(kind)
    return counts, more


def candidate_pks(matched, sample, sample_is_full, kind="", candidates=None) -> tuple[list, bool]:
    """The newest `candidates` matching rows (of `kind`, if given), taken from the sample when it holds
    them. A second scan only when a kind filter leaves too few of a full sample's rows (newer matches of
    other kinds filled it). Returns (pks, whether the second scan ran)."""
    candidates = candidates or CANDIDATES
    pks = [pk for pk, row_kind, _item in sample if not kind or row_kind == kind][:candidates]
    if len(pks) >= candidates or not sample_is_full:
        return pks, False
    return list(matched.filter(kind=kind).order_by("-date", "-pk").values_list("pk", flat=True)[:candidates]), True


def recount(counts, more, kind, items, pks):
    """The filtered kind's count from the second scan of candidate_pks, which read all its matches up to
    the candidate bound (the sample's count of it was only a lower bound)."""
    counts.pop(kind, None)
    more.discard(kind)
    if items:
        counts[kind] = min(len(items), COUNT_LIMIT)
    if len(items) > COUNT_LIMIT or len(pks) >= CANDIDATES:
        more.add(kind)


def ranked_items(backend, pks, parsed, language) -> list:
    """The candidate rows (candidate_pks) ranked by relevance with recency as the tie-breaker, best
    first. One row per item: the version in the reader's language when it matched, else its
    best-ranked version. Returns small dicts (id, rank); pages fetch the rows."""
    ranked = backend.rank(with_item(SearchDocument.objects.filter(pk__in=pks)), parsed)
    rows = ranked.order_by("-rank", "-date", "-pk").values("pk", "kind", "item", "language", "rank")
    chosen = {}
    for row in rows:
        key = (row["kind"], row["item"])
        if key not in chosen:
            chosen[key] = row
        elif row["language"] == language and chosen[key]["language"] != language:
            chosen[key] = {**row, "rank": chosen[key]["rank"]}  # keep the item's place, show this version
    return list(chosen.values())


def search(viewer, raw_query: str, filters: dict | None = None, page=1, per_page=PER_PAGE,
           language="") -> SearchResults:
    """One page of what `viewer` may find, most relevant first (newest first among equals), one result
    per item (the version in `language`, the reader's, when it matches). Three queries whose cost is
    bounded whatever the number of matches: the newest matches (counted per kind, and the candidates),
    the ranked candidates, the page."""
    parsed, error = parse(raw_query)
    if parsed is None:
        return SearchResults(error=error)
    filters = filters or {}
    backend = get_backend()
    matched = backend.match(apply_filters(visible_documents(viewer), filters), parsed)
    sample, sample_is_full = newest_matches(matched)
    counts, more = count_by_kind(sample, sample_is_full)
    kind = filters.get("kind")
    pks, rescanned = candidate_pks(matched, sample, sample_is_full, kind)
    items = ranked_items(backend, pks, parsed, language) if pks else []
    if rescanned:
        recount(counts, more, kind, items, pks)
    if kind:
        total, total_is_more = counts.get(kind, 0), kind in more
    else:
        total, total_is_more = sum(counts.values()), bool(more)
    # A page over the ranked items: a bad or too-high page number gives the nearest real page.
    page = Paginator(items, per_page).get_page(page)
    rows = []
    if items:
        by_pk = SearchDocument.objects.select_related("space").in_bulk([item["pk"] for item in page.object_list])
        rows = [by_pk[item["pk"]] for item in page.object_list if item["pk"] in by_pk]
    for row in rows:
        row.title_html = text.highlight(row.title, parsed, row.language)
        row.snippet_html = text.snippet(row.body, parsed, row.language)
    return SearchResults(query=parsed, rows=rows, page=page, counts=counts, more=more, total=total,
                         total_is_more=total_is_more, ranked=len(items))


def suggest(viewer, raw_query: str) -> list:
    """Members, groups and topics whose names start with what was typed (each word a prefix)."""
    if len((raw_query or "").strip()) < SUGGEST_MIN_LENGTH or len(raw_query) > text.MAX_QUERY_LENGTH:
        return []
    typed = text.words(raw_query)[:5]
    if not typed:
        return []
    backend = get_backend()
    parsed = text.ParsedQuery(text=raw_query, words=typed)
    found = []
    for kind in (Kind.MEMBER, Kind.GROUP, Kind.TOPIC):
        # content__isnull (true of every name) lets the partial names index serve the title order.
        names = visible_documents(viewer).filter(kind=kind, content__isnull=True)
        rows = backend.prefix(names, typed).order_by("title", "pk")
        for row in rows[:SUGGESTIONS_PER_KIND]:
            row.title_html = text.highlight(row.title, parsed, "", prefix=True)
            found.append(row)
    return found
