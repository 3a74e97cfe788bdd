"""Forms of the library. ResourceForm checks a resource from the web form *and* from each row of an
import, so both accept exactly the same things and say the same errors."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.content.services import MAX_BODY, MAX_TITLE
from xarxa.library.choices import Budget, Goal, Level, Licence, PolicyArea, ResourceKind, Stage
from xarxa.library.services import RESOURCE_FIELDS
from xarxa.organisations.models import Organisation
from xarxa.spaces.forms import TopicNamesField

MAX_CONTACTS = 5


def _blank(choices, label):
    return [("", label), *choices]


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, error_messages={"required": _("Write a title.")})
    resource_kind = forms.ChoiceField(label=_("Kind of resource"), choices=ResourceKind.choices,
                                      initial=ResourceKind.PRACTICE)
    summary = forms.CharField(label=_("Summary"), max_length=600, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Two or three sentences: what it is and why it matters."),
                              error_messages={"required": _("Write a summary.")})
    body = forms.CharField(label=_("Description"), required=False, max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Markdown is supported; mention members with @username and tag topics "
                                       "with #topic."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    topic_names = TopicNamesField()
    external_url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https",
                                  help_text=_("Where the resource lives, if it is somewhere else."))
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)
    policy_area = forms.ChoiceField(label=_("Policy area"), required=False,
                                    choices=_blank(PolicyArea.choices, _("None in particular")))
    level = forms.ChoiceField(label=_("Level of administration"), required=False,
                              choices=_blank(Level.choices, _("Any level")))
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100,
                              help_text=_("When it was published or put in place."))
    countries = forms.MultipleChoiceField(label=_("Countries involved"), required=False, choices=countries,
                                          widget=forms.SelectMultiple(attrs={"size": 6}))
    organisations = forms.ModelMultipleChoiceField(label=_("Organisations involved"), required=False,
                                                   queryset=Organisation.objects.listed(), to_field_name="slug",
                                                   widget=forms.SelectMultiple(attrs={"size": 6}))
    goals = forms.TypedMultipleChoiceField(label=_("Sustainable Development Goals"), required=False,
                                           choices=Goal.choices, coerce=int, widget=forms.CheckboxSelectMultiple)
    # A good practice's structure.
    problem = forms.CharField(label=_("The problem"), required=False, max_length=10_000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    solution = forms.CharField(label=_("The solution"), required=False, max_length=10_000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Results and evidence"), required=False, max_length=10_000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    indicators = forms.CharField(label=_("Indicators"), required=False, max_length=5_000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("How you measured it, one indicator a line."))
    budget = forms.ChoiceField(label=_("Budget"), required=False, choices=_blank(Budget.choices, _("Not stated")))
    team = forms.CharField(label=_("Team"), required=False, max_length=200,
                           help_text=_("For example: two people part-time and a provider."))
    duration = forms.CharField(label=_("Duration"), required=False, max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=_blank(Stage.choices, _("Not stated")))
    lessons = forms.CharField(label=_("Lessons learned"), required=False, max_length=10_000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    contact_names = forms.CharField(label=_("Contact people"), required=False, max_length=300,
                                    help_text=_("Usernames of members others can ask, separated by commas."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title

    def clean_contact_names(self):
        names = [n.strip().lstrip("@") for n in self.cleaned_data["contact_names"].split(",") if n.strip()]
        if len(names) > MAX_CONTACTS:
            raise forms.ValidationError(ngettext("Name at most %(max)d contact person.",
                                                 "Name at most %(max)d contact people.", MAX_CONTACTS),
                                        params={"max": MAX_CONTACTS})
        users = list(get_user_model().objects.filter(username__in=names, is_active=True, is_approved=True))
        missing = sorted(set(names) - {u.username for u in users})
        if missing:
            raise forms.ValidationError(_("No member is called %(names)s."), params={"names": ", ".join(missing)})
        return users

    def clean(self):
        data = super().clean()
        if data.get("resource_kind") == ResourceKind.LINK and not data.get("external_url") \
                and "external_url" not in self.errors:
            self.add_error("external_url", _("A link needs its address."))
        return data

    def service_arguments(self):
        data = self.cleaned_data
        arguments = {name: data[name] for name in RESOURCE_FIELDS}
        arguments.update(title=data["title"], body=data["body"], language=data["language"],
                         topics=TopicNamesField.topics(data["topic_names"]), countries=data["countries"],
                         organisations=list(data["organisations"]), goals=data["goals"],
                         contacts=data["contact_names"])
        return arguments

    @classmethod
    def initial_for(cls, resource):
        content = resource.content
        initial = {name: getattr(resource, name) for name in RESOURCE_FIELDS}
        initial.update(title=content.title, body=content.body, language=content.language,
                       topic_names=TopicNamesField.initial_for(content.topics.all()),
                       countries=[str(row.country) for row in resource.country_rows.all()],
                       organisations=[o.slug for o in resource.organisations.all()],
                       goals=[row.goal for row in resource.goal_rows.all()],
                       contact_names=", ".join(u.username for u in resource.contacts.all()))
        return initial


class LibraryFilterForm(forms.Form):
    """The facets of the library list: each is single-valued, blank meaning "any"."""

    SORTS = [("newest", _("Newest")), ("replicated", _("Most replicated")), ("rated", _("Best rated"))]
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ResourceKind.choices)
    area = forms.ChoiceField(label=_("Policy area"), required=False, choices=PolicyArea.choices)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=Level.choices)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=countries)
    sdg = forms.TypedChoiceField(label=_("Sustainable Development Goal"), required=False, choices=Goal.choices,
                                 coerce=int, empty_value=None)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=Stage.choices)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGE_CHOICES)
    licence = forms.ChoiceField(label=_("Licence"), required=False, choices=Licence.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)


class ReplicationForm(forms.Form):
    place = forms.CharField(label=_("Where"), max_length=200,
                            help_text=_("The administration or place, for example: Ayuntamiento de Gijón."),
                            error_messages={"required": _("Say where you applied it.")})
    country = forms.ChoiceField(label=_("Country"), choices=_blank(list(countries), _("Choose a country")),
                                error_messages={"required": _("Choose a country.")})
    level = forms.ChoiceField(label=_("Level of administration"), choices=_blank(Level.choices, _("Choose a level")),
                              error_messages={"required": _("Choose a level.")})
    started_on = forms.DateField(label=_("Since when"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.CharField(label=_("How it went"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("Tell others how it went.")})
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    with_organisation = forms.BooleanField(label=_("On behalf of my organisation"), required=False)


class ReviewForm(forms.Form):
    RATINGS = [(5, _("5 – Excellent")), (4, _("4 – Good")), (3, _("3 – Fair")), (2, _("2 – Poor")),
               (1, _("1 – Not useful"))]
    rating = forms.TypedChoiceField(label=_("Rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect,
                                    error_messages={"required": _("Choose a rating from 1 to 5.")})
    text = forms.CharField(label=_("Your review"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, error_messages={"required": _("Write a title.")})
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    curated = forms.BooleanField(label=_("Publish as a curated collection for everyone"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or JSON file"),
                           help_text=_("The same columns as the open-data export. At most 5 MB."))
