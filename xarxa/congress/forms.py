from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.congress.models import Edition
from xarxa.spaces.models import Space


class EditionSettingsForm(forms.ModelForm):
    """What the organisers set: the dates, the time zone, the languages, the phases and the call."""

    languages = forms.MultipleChoiceField(label=_("Languages"), choices=LANGUAGE_CHOICES, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Edition
        fields = ["starts_on", "ends_on", "time_zone", "languages", "call_text", "call_opens_at",
                  "vote_opens_at", "review_opens_at", "programme_at", "only_verified_vote"]


class EditionAdminForm(EditionSettingsForm):
    """The admin's form also names the edition and sets who may see it: both belong to its space."""

    name = forms.CharField(label=_("Name"), max_length=120)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Space.Visibility.choices,
                                   initial=Space.Visibility.PUBLIC)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            space = self.instance.space
            self.initial.update(name=space.name, visibility=space.visibility, description=space.description)

    def space_fields(self):
        return {field: self.cleaned_data[field] for field in ("name", "visibility", "description")}

    def edition_fields(self):
        return {field: self.cleaned_data[field] for field in EditionSettingsForm.Meta.fields}
