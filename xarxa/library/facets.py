"""The faceted library list. Each facet's counts are computed with every *other* chosen filter applied, so
the number beside a value is exactly how many resources the list would show if the reader picked it
(keeping the rest). See count_summaries for how few table scans that takes; the cost never depends on
the page or on how many options a facet has.

Counting is still a pass over every matching resource (hundreds of milliseconds at 100,000 on SQLite), so
counts are cached per *part* of the library and filter combination (cached_counts): the open library's
counts are shared by every reader, a group's by its readers, so a member of private groups counts only
their groups. A chosen facet's counts are the list's without that filter, so a page with one filter takes
them from the unfiltered library's cached counts. Any change to a resource starts a new generation, and
the unfiltered library and the filters used lately are counted again in the background (warm_soon)."""

import hashlib
import json
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django_countries import countries as all_countries

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.library.choices import Goal, Level, Licence, PolicyArea, ResourceKind, Stage

# facet key (the query parameter) → the column it filters and groups by, from the Content side.
FACET_FIELDS = {
    "kind": "resource__resource_kind",
    "area": "resource__policy_area",
    "level": "resource__level",
    "country": "resource__country_rows__country",
    "sdg": "resource__goal_rows__goal",
    "stage": "resource__stage",
    "language": "language",
    "licence": "resource__licence",
    "year": "resource__year",
}
# Each sort matches an index column for column (content_kind_newest; library_most_replicated and
# library_best_rated on Resource), ties broken by the newest id, so a page is read in index order, no sort.
NEWEST = ("-published_at", "-pk")
RESOURCE_SORTS = {
    "replicated": ("-replication_count", "-pk"),
    "rated": ("-rating_average", "-rating_count", "-pk"),
}
# The filters on the base row's own columns; the others are the resource's.
CONTENT_FILTERS = {"language", "q"}
# Facets stored a row per value: counted from their own table, over the ids of the matching resources.
ROW_FACETS = {"country": ("country_rows", "country"), "sdg": ("goal_rows", "goal")}
COUNTS_TIMEOUT = 60  # seconds; a backstop for changes that bypass the model signals (bulk updates)
GENERATION_KEY = "library:facets:generation"
WARMING_KEY = "library:facets:warming"  # set while a task that counts the unfiltered library is queued
RECENT_KEY = "library:facets:recent"  # the filters lately counted, newest first: counted again after a change
RECENT_KEPT = 12


@dataclass
class FacetOption:
    value: object
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    options: list

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


def _labels():
    return {
        "kind": dict(ResourceKind.choices), "area": dict(PolicyArea.choices), "level": dict(Level.choices),
        "country": dict(all_countries), "sdg": dict(Goal.choices), "stage": dict(Stage.choices),
        "language": dict(LANGUAGE_CHOICES), "licence": dict(Licence.choices), "year": {},
    }


def apply_filters(queryset, filters, skip=None):
    """`queryset` narrowed by every chosen facet but `skip` (and by the title words, always)."""
    for key, field in FACET_FIELDS.items():
        value = filters.get(key)
        if key != skip and value not in (None, ""):
            # Country and goal rows are unique per resource, so these joins never repeat a resource.
            queryset = queryset.filter(**{field: value})
    if filters.get("q"):
        queryset = queryset.filter(title__icontains=filters["q"])
    return queryset


def _choices(with_years=True):
    """The values of each facet that can be counted in the shared pass. Years are open-ended: the distinct
    years stored are read from their index first (a cheap index-only query), so they join the pass too."""
    from xarxa.library.models import Resource

    choices = {"kind": ResourceKind.values, "area": PolicyArea.values, "level": Level.values, "stage": Stage.values,
               "language": [code for code, _name in LANGUAGE_CHOICES], "licence": Licence.values}
    if with_years:
        choices["year"] = sorted(Resource.objects.order_by().values_list("year", flat=True).distinct())
    return choices


def _chosen(filters):
    return [key for key in FACET_FIELDS if filters.get(key) not in (None, "")]


def _without(filters, key):
    return {name: value for name, value in filters.items() if name != key}


