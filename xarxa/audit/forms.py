from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.audit.actions import Action


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any action"))] + Action.choices)
    actor = forms.CharField(label=_("Who (name or @username)"), required=False, max_length=100)
    space = forms.SlugField(label=_("Group (its address name)"), required=False, max_length=100)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until (included)"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data
