"""The faceted library list. Each facet's counts are computed with every *other* chosen filter applied, so
the number beside a value is exactly how many resources the list would show if the reader picked it
(keeping the rest). See count_everything for how few table scans that takes; the cost never depends on
the page or on how many options a facet has."""

from dataclasses import dataclass

from django.db.models import Count, Q
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
SORTS = {
    "newest": ("-published_at", "-pk"),
    "replicated": ("-resource__replication_count", "-published_at", "-pk"),
    "rated": ("-resource__rating_average", "-resource__rating_count", "-pk"),
}


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
    field = FACET_FIELDS[key]
    rows = apply_filters(queryset, filters, skip=key).values_list(field).annotate(n=Count("pk")).order_by()
    return {value: n for value, n in rows if value not in (None, "")}


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


def build_facets(queryset, filters, labels=None):
    """(total, every facet with its options that have resources, and the chosen one even at 0)."""
    labels = labels or _labels()
    total, all_counts = count_everything(queryset, filters)
    facets = []
    for key, label in FACET_LABELS.items():
        counts = all_counts[key]
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


def order_for(sort):
    return SORTS.get(sort) or SORTS["newest"]


def _facet_labels():
    from django.utils.translation import gettext_lazy as _

    return {"kind": _("Kind"), "area": _("Policy area"), "level": _("Level"), "country": _("Country"),
            "sdg": _("Sustainable Development Goal"), "stage": _("Stage"), "language": _("Language"),
            "licence": _("Licence"), "year": _("Year")}


FACET_LABELS = _facet_labels()