# Parts of the library ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """A slice of the library that everyone who may read it sees alike, so its counts are computed once and
    shared by all of them: the open library (every reader), the groups one reader may read (readers with
    the same groups), or one group's own library (its readers). `open_library` narrows the visible
    resources to the slice (None: they already are); `key` names its cache entries."""

    key: str
    open_library: bool | None = None

    def where(self):
        """The condition of this part's rows. PostgreSQL knows how many rows have no group (its statistics
        count NULLs) and gets them plain. SQLite's do not: an index on `space_id` (95 % NULL) looks
        selective, so the open library's condition is written so that no index serves it (else the whole
        open library is read through it instead of the index of a chosen facet), and the groups' few rows
        are reached through that index as a range (SQLite walks no index for IS NOT NULL)."""
        if self.open_library is None:
            return Q()
        if connection.vendor != "sqlite":
            return Q(space__isnull=self.open_library)
        if self.open_library:
            return Q(Exact(Coalesce(F("space_id"), Value(0)), 0))
        return Q(space_id__gt=0)


def parts_for(scope, space=None):
    """The parts a reader's library is made of. `scope` says what they may read (services.visibility_scope)."""
    if space is not None:
        return [Part(f"space:{space.pk}")]
    return [Part("open", open_library=True), Part(f"groups:{scope}", open_library=False)]


def _labelled(queryset, number):
    return queryset.annotate(library_part=Value(number, output_field=IntegerField()))


def _union(arms):
    return arms[0].union(*arms[1:], all=True) if len(arms) > 1 else arms[0]


def _in_one_pass(parts):
    """Whether to count all `parts` in one pass, each row labelled with its part (PostgreSQL), rather than
    in a UNION ALL of one arm per part, each narrowed by its condition (SQLite, whose planner then takes
    the small groups' part through the space index and the open library through a chosen facet's). On
    PostgreSQL each arm would read the library again."""
    return len(parts) > 1 and connection.vendor != "sqlite"


def _part_label(parts):
    """The number of the part each row is in (the parts cover every visible row; NULL would be none)."""
    return Case(*[When(part.where(), then=Value(number)) for number, part in enumerate(parts)],
                output_field=IntegerField())


def _grouped_rows(queryset, parts, *columns, **aggregates):
    """{part: [row dicts]}: `aggregates` over `queryset` (grouped by `columns`, if any) for each of `parts`,
    in one query (see _in_one_pass)."""
    if _in_one_pass(parts):
        rows = (queryset.annotate(library_part=_part_label(parts)).values("library_part", *columns)
                .annotate(**aggregates).order_by())
    else:
        rows = _union([_labelled(queryset.filter(part.where()), number).values("library_part", *columns)
                       .annotate(**aggregates).order_by() for number, part in enumerate(parts)])
    found = {part.key: [] for part in parts}
    for row in rows:
        if row["library_part"] is not None:
            found[parts[row["library_part"]].key].append(row)
    return found


def _row_facet_counts(matching, key, parts):
    """{part: {value: count}} of the country or SDG rows of the matching resources, grouped from their own
    table: a semi-join on the matching ids (so the wide resource table is not joined in), one arm per part
    in a UNION ALL on both databases: labelling each row by its part would join the base rows back in
    (measured on PostgreSQL: 74 → 293 ms at 100,000 resources)."""
    from xarxa.library.models import Resource

    related, column = ROW_FACETS[key]
    model = Resource._meta.get_field(related).related_model
    rows = _union([_labelled(model.objects.filter(resource_id__in=matching.filter(part.where()).values("pk")),
                             number).values_list("library_part", column).annotate(n=Count("pk")).order_by()
                   for number, part in enumerate(parts)])
    found = {part.key: {} for part in parts}
    for number, value, count in rows:
        if value not in (None, ""):
            found[parts[number].key][value] = count
    return found


# Counting ----------------------------------------------------------------------------------------

def count_summaries(queryset, filters, parts):
    """{part: {"total": n, "counts": {facet: {value: n}}}} over the resources matching every filter, for each
    facet nobody chose: the counts a list filtered by `filters` shows beside its unchosen facets.

    The facets with a fixed vocabulary (and the years stored, read first from their index) are counted
    together with the total in one pass of conditional COUNTs; country and SDG, stored a row per value, are
    grouped from their own tables. All parts in the same queries."""
    unchosen = [key for key in FACET_FIELDS if key not in _chosen(filters)]
    fixed = _choices(with_years="year" in unchosen)
    together = [key for key in fixed if key in unchosen]
    aggregates = {"total": Count("pk")}
    for key in together:
        for index, value in enumerate(fixed[key]):
            aggregates[f"{key}_{index}"] = Count("pk", filter=Q(**{FACET_FIELDS[key]: value}))
    matching = apply_filters(queryset, filters)
    summaries = {part.key: {"total": 0, "counts": {key: {} for key in unchosen}} for part in parts}
    for part_key, rows in _grouped_rows(matching, parts, **aggregates).items():
        for row in rows:
            summary = summaries[part_key]
            summary["total"] = row["total"]
            for key in together:
                summary["counts"][key] = {value: row[f"{key}_{index}"] for index, value in enumerate(fixed[key])
                                          if row[f"{key}_{index}"]}
    for key in unchosen:
        if key not in together:
            for part_key, counts in facet_counts(queryset, filters, key, parts).items():
                summaries[part_key]["counts"][key] = counts
    return summaries


