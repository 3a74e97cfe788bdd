from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content.models import Flag
from xarxa.content.services import MAX_COMMENT


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Markdown is supported. Mention members with @username and tag topics with "
                                       "#topic."),
                           error_messages={"required": _("Write something first.")})
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    body = forms.CharField(label=_("Reply"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": _("Write something first.")})


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this?"), choices=Flag.Reason.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Details for the moderators (optional)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the moderation log)"), required=False, max_length=1000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attach a file"),
                           help_text=_("PDF, office documents, text, CSV or pictures, up to 10 MB."))


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of this version"), choices=LANGUAGE_CHOICES)
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Write a title.")})
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, name) for code, name in LANGUAGE_CHOICES if code not in taken]
