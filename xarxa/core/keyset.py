"""Keyset pagination for lists ordered newest (or largest) first: the cost of a page does not grow with
how deep the reader has scrolled, and new items arriving do not shift the pages."""

from datetime import datetime

from django.db.models import DateTimeField, Q


def _encode(value, pk):
    value = value.isoformat() if isinstance(value, datetime) else str(value)
    return f"{value}~{pk}"


def _decode(cursor, field):
    try:
        raw, pk = cursor.rsplit("~", 1)
        value = datetime.fromisoformat(raw) if isinstance(field, DateTimeField) else int(raw)
        return value, int(pk)
    except (AttributeError, ValueError):
        return None


def keyset_page(queryset, *, order_field, cursor=None, per_page=20):
    """(rows, next_cursor) ordered by (order_field desc, pk desc); a malformed cursor gives the first page."""
    field = queryset.model._meta.get_field(order_field)
    position = _decode(cursor, field) if cursor else None
    if position is not None:
        value, pk = position
        queryset = queryset.filter(Q(**{f"{order_field}__lt": value}) | Q(**{order_field: value, "pk__lt": pk}))
    rows = list(queryset.order_by(f"-{order_field}", "-pk")[: per_page + 1])
    next_cursor = None
    if len(rows) > per_page:
        last = rows[per_page - 1]
        next_cursor = _encode(getattr(last, order_field), last.pk)
    return rows[:per_page], next_cursor
