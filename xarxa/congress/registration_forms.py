from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.congress.registration_models import Question, Registration, TicketType


class RegistrationForm(forms.Form):
    """The ticket, the payment reference when the ticket asks for it, and the organisers' questions
    (one field each: `question_<id>`)."""

    ticket_type = forms.TypedChoiceField(label=_("Ticket"), coerce=int, widget=forms.RadioSelect)
    payment_reference = forms.CharField(
        label=_("Payment reference"), max_length=120, required=False,
        help_text=_("Only for the tickets paid outside this site: the reference of your payment."))

    def __init__(self, *args, ticket_types, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket_types, self.questions = list(ticket_types), list(questions)
        field = self.fields["ticket_type"]
        field.choices = [(t.pk, self._ticket_label(t)) for t in self.ticket_types]
        if len(self.ticket_types) == 1:
            field.initial = self.ticket_types[0].pk
        if not any(t.needs_payment_reference for t in self.ticket_types):
            del self.fields["payment_reference"]
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.kind == Question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text, required=question.required, widget=forms.RadioSelect,
                    choices=[(choice, choice) for choice in question.choice_list()])
            else:
                self.fields[name] = forms.CharField(label=question.text, required=question.required,
                                                    max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def _ticket_label(ticket):
        parts = [ticket.name, str(ticket.get_kind_display())]
        parts.append(ticket.price_note or str(_("Free")))
        if ticket.needs_approval:
            parts.append(str(_("needs the organisers' approval")))
        return " · ".join(parts)

    def clean_ticket_type(self):
        chosen = self.cleaned_data["ticket_type"]
        return next(t for t in self.ticket_types if t.pk == chosen)

    def question_fields(self):
        return [self[f"question_{question.pk}"] for question in self.questions]

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "ticket_type": data["ticket_type"],
            "payment_reference": data.get("payment_reference", ""),
            "answers": {question.pk: data.get(f"question_{question.pk}", "") for question in self.questions},
        }


class RegistrationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(Registration.Status.choices))


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Ticket code"), max_length=40,
                           help_text=_("Type the code on the ticket, or scan its QR code."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "autofocus": True,
                                                         "inputmode": "text"}))


class TicketTypeForm(forms.ModelForm):
    class Meta:
        model = TicketType
        fields = ["name", "kind", "description", "capacity", "needs_approval", "price_note",
                  "needs_payment_reference"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("kind") == Question.Kind.CHOICE and not [c for c in data.get("choices", "").splitlines()
                                                             if c.strip()]:
            self.add_error("choices", _("Give the choices, one per line."))
        return data


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(n, str(n)) for n in range(1, 6)])
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class MaterialFileForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("Slides, a handout, a report: shown on the session's page."))


class RecordingForm(forms.Form):
    recording_link = forms.URLField(label=_("Recording"), required=False, assume_scheme="https",
                                    help_text=_("Where the recording of the session can be watched. Empty: none."))
