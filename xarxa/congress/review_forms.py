"""Forms for co-speakers, the review rubric, reviews and decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.congress.models import Criterion, DecisionTemplate
from xarxa.congress.review_models import MAX_SCORE, MIN_SCORE


class CoSpeakerForm(forms.Form):
    invitee = forms.CharField(
        label=_("Username or e-mail address"), max_length=254,
        help_text=_("A member's username (as in @ana), or the e-mail address of someone to invite."),
        error_messages={"required": _("Give a username or an e-mail address.")})

    def service_arguments(self):
        value = self.cleaned_data["invitee"].strip()
        if "@" in value and not value.startswith("@"):
            return {"email": value}
        return {"username": value}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ReviewForm(forms.Form):
    """A score per criterion of the edition's rubric, and the two comments."""

    comment_for_committee = forms.CharField(label=_("Comment for the committee"), required=False, max_length=4000,
                                            widget=forms.Textarea(attrs={"rows": 4}),
                                            help_text=_("Only the programme committee reads it."))
    comment_for_speaker = forms.CharField(label=_("Comment for the speakers"), required=False, max_length=4000,
                                          widget=forms.Textarea(attrs={"rows": 4}),
                                          help_text=_("Sent to the speakers with the decision."))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [(str(n), str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name, choices=choices, coerce=int, widget=forms.RadioSelect,
                help_text=criterion.description,
                error_messages={"required": _("Give this criterion a score.")})
        # The scores first, then the comments.
        self.order_fields([f"score_{c.pk}" for c in self.criteria])

    def score_fields(self):
        return [self[f"score_{criterion.pk}"] for criterion in self.criteria]

    def comment_fields(self):
        return [self["comment_for_committee"], self["comment_for_speaker"]]

    def service_arguments(self):
        data = self.cleaned_data
        return {"scores": {criterion.pk: data[f"score_{criterion.pk}"] for criterion in self.criteria},
                "comment_for_committee": data["comment_for_committee"],
                "comment_for_speaker": data["comment_for_speaker"]}


class AssignForm(forms.Form):
    per_proposal = forms.IntegerField(label=_("Reviewers per proposal"), min_value=1, max_value=10, initial=3)


class DecisionTemplateForm(forms.ModelForm):
    class Meta:
        model = DecisionTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"body": _("Placeholders: {title}, {speakers}, {edition}, {link}, {comments}.")}
