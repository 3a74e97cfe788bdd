"""The search page and the suggestions under the header search box."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.shortcuts import render

from xarxa.content.services import reader_language
from xarxa.core.pagination import query_without_page
from xarxa.core.throttle import throttle_anonymous
from xarxa.search import services
from xarxa.search.forms import SearchForm, kind_label


def shown_count(count, is_more):
    """ "1,000+" for a count that stopped at its limit: the page never claims more precision than it has."""
    return f"{intcomma(count)}+" if is_more else intcomma(count)


@throttle_anonymous("search", only_filtered=True)
def search(request):
    form = SearchForm(request.GET or None, user=request.user)
    raw = (request.GET.get("q") or "").strip()
    results = services.search(request.user, raw, form.filters() if raw else {}, page=request.GET.get("page") or 1,
                              language=reader_language(request.LANGUAGE_CODE))
    for row in results.rows:
        row.kind_label = kind_label(row.kind)
    kind_counts = [(key, label, shown_count(results.counts[key], key in results.more))
                   for key, label in form.fields["kind"].choices[1:] if results.counts.get(key)]
    context = {"form": form, "q": raw, "results": results, "page": results.page, "kind_counts": kind_counts,
               "total_shown": shown_count(results.total, results.total_is_more),
               "query_string": query_without_page(request), "noindex": True}
    status = 400 if results.error and raw else 200
    partial = request.htmx and request.htmx.target == "results"
    template = "search/search.html#results" if partial else "search/search.html"
    return render(request, template, context, status=status)


@throttle_anonymous("suggest")
def suggest(request):
    """An htmx fragment: up to four members, groups and topics whose names start with the words typed."""
    raw = (request.GET.get("q") or "").strip()
    rows = services.suggest(request.user, raw)
    for row in rows:
        row.kind_label = kind_label(row.kind)
    return render(request, "search/_suggestions.html", {"rows": rows, "q": raw,
                                                        "long_enough": len(raw) >= services.SUGGEST_MIN_LENGTH})
