from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.congress.models import Edition, Proposal, SessionFormat, Track
from xarxa.content.services import MAX_BODY, MAX_TITLE
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


class ProposalForm(forms.Form):
    """The call's form; its format and track choices are the edition's own."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, error_messages={"required": _("Write a title.")})
    abstract = forms.CharField(label=_("Abstract"), max_length=600, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Two or three sentences: what the session is and what people take away."),
                               error_messages={"required": _("Write a short abstract.")})
    description = forms.CharField(label=_("Description"), required=False, max_length=MAX_BODY,
                                  widget=forms.Textarea(attrs={"rows": 10}),
                                  help_text=_("How the session runs, who it is for, what you bring. Markdown is "
                                              "supported; tag topics with #topic."))
    session_format = forms.ModelChoiceField(label=_("Format"), queryset=SessionFormat.objects.none(),
                                            empty_label=None)
    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.none(), required=False,
                                   empty_label=_("No particular track"))
    language = forms.ChoiceField(label=_("Language of the session"), choices=LANGUAGE_CHOICES)
    audience_level = forms.ChoiceField(label=_("Audience"), choices=Proposal.Level.choices)
    notes_for_committee = forms.CharField(label=_("Notes for the committee"), required=False, max_length=2000,
                                          widget=forms.Textarea(attrs={"rows": 3}),
                                          help_text=_("Only you and the programme committee read them."))

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_format"].queryset = edition.formats.all()
        self.fields["track"].queryset = edition.tracks.all()
        if edition.languages:
            labels = dict(LANGUAGE_CHOICES)
            self.fields["language"].choices = [(code, labels[code]) for code in edition.languages if code in labels]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title

    @classmethod
    def initial_for(cls, proposal):
        content = proposal.content
        return {"title": content.title, "abstract": proposal.abstract, "description": content.body,
                "session_format": proposal.session_format_id, "track": proposal.track_id,
                "language": content.language, "audience_level": proposal.audience_level,
                "notes_for_committee": proposal.notes_for_committee}

    def service_arguments(self):
        data = self.cleaned_data
        return {field: data[field] for field in ("title", "abstract", "description", "session_format", "track",
                                                 "audience_level", "notes_for_committee")}


class ProposalEditForm(ProposalForm):
    """The same form once the proposal exists: its language is fixed (another language is a version)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].disabled = True
