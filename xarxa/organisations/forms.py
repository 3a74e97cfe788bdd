from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xarxa.organisations.models import Organisation


class ProposeOrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "level", "country", "parent", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organisation.objects.listed().only("id", "name")
        self.fields["country"].required = True

    def clean(self):
        data = super().clean()
        kind, level = data.get("kind"), data.get("level")
        if level and kind not in (Organisation.Kind.ADMINISTRATION, Organisation.Kind.INTERNATIONAL):
            self.add_error("level", _("Only public administrations and international bodies have a level."))
        if kind == Organisation.Kind.ADMINISTRATION and not level:
            self.add_error("level", _("Say whether the administration is local, regional, national or supranational."))
        name = data.get("name")
        if name and Organisation.objects.exclude(status=Organisation.Status.MERGED).filter(
            name__iexact=name.strip(), country=data.get("country")
        ).exists():
            raise ValidationError(_("An organisation with this name already exists in this country."))
        return data
