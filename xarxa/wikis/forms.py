from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content.models import Content
from xarxa.content.services import MAX_BODY, MAX_TITLE
from xarxa.wikis.models import WikiPage


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, error_messages={"required": _("Write a title.")})
    body = forms.CharField(label=_("Text"), required=False, max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 18}),
                           help_text=_("Markdown is supported. Link to another page of this wiki with [[Page title]]."))
    parent = forms.ModelChoiceField(label=_("Parent page"), required=False, queryset=WikiPage.objects.none(),
                                    empty_label=_("None (a top-level page)"))
    comment = forms.CharField(label=_("Summary of the change"), max_length=300, required=False,
                              help_text=_("Optional: what you changed and why."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, space=None, page=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if page is not None:
            del self.fields["language"]  # a page keeps its language; versions are the base's business
        # Only the pages this member may read (never another's draft or a hidden one) can be the parent.
        readable = Content.objects.visible_to(user) if user is not None else Content.objects.none()
        pages = (WikiPage.objects.filter(space=space, content__in=readable).select_related("content")
                 .order_by("title_key"))
        if page is not None:
            pages = pages.exclude(pk=page.pk)
        self.fields["parent"].queryset = pages
        self.fields["parent"].label_from_instance = lambda p: p.content.title

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": data["title"], "body": data["body"], "parent": data["parent"], "comment": data["comment"],
                "language": data["language"]}

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title
