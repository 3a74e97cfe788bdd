"""A category's eligibility rules, checked when a member nominates: each refusal names the rule it applies,
in the member's language. The organisers' own check (services.decide_eligibility) comes after, with a reason."""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xarxa.organisations.models import Organisation


def _listing(labels):
    return ", ".join(str(label) for label in labels)


def check_eligibility(category, *, organisation, work_started_on, author, nominee):
    """Raise ValidationError (code "ineligible") naming the first rule the nomination breaks."""
    if not category.self_nomination and author is not None and nominee is not None and author.pk == nominee.pk:
        raise ValidationError(_("Rule “self-nomination”: in “%(category)s” members cannot nominate themselves.")
                              % {"category": category.name}, code="ineligible")
    if category.organisation_kinds and organisation.kind not in category.organisation_kinds:
        raise ValidationError(
            _("Rule “kind of organisation”: “%(category)s” takes only %(allowed)s; “%(organisation)s” is "
              "%(kind)s.") % {"category": category.name, "allowed": _listing(category.kind_labels()),
                              "organisation": organisation.name,
                              "kind": Organisation.Kind(organisation.kind).label}, code="ineligible")
    if category.organisation_levels and organisation.level not in category.organisation_levels:
        level = Organisation.Level(organisation.level).label if organisation.level else _("of no level")
        raise ValidationError(
            _("Rule “level of administration”: “%(category)s” takes only %(allowed)s administrations; "
              "“%(organisation)s” is %(level)s.") % {
                "category": category.name, "allowed": _listing(category.level_labels()),
                "organisation": organisation.name, "level": str(level).lower()}, code="ineligible")
    if category.countries and str(organisation.country) not in category.countries:
        raise ValidationError(
            _("Rule “countries”: “%(category)s” takes organisations from %(allowed)s; “%(organisation)s” is "
              "not among them.") % {"category": category.name, "allowed": _listing(category.country_names()),
                                    "organisation": organisation.name}, code="ineligible")
    if category.work_from and work_started_on < category.work_from:
        raise ValidationError(
            _("Rule “date of the work”: “%(category)s” takes work started on or after %(date)s.") % {
                "category": category.name, "date": date_format(category.work_from)}, code="ineligible")
    if category.work_until and work_started_on > category.work_until:
        raise ValidationError(
            _("Rule “date of the work”: “%(category)s” takes work started on or before %(date)s.") % {
                "category": category.name, "date": date_format(category.work_until)}, code="ineligible")
