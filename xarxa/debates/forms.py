from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content.services import MAX_BODY, MAX_TITLE
from xarxa.spaces.forms import TopicNamesField
from xarxa.topics.models import Topic


class DebateForm(forms.Form):
    title = forms.CharField(label=_("Question or topic"), max_length=MAX_TITLE,
                            help_text=_("One clear sentence, for example: How do you publish procurement data?"),
                            error_messages={"required": _("Write a title.")})
    body = forms.CharField(label=_("Details"), required=False, max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Context helps others answer. Markdown is supported; mention members with "
                                       "@username and tag topics with #topic."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    topic_names = TopicNamesField()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": data["title"], "body": data["body"], "language": data["language"],
                "topics": TopicNamesField.topics(data["topic_names"])}


class CloseForm(forms.Form):
    summary = forms.CharField(label=_("Summary of the conclusions"), required=False, max_length=MAX_BODY,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("What did the debate conclude? Markdown is supported."))


class DebateFilterForm(forms.Form):
    SORTS = [("newest", _("Newest")), ("active", _("Most active")), ("unanswered", _("Unanswered"))]
    sort = forms.ChoiceField(label=_("Show"), choices=SORTS, required=False)
    topic = forms.ModelChoiceField(label=_("Topic"), required=False, queryset=Topic.objects.all(),
                                   to_field_name="slug", empty_label=_("Any topic"))