def facet_counts(queryset, filters, key, parts):
    """{part: {value: count}} of facet `key` over the resources matching every filter but its own: what a
    list with `key` chosen shows beside that facet's values."""
    matching = apply_filters(queryset, filters, skip=key)
    if key in ROW_FACETS:
        return _row_facet_counts(matching, key, parts)
    counts = {part.key: {} for part in parts}
    for part_key, rows in _grouped_rows(matching, parts, FACET_FIELDS[key], n=Count("pk")).items():
        counts[part_key] = {row[FACET_FIELDS[key]]: row["n"] for row in rows
                            if row[FACET_FIELDS[key]] not in (None, "")}
    return counts


def _merged(dicts):
    total = {}
    for counts in dicts:
        for value, count in counts.items():
            total[value] = total.get(value, 0) + count
    return total


# The cache of counts -----------------------------------------------------------------------------

def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _forget_counts():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _forget_and_warm():
    _forget_counts()
    warm_soon()


def invalidate_counts():
    """Every cached count is stale from now. Again once the transaction commits: a page counted between
    the change and the commit saw the old rows and cached them under the new generation. Then the open
    library's first page is counted again in the background (see warm_soon). Robust: the change is
    already committed, so a failure there is logged as an error rather than failing the member's request."""
    _forget_counts()
    transaction.on_commit(_forget_and_warm, robust=True)


def entry_key(generation, part, filters, what):
    """The cache key of one part's `what` ("summary" or "facet:<key>") under `filters` (and the title words)."""
    digest = hashlib.sha256(json.dumps([part.key, _chosen_values(filters), what], sort_keys=True).encode())
    digest = digest.hexdigest()[:40]
    return f"library:facets:{generation}:{digest}"


def cached_counts(queryset, filters, parts=None, remember=True):
    """(total, {facet: {value: count}}) for the list of `queryset` filtered by `filters`, as the sum of its
    parts' counts (parts_for). Each part's counts are cached and shared by everyone who reads that part, so
    a member of three private groups reuses the open library's counts and only the groups are counted.

    A chosen facet's counts are those of the list without that filter: when that list's summary is cached
    (the unfiltered library's, say, for a page with one filter), they are taken from it, uncounted.
    Everything missing is counted in as few queries as it takes, all parts at once, and (`remember`) the
    filters join those the background task counts again after a change. No `parts`: counted afresh,
    uncached, as one part."""
    if parts is None:
        parts = [Part("fresh")]
        generation = None
    else:
        generation = _generation()
    chosen = _chosen(filters)
    wanted = {("summary", None, part.key): entry_key(generation, part, filters, "summary") for part in parts}
    for key in chosen:
        rest = _without(filters, key)
        for part in parts:
            wanted[("summary", key, part.key)] = entry_key(generation, part, rest, "summary")
            wanted[("facet", key, part.key)] = entry_key(generation, part, rest, f"facet:{key}")
    found = cache.get_many(list(wanted.values())) if generation else {}
    entries = {what: found[key] for what, key in wanted.items() if key in found}
    fresh = {}

    def missing(what, key):
        return [part for part in parts if (what, key, part.key) not in entries]

    if cold := missing("summary", None):
        if remember and generation:
            remember_filters(filters)
        for part_key, summary in count_summaries(queryset, filters, cold).items():
            entries[("summary", None, part_key)] = summary
            fresh[wanted[("summary", None, part_key)]] = summary
    for key in chosen:
        cold = [part for part in missing("facet", key) if ("summary", key, part.key) not in entries]
        if cold:
            for part_key, counts in facet_counts(queryset, _without(filters, key), key, cold).items():
                entries[("facet", key, part_key)] = counts
                fresh[wanted[("facet", key, part_key)]] = counts
    if fresh and generation:
        cache.set_many(fresh, COUNTS_TIMEOUT)

    summaries = [entries[("summary", None, part.key)] for part in parts]
    counts = {key: _merged(summary["counts"][key] for summary in summaries) for key in FACET_FIELDS
              if key not in chosen}
    for key in chosen:
        counts[key] = _merged(entries[("summary", key, part.key)]["counts"][key]
                              if ("summary", key, part.key) in entries else entries[("facet", key, part.key)]
                              for part in parts)
    return sum(summary["total"] for summary in summaries), counts


# Counted before anyone asks ----------------------------------------------------------------------

