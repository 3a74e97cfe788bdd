from urllib.parse import urlparse

from django import forms
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.awards.models import Category
from xarxa.awards.vote_models import InvalidReason
from xarxa.content.services import MAX_TITLE
from xarxa.organisations.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CategoryForm(forms.ModelForm):
    organisation_kinds = forms.MultipleChoiceField(label=_("Kinds of organisation"), required=False,
                                                   choices=Organisation.Kind.choices,
                                                   widget=forms.CheckboxSelectMultiple,
                                                   help_text=_("None ticked: any kind."))
    organisation_levels = forms.MultipleChoiceField(label=_("Levels of administration"), required=False,
                                                    choices=Organisation.Level.choices,
                                                    widget=forms.CheckboxSelectMultiple,
                                                    help_text=_("None ticked: any level."))
    countries = forms.MultipleChoiceField(label=_("Countries"), required=False, choices=lambda: list(countries),
                                          widget=forms.SelectMultiple(attrs={"size": 6}),
                                          help_text=_("None chosen: any country."))

    class Meta:
        model = Category
        fields = ["name", "description", "nominee_kind", "organisation_kinds", "organisation_levels", "countries",
                  "work_from", "work_until", "self_nomination", "finalists", "voters", "nominations_open_at",
                  "vote_opens_at", "jury_opens_at", "announce_at", "position"]
        widgets = {"work_from": DATE, "work_until": DATE, "nominations_open_at": DATETIME,
                   "vote_opens_at": DATETIME, "jury_opens_at": DATETIME, "announce_at": DATETIME}

    def service_arguments(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class NominationForm(forms.Form):
    title = forms.CharField(label=_("Project or person nominated"), max_length=MAX_TITLE,
                            error_messages={"required": _("Name the project or the person.")})
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, help_text=_("Two or three sentences anyone can understand."))
    nominee = forms.CharField(label=_("Nominee's username"), max_length=150,
                              help_text=_("The person nominated, or the project's contact person: they are told "
                                          "and accept or decline. Your own username nominates yourself."))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    work_started_on = forms.DateField(label=_("The work started on"), widget=DATE)
    problem = forms.CharField(label=_("The problem"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    solution = forms.CharField(label=_("The solution"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Results"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_links = forms.CharField(label=_("Evidence links"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("One web address per line. Add files on the nomination's page."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    practice_link = forms.CharField(label=_("Good practice in the library"), required=False, max_length=300,
                                    help_text=_("The address of its page in the library, if it is there already."))
    create_practice = forms.BooleanField(label=_("Start a good practice in the library from this case, as my draft"),
                                         required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.listed().only("id", "name")

    def clean_nominee(self):
        username = self.cleaned_data["nominee"].strip().lstrip("@")
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No member has this username."))
        return user

    def clean_practice_link(self):
        from xarxa.library.models import Resource

        link = self.cleaned_data["practice_link"].strip()
        if not link:
            return None
        try:
            match = resolve(urlparse(link).path)
        except Resolver404:
            match = None
        resource = None
        if match and match.view_name == "library:detail":
            resource = Resource.objects.filter(pk=match.kwargs.get("pk")).select_related("content").first()
        if resource is None:
            raise forms.ValidationError(_("This is not the address of a resource in the library."))
        return resource

    def clean(self):
        data = super().clean()
        if data.get("practice_link") and data.get("create_practice"):
            raise forms.ValidationError(_("Link an existing good practice or start a new one, not both."))
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": " ".join(data["title"].split()), "summary": data["summary"], "nominee": data["nominee"],
                "organisation": data["organisation"], "work_started_on": data["work_started_on"],
                "problem": data["problem"], "solution": data["solution"], "results": data["results"],
                "evidence_links": _lines(data["evidence_links"]), "practice": data["practice_link"],
                "create_practice": data["create_practice"], "language": data["language"]}


class NominationEditForm(NominationForm):
    """Once made, the nominee, the language and the practice stay; the case can still be improved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("nominee", "language", "practice_link", "create_practice"):
            del self.fields[name]

    @classmethod
    def initial_for(cls, nomination):
        return {"title": nomination.content.title, "summary": nomination.content.body,
                "organisation": nomination.organisation_id, "work_started_on": nomination.work_started_on,
                "problem": nomination.problem, "solution": nomination.solution, "results": nomination.results,
                "evidence_links": "\n".join(nomination.evidence_links)}

    def clean(self):
        return forms.Form.clean(self)

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": " ".join(data["title"].split()), "summary": data["summary"],
                "organisation": data["organisation"], "work_started_on": data["work_started_on"],
                "problem": data["problem"], "solution": data["solution"], "results": data["results"],
                "evidence_links": _lines(data["evidence_links"])}


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1",
                                      choices=[("1", _("Eligible")), ("0", _("Not eligible"))],
                                      widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Give the reason for this decision.")})


class VoteReviewForm(forms.Form):
    """Validate or invalidate votes in bulk: those chosen, or every vote showing one signal, or all pending."""

    SCOPES = [("chosen", _("The votes I ticked")), ("pending_clean", _("Every pending vote with no signal")),
              ("all_pending", _("Every pending vote")),
              *[(f"signal:{code}", label) for code, label in InvalidReason.choices if code != "other"]]

    action = forms.ChoiceField(label=_("Action"), widget=forms.RadioSelect,
                               choices=[("validate", _("Validate")), ("invalidate", _("Invalidate"))])
    scope = forms.ChoiceField(label=_("Which votes"), choices=SCOPES)
    invalid_reason = forms.ChoiceField(label=_("Reason for invalidating"), choices=InvalidReason.choices,
                                       required=False)
    reason = forms.CharField(label=_("Note for the audit trail"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Say why: the note is kept on the audit trail.")})
