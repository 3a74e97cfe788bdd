from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from xarxa.accounts.forms import topics_named
from xarxa.core.images import check_image_upload
from xarxa.organisations.models import Organisation
from xarxa.spaces.models import Membership, Space
from xarxa.topics.models import Topic

MAX_TOPICS = 8


class TopicNamesField(forms.CharField):
    """Comma-separated topic names → a list of Topic objects (new ones are created on save)."""

    def __init__(self, *, max_topics=MAX_TOPICS, **kwargs):
        self.max_topics = max_topics
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("help_text", _("Separate topics with commas, for example: open data, public procurement."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "topic-suggestions"}))
        super().__init__(**kwargs)

    def clean(self, value):
        names = []
        for raw in (super().clean(value) or "").split(","):
            name = " ".join(raw.split())
            if name and name.lower() not in {n.lower() for n in names}:
                if len(name) > 80 or not slugify(name):
                    raise ValidationError(_("“%(name)s” is not a valid topic name."), params={"name": name[:80]})
                names.append(name)
        if len(names) > self.max_topics:
            raise ValidationError(_("Choose at most %(max)d topics."), params={"max": self.max_topics})
        return names

    @staticmethod
    def initial_for(topics):
        return ", ".join(t.name for t in topics)

    @staticmethod
    def topics(names):
        return topics_named(names)


class SpaceForm(forms.ModelForm):
    topic_names = TopicNamesField()
    cover_upload = forms.FileField(
        label=_("Cover image"), required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB. It is cropped to a wide banner."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    class Meta:
        model = Space
        fields = ["name", "description", "visibility", "join_policy", "organisation", "country"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }
        help_texts = {
            "description": _("What the group is for and who it is for. Markdown is supported."),
            "organisation": _("Leave empty unless an organisation runs this group."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.listed().only("id", "name")
        if self.instance.pk:
            self.initial.setdefault("topic_names", TopicNamesField.initial_for(self.instance.topics.all()))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not slugify(name):
            raise ValidationError(_("Give the group a name with at least one letter or digit."))
        return name

    def clean_cover_upload(self):
        upload = self.cleaned_data.get("cover_upload")
        if upload:
            check_image_upload(upload)
        return upload

    def service_arguments(self):
        data = self.cleaned_data
        arguments = {field: data[field] for field in self.Meta.fields}
        arguments["topics"] = TopicNamesField.topics(data["topic_names"])
        arguments["cover"] = data.get("cover_upload")
        return arguments


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ModelChoiceField(label=_("Topic"), required=False, queryset=Topic.objects.all(),
                                   to_field_name="slug", empty_label=_("Any topic"))
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organisation.objects.none(), empty_label=_("Any organisation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country"))] + list(countries)
        self.fields["organisation"].queryset = Organisation.objects.listed().only("id", "name")


class JoinRequestForm(forms.Form):
    message = forms.CharField(label=_("Message to the administrators (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DecideRequestForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    response = forms.CharField(label=_("Message (optional)"), required=False, max_length=1000)


class InviteForm(forms.Form):
    username = forms.CharField(label=_("Username"), required=False, max_length=150,
                               help_text=_("A member of the network, for example @ana."))
    email = forms.EmailField(label=_("Or an e-mail address"), required=False,
                             help_text=_("If the person has no account yet, they can create one from the invitation."))

    def clean(self):
        data = super().clean()
        if bool(data.get("username", "").strip()) == bool(data.get("email")):
            raise ValidationError(_("Give either a username or an e-mail address."))
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
