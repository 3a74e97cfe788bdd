from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content.services import MAX_BODY, MAX_TITLE
from xarxa.spaces.forms import TopicNamesField

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, error_messages={"required": _("Write a title.")})
    body = forms.CharField(label=_("Text"), required=False, max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Markdown is supported; mention members with @username and tag topics "
                                       "with #topic."))
    cover = forms.FileField(label=_("Cover image"), required=False,
                            help_text=_("Optional. A wide JPEG, PNG or WebP picture."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    topic_names = TopicNamesField()
    publish_at = forms.DateTimeField(label=_("Publish later"), required=False, widget=DateTimeLocalInput(),
                                     input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
                                     help_text=_("Optional: the date and time when the post appears. "
                                                 "Leave empty to publish now."))

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": data["title"], "body": data["body"], "language": data.get("language"),
                "topics": TopicNamesField.topics(data["topic_names"]), "cover": data["cover"] or None,
                "publish_at": data["publish_at"]}


class EditPostForm(PostForm):
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["language"]  # a post keeps its language; other languages are versions
