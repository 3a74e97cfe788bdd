"""Staff import a batch of resources from CSV or JSON with the export's columns. Every row is checked with
the same form as the web page; any error (reported with its row number and field) means nothing is written."""

import csv
import io
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xarxa.library import rules as library_rules
from xarxa.library.forms import ResourceForm
from xarxa.library.services import ImportReport, publish_resource

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# Export columns that are read back, and the form field each fills ("kind" → resource_kind...).
FIELD_FOR_COLUMN = {
    "kind": "resource_kind", "title": "title", "summary": "summary", "body": "body", "language": "language",
    "topics": "topic_names", "licence": "licence", "external_url": "external_url", "policy_area": "policy_area",
    "level": "level", "year": "year", "stage": "stage", "sdgs": "goals", "countries": "countries",
    "organisations": "organisations", "problem": "problem", "solution": "solution", "results": "results",
    "indicators": "indicators", "budget": "budget", "team": "team", "duration": "duration", "lessons": "lessons",
}
COLUMN_FOR_FIELD = {field: column for column, field in FIELD_FOR_COLUMN.items()}
LIST_FIELDS = {"goals", "countries", "organisations"}


def read_rows(upload) -> list[dict]:
    """The records of a CSV or JSON file (a list, or {"resources": [...]} as the JSON export writes)."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is too large (at most 5 MB)."))
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file must be UTF-8 text.")) from None
    name = (upload.name or "").lower()
    if name.endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError(_("The file is not valid JSON.")) from None
        rows = data.get("resources") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValidationError(_("The JSON file must hold a list of resources."))
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise ValidationError(_("The file holds no resources."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(ngettext("Import at most %(max)d resource at a time.",
                                       "Import at most %(max)d resources at a time.", MAX_ROWS) % {"max": MAX_ROWS})
    return rows


def _form_data(row: dict) -> dict:
    data = {}
    for column, field in FIELD_FOR_COLUMN.items():
        value = row.get(column)
        if field in LIST_FIELDS or field == "topic_names":
            if isinstance(value, str):
                value = [part.strip() for part in value.split(";") if part.strip()]
            value = [str(v) for v in (value or [])]
            data[field] = ", ".join(value) if field == "topic_names" else value
        else:
            data[field] = "" if value is None else str(value)
    if not data["licence"]:
        data["licence"] = "cc-by-4.0"
    return data


def check_rows(rows) -> tuple[list, list]:
    """(valid forms, errors as (row number from 1, column, message)) for every row."""
    forms, errors = [], []
    for number, row in enumerate(rows, start=1):
        form = ResourceForm(_form_data(row))
        if form.is_valid():
            forms.append(form)
            continue
        for field, messages in form.errors.items():
            for message in messages:
                errors.append((number, COLUMN_FOR_FIELD.get(field, field if field != "__all__" else ""), message))
    return forms, errors


def import_resources(actor, rows) -> ImportReport:
    """All rows, or none: the first error anywhere leaves the library as it was."""
    if not library_rules.can_import_resources(actor):
        raise PermissionDenied(_("Only staff can import resources."))
    forms, errors = check_rows(rows)
    report = ImportReport(errors=errors)
    if errors:
        return report
    with transaction.atomic():
        for form in forms:
            report.created.append(publish_resource(actor, **form.service_arguments()))
    return report
