from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.privacy.models import AccountDeletion


class AccountDeletionForm(forms.Form):
    mode = forms.ChoiceField(label=_("What happens to what I wrote"), widget=forms.RadioSelect)
    confirm = forms.BooleanField(label=_("I understand that my account will be deleted when the grace period "
                                         "ends, and that this cannot be undone afterwards."))

    def __init__(self, *args, modes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = [(value, label) for value, label in AccountDeletion.Mode.choices
                                       if value in modes]
        if len(modes) == 1:
            self.fields["mode"].initial = modes[0]
            self.fields["mode"].widget = forms.HiddenInput()
