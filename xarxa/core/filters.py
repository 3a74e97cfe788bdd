"""What the list pages' filter forms share: how many filters the reader has chosen, shown by the summary that
folds the form away on a phone (xarxa/templates/partials/filters_summary.html, xarxa/static/xarxa/filters.js)."""


def is_chosen(value):
    """A field's cleaned value narrows the list: not blank, not an unticked box, not an empty choice list."""
    if value is None or value is False or value == "":
        return False
    return len(value) > 0 if isinstance(value, (list, tuple, set)) else True


def chosen_filter_count(form, ignore=()):
    """How many of `form`'s fields narrow the list: 0 for an unbound or invalid form, which the list views
    treat as no filter at all. Fields in `ignore` (a sort order) choose an order, not a filter."""
    if not form.is_bound or not form.is_valid():
        return 0
    return sum(1 for name, value in form.cleaned_data.items() if name not in ignore and is_chosen(value))
