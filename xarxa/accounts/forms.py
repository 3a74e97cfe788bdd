import uuid
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES, Invitation, Profile
from xarxa.core.images import check_image_upload, square_thumbnail
from xarxa.organisations.models import Organisation
from xarxa.topics.models import Topic

MAX_LINKS = 5
MAX_TOPICS = 12


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form gains: the name other members will see."""

    full_name = forms.CharField(label=_("Full name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))

    def signup(self, request, user):
        """The profile is created by the account adapter, which sees this form's cleaned data."""


DETAIL_VISIBILITY_FIELDS = ["email_visibility", "phone_visibility", "organisation_visibility",
                            "position_visibility", "location_visibility"]


class ProfileForm(forms.ModelForm):
    photo_upload = forms.FileField(
        label=_("Photo"), required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB. It is cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=LANGUAGE_CHOICES, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    topic_names = forms.CharField(
        label=_("Topics of expertise"), required=False, max_length=600,
        help_text=_("Separate topics with commas, for example: open data, public procurement."),
        widget=forms.TextInput(attrs={"list": "topic-suggestions"}),
    )
    links_text = forms.CharField(
        label=_("Links"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line (up to five), for example your institution's page."),
    )
    email_language = forms.ChoiceField(label=_("Language of the e-mails we send you"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Your time zone"), required=False,
                                  help_text=_("Event times are shown in this zone."))

    class Meta:
        model = Profile
        fields = ["full_name", "headline", "position", "organisation", "country", "phone", "bio", "visibility",
                  *DETAIL_VISIBILITY_FIELDS, "allow_indexing"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "bio": _("Markdown is supported: **bold**, *italics*, [links](https://…) and lists."),
            "headline": _("One line that says what you do, for example: Open data lead at a city council."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.listed().only("id", "name")
        profile = self.instance
        self.initial.setdefault("languages", profile.languages)
        self.initial.setdefault("topic_names", ", ".join(t.name for t in profile.topics.all()) if profile.pk else "")
        self.initial.setdefault("links_text", "\n".join(profile.links))
        self.initial.setdefault("email_language", profile.user.language)
        self.initial.setdefault("time_zone", profile.user.time_zone)
        self.fields["time_zone"].choices = time_zone_choices()
        for name in DETAIL_VISIBILITY_FIELDS:
            self.fields[name].required = False  # left out of a post: the detail keeps its audience

    def clean(self):
        cleaned = super().clean()
        for name in DETAIL_VISIBILITY_FIELDS:
            if not cleaned.get(name):
                cleaned[name] = getattr(self.instance, name)
        return cleaned

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            check_image_upload(upload)
        return upload

    def clean_topic_names(self):
        names = []
        for raw in self.cleaned_data["topic_names"].split(","):
            name = " ".join(raw.split())
            if name and name.lower() not in {n.lower() for n in names}:
                if len(name) > 80 or not slugify(name):
                    raise ValidationError(_("“%(name)s” is not a valid topic name."), params={"name": name[:80]})
                names.append(name)
        if len(names) > MAX_TOPICS:
            raise ValidationError(_("Choose at most %(max)d topics."), params={"max": MAX_TOPICS})
        return names

    def clean_links_text(self):
        links = [line.strip() for line in self.cleaned_data["links_text"].splitlines() if line.strip()]
        if len(links) > MAX_LINKS:
            raise ValidationError(_("Add at most %(max)d links."), params={"max": MAX_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for number, link in enumerate(links, start=1):
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    _("Line %(line)d is not a valid web address (it must start with https:// or http://)."),
                    params={"line": number},
                ) from None
        return links

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.languages = self.cleaned_data["languages"]
        profile.links = self.cleaned_data["links_text"]
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            if profile.photo:
                profile.photo.delete(save=False)
            profile.photo.save(f"{profile.user_id}-{uuid.uuid4().hex[:8]}.webp", square_thumbnail(upload),
                               save=False)
        elif self.cleaned_data.get("remove_photo") and profile.photo:
            profile.photo.delete(save=False)
        profile.save()
        profile.topics.set(topics_named(self.cleaned_data["topic_names"]))
        user = profile.user
        user.language = self.cleaned_data["email_language"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["language", "time_zone"])
        return profile


def time_zone_choices():
    default = _("The site's time zone (%(zone)s)") % {"zone": settings.TIME_ZONE}
    return [("", default)] + [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())
                              if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/"))]


def topics_named(names):
    """The Topic for each name, matched by slug, created when new."""
    topics = []
    for name in names:
        topic, _created = Topic.objects.get_or_create(slug=slugify(name)[:90], defaults={"name": name})
        topics.append(topic)
    return topics


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "note", "max_uses"]

    def clean_max_uses(self):
        value = self.cleaned_data["max_uses"]
        if not 1 <= value <= 100:
            raise ValidationError(_("An invitation can be used between 1 and 100 times."))
        return value


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, queryset=Organisation.objects.none())
    level = forms.ChoiceField(label=_("Level of administration"), required=False,
                              choices=[("", _("Any level"))] + list(Organisation.Level.choices))
    topic = forms.ModelChoiceField(label=_("Topic"), required=False, queryset=Topic.objects.all(),
                                   to_field_name="slug", empty_label=_("Any topic"))
    verified = forms.BooleanField(label=_("Verified public employees only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django_countries import countries

        self.fields["country"].choices = [("", _("Any country"))] + list(countries)
        self.fields["organisation"].queryset = Organisation.objects.listed().only("id", "name")
        self.fields["organisation"].empty_label = _("Any organisation")
