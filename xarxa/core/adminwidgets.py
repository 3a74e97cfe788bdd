"""Admin autocomplete fields that answer a form error, not a server error, to a value that is no id.

Django's autocomplete widget re-renders the submitted value by querying `pk__in=[value]`; a value
that is not a number ("x", "1e9999") makes that query raise and the page answer 500. The widgets
below drop such values before the query, so the form shows its own "Select a valid choice" error.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _TolerantAutocomplete:
    def _well_formed(self, value):
        remote_opts = self.field.remote_field.model._meta
        target = remote_opts.get_field(getattr(self.field.remote_field, "field_name", remote_opts.pk.attname))
        kept = []
        for item in value:
            try:
                target.to_python(item)
            except (ValidationError, TypeError, ValueError, OverflowError):
                continue
            kept.append(item)
        return kept

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, self._well_formed(value), attr)


class TolerantAutocompleteSelect(_TolerantAutocomplete, AutocompleteSelect):
    pass


class TolerantAutocompleteSelectMultiple(_TolerantAutocomplete, AutocompleteSelectMultiple):
    pass


class TolerantAutocompleteMixin:
    """For ModelAdmin and inlines with autocomplete_fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelectMultiple(db_field, self.admin_site,
                                                                  using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
