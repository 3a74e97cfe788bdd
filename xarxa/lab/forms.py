from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content.services import MAX_BODY, MAX_TITLE
from xarxa.lab.models import DELIVERABLE_FIELDS, Sector, Stage
from xarxa.library.choices import Goal, Licence
from xarxa.organisations.models import Organisation
from xarxa.spaces.forms import TopicNamesField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChallengeForm(forms.Form):
    title = forms.CharField(label=_("The challenge, in one sentence"), max_length=MAX_TITLE,
                            error_messages={"required": _("Write a title.")})
    body = forms.CharField(label=_("The problem"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": _("Describe the problem.")},
                           help_text=_("What does not work today, and for whom? Markdown is supported."))
    context = forms.CharField(label=_("Context"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    affected = forms.CharField(label=_("Who is affected"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    data_available = forms.CharField(label=_("Data available"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Links to the data and files, one a line."))
    data_licence = forms.ChoiceField(label=_("Licence of the data"), required=False,
                                     choices=[("", _("No data shared yet")), *Licence.choices])
    constraints = forms.CharField(label=_("Constraints (legal, budget, technology)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    expected_impact = forms.CharField(label=_("Expected impact"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    goals = forms.TypedMultipleChoiceField(label=_("Sustainable Development Goals"), required=False, coerce=int,
                                           choices=Goal.choices, widget=forms.CheckboxSelectMultiple)
    support_mentors = forms.BooleanField(label=_("We offer mentors"), required=False)
    support_data = forms.BooleanField(label=_("We offer access to data"), required=False)
    support_pilot = forms.BooleanField(label=_("We offer a pilot site"), required=False)
    support_notes = forms.CharField(label=_("Other support offered"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    opens_on = forms.DateField(label=_("Applications open on"), widget=DATE)
    closes_on = forms.DateField(label=_("Applications close on"), widget=DATE)
    team_count = forms.IntegerField(label=_("Number of teams it will take"), min_value=1, max_value=20, initial=1)
    min_sectors = forms.IntegerField(label=_("Sectors a team must mix, at least"), min_value=1, max_value=4,
                                     initial=2, help_text=_("Public administration, academia, private sector, "
                                                            "civil society."))
    questions = forms.CharField(label=_("Questions for the applicants"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One question a line."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    topic_names = TopicNamesField()

    FIELD_NAMES = ["context", "affected", "data_available", "data_licence", "constraints", "expected_impact",
                   "support_mentors", "support_data", "support_pilot", "support_notes", "opens_on", "closes_on",
                   "team_count", "min_sectors", "questions"]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The call cannot close before it opens."))
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": data["title"], "body": data["body"], "language": data["language"],
                "topics": TopicNamesField.topics(data["topic_names"]), "goals": data["goals"],
                **{name: data[name] for name in self.FIELD_NAMES}}


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note to the author"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class SeekForm(forms.Form):
    skills = forms.CharField(label=_("What you bring"), max_length=300,
                             help_text=_("Your skills and experience, in a line."))


class ApplicationForm(forms.Form):
    team_name = forms.CharField(label=_("Team name"), max_length=120)
    usernames = forms.CharField(label=_("Team members"), required=False, max_length=1000,
                                help_text=_("Their usernames, separated by commas. You are in the team."))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(label=question, max_length=4000,
                                                             widget=forms.Textarea(attrs={"rows": 3}),
                                                             error_messages={"required": _("Answer this question.")})

    def answer_fields(self):
        return [self[f"answer_{index}"] for index in range(len(self.questions))]

    def service_arguments(self):
        data = self.cleaned_data
        return {"team_name": data["team_name"],
                "usernames": [name for name in data["usernames"].replace(";", ",").split(",") if name.strip()],
                "answers": [data.get(f"answer_{index}", "") for index in range(len(self.questions))]}


class DecisionForm(forms.Form):
    message = forms.CharField(label=_("Message to the team"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    private = forms.BooleanField(label=_("Make the project space private (only its members read it)"),
                                 required=False)


class MentorForm(forms.Form):
    username = forms.CharField(label=_("Mentor's username"), max_length=150)


class DeliverableForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False, help_text=_("Up to 10 MB."))

    def __init__(self, *args, stage=Stage.DISCOVER, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in DELIVERABLE_FIELDS.get(stage, []):
            field = (forms.URLField(label=label, required=False, max_length=500) if name.endswith("_link")
                     else forms.CharField(label=label, required=False, max_length=6000,
                                          widget=forms.Textarea(attrs={"rows": 4})))
            self.fields[name] = field
        self.order_fields([name for name, _label in DELIVERABLE_FIELDS.get(stage, [])] + ["file"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label=_("Feedback for the team"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class StopForm(forms.Form):
    lessons = forms.CharField(label=_("Lessons learnt"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4}))


class TesterInviteForm(forms.Form):
    note = forms.CharField(label=_("Who it is for"), required=False, max_length=200)


RATINGS = [(n, str(n)) for n in range(1, 6)]


class TesterFeedbackForm(forms.Form):
    name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    role = forms.CharField(label=_("Your role or organisation"), required=False, max_length=200)
    ease = forms.TypedChoiceField(label=_("How easy was it to use? (1 to 5)"), choices=RATINGS, coerce=int,
                                  widget=forms.RadioSelect)
    usefulness = forms.TypedChoiceField(label=_("How useful is it for your work? (1 to 5)"), choices=RATINGS,
                                        coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("What would you change?"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(forms.Form):
    evaluation = forms.CharField(label=_("Your evaluation of the outcome"), max_length=6000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    solution = forms.CharField(label=_("The solution"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Results and evidence"), max_length=6000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    indicators = forms.CharField(label=_("Indicators"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    costs = forms.CharField(label=_("Costs"), required=False, max_length=2000)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)


class PortfolioFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices])
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, to_field_name="slug",
                                          queryset=Organisation.objects.none(), empty_label=_("Any organisation"))
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    goal = forms.TypedChoiceField(label=_("Sustainable Development Goal"), required=False, coerce=int,
                                  empty_value=None, choices=[("", _("Any goal")), *Goal.choices])

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


SECTOR_LABELS = dict(Sector.choices)
