"""The faceted library list. Each facet's counts are computed with every *other* chosen filter applied, so
the number beside a value is exactly how many resources the list would show if the reader picked it
(keeping the rest). See count_everything for how few table scans that takes; the cost never depends on
the page or on how many options a facet has.

Counting is still a pass over every matching resource (hundreds of milliseconds at 100,000), so the counts
are cached per visibility scope and filter combination (cached_counts): everyone who may read the same
groups and picks the same filters shares one entry. Any change to a resource starts a new generation."""

import hashlib
import json
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
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


def facet_counts(queryset, filters, key):
    matching = apply_filters(queryset, filters, skip=key)
    if key in ROW_FACETS:
        rows = _row_facet_counts(matching, key)
    else:
        rows = matching.values_list(FACET_FIELDS[key]).annotate(n=Count("pk")).order_by()
    return {value: n for value, n in rows if value not in (None, "")}


def _row_facet_counts(matching, key):
    """Country or SDG rows of the matching resources, grouped: a semi-join on the matching ids, so the
    wide resource table is not joined in between (and each row is counted once: rows are unique)."""
    from xarxa.library.models import Resource

    related, column = ROW_FACETS[key]
    model = Resource._meta.get_field(related).related_model
    return (model.objects.filter(resource_id__in=matching.values("pk")).values_list(column)
            .annotate(n=Count("pk")).order_by())


def _choices(with_years=True):
    """The values of each facet that can be counted in the shared pass. Years are open-ended: the distinct
    years stored are read from their index first (a cheap index-only query), so they join the pass too."""
    from xarxa.library.models import Resource

    choices = {"kind": ResourceKind.values, "area": PolicyArea.values, "level": Level.values, "stage": Stage.values,
               "language": [code for code, _name in LANGUAGE_CHOICES], "licence": Licence.values}
    if with_years:
        choices["year"] = sorted(Resource.objects.order_by().values_list("year", flat=True).distinct())
    return choices


def count_everything(queryset, filters):
    """(total, {facet: {value: count}}) in as few scans as the chosen filters allow.

    Facets nobody filtered on all count over the same rows (the list as shown), so their values with a
    fixed vocabulary are counted together in one pass with the total (conditional COUNTs). A chosen facet
    counts over the list without its own filter, so it needs its own GROUP BY, as do the facets stored
    a row per value (country, SDG)."""
    fixed = _choices(with_years=filters.get("year") in (None, ""))
    together = [key for key in fixed if filters.get(key) in (None, "")]
    aggregates = {"total": Count("pk")}
    for key in together:
        for index, value in enumerate(fixed[key]):
            aggregates[f"{key}_{index}"] = Count("pk", filter=Q(**{FACET_FIELDS[key]: value}))
    row = apply_filters(queryset, filters).aggregate(**aggregates)
    counts = {}
    for key in together:
        counts[key] = {value: row[f"{key}_{index}"] for index, value in enumerate(fixed[key])
                       if row[f"{key}_{index}"]}
    for key in FACET_FIELDS:
        if key not in counts:
            counts[key] = facet_counts(queryset, filters, key)
    return row["total"], counts


# The cache of counts -----------------------------------------------------------------------------

def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _forget_counts():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def invalidate_counts():
    """Every cached count is stale from now. Again once the transaction commits: a page counted between
    the change and the commit saw the old rows and cached them under the new generation."""
    _forget_counts()
    transaction.on_commit(_forget_counts)


def counts_key(scope, filters):
    chosen = {key: str(filters[key]) for key in (*FACET_FIELDS, "q") if filters.get(key) not in (None, "")}
    digest = hashlib.sha256(json.dumps([scope, chosen], sort_keys=True).encode()).hexdigest()[:40]
    return f"library:facets:{_generation()}:{digest}"


def cached_counts(queryset, filters, scope):
    """count_everything, shared by every reader with the same `scope` (what they may read, see
    services.visibility_scope) and the same filters; `scope` None counts afresh."""
    if scope is None:
        return count_everything(queryset, filters)
    key = counts_key(scope, filters)
    found = cache.get(key)
    if found is None:
        found = count_everything(queryset, filters)
        cache.set(key, found, COUNTS_TIMEOUT)
    return found


def build_facets(queryset, filters, labels=None, scope=None):
    """(total, every facet with its options that have resources, and the chosen one even at 0)."""
    labels = labels or _labels()
    total, all_counts = cached_counts(queryset, filters, scope)
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
