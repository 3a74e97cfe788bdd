from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.messaging.services import MAX_BODY


class NewConversationForm(forms.Form):
    to = forms.CharField(label=_("To"), max_length=400,
                         help_text=_("Usernames, separated by commas (up to 7 people)."))
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 5}))
    # The same check as a reply's attachment (services.check_attachment_upload).
    attachment = forms.FileField(label=_("Attach a file (optional)"), required=False)

    def usernames(self):
        return [name for name in self.cleaned_data["to"].replace(";", ",").split(",")]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 4}))
    # Checked by the service with content.uploads (size and type by the first bytes).
    attachment = forms.FileField(label=_("Attach a file (optional)"), required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search in my messages"), max_length=100, required=False)
