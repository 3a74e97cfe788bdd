from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from xarxa.content import kinds as content_kinds
from xarxa.search.models import Kind
from xarxa.spaces.models import Membership, Space
from xarxa.topics.models import Topic

LANGUAGES = [("", _("Any language")), ("es", _("Spanish")), ("pt", _("Portuguese")), ("ca", _("Catalan")),
             ("en", _("English"))]
TOPIC_CHOICES_LIMIT = 300


def kind_choices():
    """Members, organisations, groups, topics, then every registered content kind."""
    choices = [(k.value, k.label) for k in (Kind.MEMBER, Kind.ORGANISATION, Kind.GROUP, Kind.TOPIC)]
    return choices + [(kind.key, kind.label) for kind in content_kinds.all_kinds()]


def kind_label(key):
    return dict(kind_choices()).get(key, key)


class SearchForm(forms.Form):
    """The search page's query and filters. A bad filter is reported next to its field and ignored."""

    q = forms.CharField(label=_("Search for"), required=False, strip=True,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    space = forms.CharField(label=_("Group"), required=False, widget=forms.Select)
    topic = forms.CharField(label=_("Topic"), required=False, widget=forms.Select)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGES)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [("", _("Everything")), *kind_choices()]
        self.fields["country"].choices = [("", _("Any country")), *countries]
        chosen_space = (self.data.get("space") or "").strip()
        self.fields["space"].widget.choices = self._space_choices(chosen_space)
        chosen_topic = (self.data.get("topic") or "").strip()
        listed = Topic.objects.listed_to(user)  # a topic used only in a secret group names nothing here
        topics = listed.order_by("name").values_list("slug", "name")[:TOPIC_CHOICES_LIMIT]
        topic_choices = list(topics)
        if chosen_topic and chosen_topic not in {slug for slug, _name in topic_choices}:
            topic_choices += Topic.objects.visible_to(user).filter(slug=chosen_topic).values_list("slug", "name")
        self.fields["topic"].widget.choices = [("", _("Any topic")), *topic_choices]

    def _space_choices(self, chosen):
        """The member's own groups (and the one chosen, if they may see it): a list of every group
        in the network would not fit a menu."""
        spaces = Space.objects.none()
        if self.user.is_authenticated:
            spaces = Space.objects.of_kind(Space.Kind.GROUP).filter(
                pk__in=Membership.objects.filter(user=self.user).values("space_id"))
        if chosen:
            spaces = spaces | Space.objects.visible_to(self.user).of_kind(Space.Kind.GROUP).filter(slug=chosen)
        return [("", _("Any group")), *spaces.order_by("name").values_list("slug", "name")[:100]]

    def clean_space(self):
        slug = self.cleaned_data["space"]
        if not slug:
            return None
        space = Space.objects.visible_to(self.user).of_kind(Space.Kind.GROUP).filter(slug=slug).first()
        if space is None:
            raise ValidationError(_("There is no such group, or you cannot see it."))
        return space

    def clean_topic(self):
        slug = self.cleaned_data["topic"]
        if not slug:
            return None
        topic = Topic.objects.visible_to(self.user).filter(slug=slug).first()
        if topic is None:
            raise ValidationError(_("There is no such topic."))
        return topic

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Choose a date after the start date."))
        return data

    def filters(self) -> dict:
        """The valid filters (invalid ones are left out, and shown as errors)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items()
                if name != "q" and value and name not in self.errors}