def cache_is_shared():
    """Whether a count cached by a worker process reaches the web processes (Redis does; the per-process
    memory cache of a pilot does not, and warming it would be wasted work)."""
    from django.core.cache.backends.locmem import LocMemCache

    return not isinstance(cache, LocMemCache)


def warm_soon():
    """Count the unfiltered library and the filters lately used again in the background after a change
    (warm_counts), so the visitor after a new resource does not wait for them. One task at a time:
    the task clears WARMING_KEY when it starts and then counts whatever is newest, so the changes made
    before it starts need no task of their own."""
    if cache_is_shared() and cache.add(WARMING_KEY, True, COUNTS_TIMEOUT):
        from xarxa.library.tasks import warm_library_counts

        warm_library_counts.enqueue()


def _chosen_values(filters):
    """The chosen filters as the query string gives them (strings), for the cache keys and the recent list."""
    return {key: str(filters[key]) for key in (*FACET_FIELDS, "q") if filters.get(key) not in (None, "")}


def remember_filters(filters):
    """Put these filters first in the list of those lately counted, which the background task counts
    again after a change (a list of at most RECENT_KEPT, kept in the shared cache)."""
    chosen = _chosen_values(filters)
    if chosen and cache_is_shared():
        recent = [earlier for earlier in cache.get(RECENT_KEY, []) if earlier != chosen]
        cache.set(RECENT_KEY, [chosen, *recent][:RECENT_KEPT], None)


def warm_counts():
    """Cache the counts an anonymous visitor's library shows (its open library is everyone's): unfiltered
    first, then the filters visitors counted lately (remember_filters), newest first. Returns how many
    lists were counted or found counted."""
    from django.contrib.auth.models import AnonymousUser

    from xarxa.library.forms import LibraryFilterForm
    from xarxa.library.services import visibility_scope, visible_resources

    visitor = AnonymousUser()
    visible, parts = visible_resources(visitor), parts_for(visibility_scope(visitor))
    lists = [{}]
    for earlier in cache.get(RECENT_KEY, []):
        form = LibraryFilterForm(earlier)  # typed again, and checked: the list lives outside the code
        if form.is_valid():
            lists.append({key: value for key, value in form.cleaned_data.items() if value not in (None, "")})
    for filters in lists:
        cached_counts(visible, filters, parts, remember=False)
    return len(lists)


def build_facets(queryset, filters, labels=None, parts=None):
    """(total, every facet with its options that have resources, and the chosen one even at 0). With `parts`
    (parts_for) the counts come from the cache where they can."""
    labels = labels or _labels()
    total, all_counts = cached_counts(queryset, filters, parts)
    facets = []
    for key, label in FACET_LABELS.items():
        counts = dict(all_counts[key])
        chosen = filters.get(key)
        if chosen not in (None, "") and chosen not in counts:
            counts[chosen] = 0
        names = labels[key]
        if key == "country":
            ordered = sorted(counts, key=lambda v: (-counts[v], str(names.get(v, v))))
        elif key == "year":
            ordered = sorted(counts, reverse=True)
        else:
            ordered = [value for value in names if value in counts]
        options = [FacetOption(value, str(names.get(value, value)), counts[value], value == chosen)
                   for value in ordered]
        facets.append(Facet(key, label, options))
    return total, facets


def ordered_ids(visible, filters):
    """The ids of the resources in `visible` that match `filters`, in the chosen order.

    Newest first walks the content index. The other sorts walk the resource's sort index and keep each
    row whose base row is visible (and matches the content filters), a correlated EXISTS: written as a
    join, SQLite puts the content table first and sorts all 100,000 rows for a page of 20."""
    from xarxa.library.models import Resource

    sort = filters.get("sort")
    if sort not in RESOURCE_SORTS:
        return apply_filters(visible, filters).filter(resource__isnull=False).order_by(*NEWEST).values_list(
            "pk", flat=True)
    readable = apply_filters(visible, {key: filters[key] for key in CONTENT_FILTERS if key in filters})
    rows = Resource.objects.filter(Exists(readable.filter(pk=OuterRef("pk"))))
    for key, field in FACET_FIELDS.items():
        value = filters.get(key)
        if key not in CONTENT_FILTERS and value not in (None, ""):
            rows = rows.filter(**{field.removeprefix("resource__"): value})
    return rows.order_by(*RESOURCE_SORTS[sort]).values_list("pk", flat=True)


def _facet_labels():
    from django.utils.translation import gettext_lazy as _

    return {"kind": _("Kind"), "area": _("Policy area"), "level": _("Level"), "country": _("Country"),
            "sdg": _("Sustainable Development Goal"), "stage": _("Stage"), "language": _("Language"),
            "licence": _("Licence"), "year": _("Year")}


FACET_LABELS = _facet_labels()
