from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.notifications.models import Channel, DigestSubscription, Kind


class PreferencesForm(forms.Form):
    """One choice per kind, plus how often the digest comes."""

    frequency = forms.ChoiceField(label=_("E-mail summary"), choices=DigestSubscription.Frequency.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(label=label, choices=Channel.choices)

    def channels(self) -> dict:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind in Kind.values}

    def kind_fields(self):
        return [self[f"kind_{kind}"] for kind in Kind.values]
