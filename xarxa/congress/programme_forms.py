"""Forms of the programme: a session, its placement (room, start, end), a break, the public filters."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.congress.models import Room
from xarxa.content.services import MAX_BODY, MAX_TITLE

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def edition_rooms(edition):
    return Room.objects.filter(venue__edition=edition).select_related("venue").order_by(
        "venue__position", "venue_id", "position", "id")


def room_label(room):
    return f"{room.name} ({room.venue.name})"


def room_choices(field, rooms):
    """The room menu's options from rooms read once: a page with a form per session (the organisers'
    schedule) writes them without reading the rooms again for every row. Choosing a room is still
    checked against the field's queryset."""
    return [("", field.empty_label), *[(room.pk, field.label_from_instance(room)) for room in rooms]]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_FORMAT, **kwargs)


def parse_links(text):
    """'Title | https://…' or a bare address, one per line."""
    links = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        title, _sep, url = line.rpartition("|")
        url = url.strip()
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError(_("Each material needs an address starting with https://."))
        links.append({"title": title.strip() or url, "url": url})
    return links


def links_text(links):
    return "\n".join(f"{link['title']} | {link['url']}" if link.get("title") != link["url"] else link["url"]
                     for link in links)


class MaterialsForm(forms.Form):
    links = forms.CharField(label=_("Materials"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("One per line: a title, a vertical bar and the address, e.g. "
                                        "“Slides | https://example.org/slides.pdf”."))

    def clean_links(self):
        return parse_links(self.cleaned_data["links"])


class SessionForm(MaterialsForm):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    abstract = forms.CharField(label=_("Abstract"), max_length=600, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label=_("Description"), required=False, max_length=MAX_BODY,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    language = forms.ChoiceField(label=_("Language of the session"), choices=LANGUAGE_CHOICES)
    session_format = forms.ModelChoiceField(label=_("Format"), queryset=None, required=False,
                                            empty_label=_("No particular format"))
    track = forms.ModelChoiceField(label=_("Track"), queryset=None, required=False,
                                   empty_label=_("No particular track"))
    is_plenary = forms.BooleanField(label=_("Plenary: nothing else runs at the same time"), required=False)
    speakers = forms.CharField(label=_("Speakers"), required=False,
                               help_text=_("Usernames of the members who speak, separated by commas."))

    field_order = ["title", "abstract", "description", "language", "session_format", "track", "is_plenary",
                   "speakers", "links"]

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_format"].queryset = edition.formats.all()
        self.fields["track"].queryset = edition.tracks.all()

    def clean_speakers(self):
        names = [name.strip().lstrip("@") for name in self.cleaned_data["speakers"].split(",") if name.strip()]
        users = {user.username.lower(): user
                 for user in get_user_model().objects.filter(username__in=names, is_active=True)}
        missing = [name for name in names if name.lower() not in users]
        if missing:
            raise forms.ValidationError(_("No member is called %(names)s.") % {"names": ", ".join(missing)})
        return [users[name.lower()] for name in dict.fromkeys(names)]

    def service_arguments(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "abstract", "description", "session_format", "track",
                                              "is_plenary", "speakers", "links")}

    @classmethod
    def initial_for(cls, session):
        content = session.content
        return {"title": content.title, "abstract": session.abstract, "description": content.body,
                "language": content.language, "session_format": session.session_format_id,
                "track": session.track_id, "is_plenary": session.is_plenary, "links": links_text(session.links),
                "speakers": ", ".join(row.user.username for row in session.speaker_rows.select_related("user"))}


class PlacementForm(forms.Form):
    """Where and when one session runs. Times are the edition's local time; an empty end means the
    format's duration; all empty takes the session out of the programme."""

    room = forms.ModelChoiceField(label=_("Room"), queryset=None, required=False, empty_label=_("Not placed"))
    starts_at = forms.DateTimeField(label=_("Starts"), required=False, widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, widget=LocalDateTimeInput(),
                                  help_text=_("Empty: the format's duration."))

    def __init__(self, *args, session, rooms=None, **kwargs):
        """`rooms`: the edition's rooms, read once by a page that shows many of these forms (a list), so
        the menu is written from it without a query per form; choosing still checks the edition's rooms."""
        self.session = session
        zone = session.edition.zone
        if session.starts_at and "initial" not in kwargs:
            kwargs["initial"] = {"room": session.room_id,
                                 "starts_at": timezone.localtime(session.starts_at, zone).strftime(LOCAL_FORMAT),
                                 "ends_at": timezone.localtime(session.ends_at, zone).strftime(LOCAL_FORMAT)}
        kwargs.setdefault("prefix", f"s{session.pk}")
        super().__init__(*args, **kwargs)
        field = self.fields["room"]
        field.queryset = edition_rooms(session.edition)
        field.label_from_instance = room_label
        if rooms is not None:
            field.choices = room_choices(field, rooms)

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        zone = self.session.edition.zone
        # Read as the edition's local time, whatever the organiser's own time zone.
        if starts_at is not None:
            starts_at = starts_at.replace(tzinfo=None).replace(tzinfo=zone)
        if ends_at is not None:
            ends_at = ends_at.replace(tzinfo=None).replace(tzinfo=zone)
        if starts_at is not None and ends_at is None and self.session.session_format:
            ends_at = starts_at + timedelta(minutes=self.session.session_format.duration_minutes)
        if starts_at is not None and data.get("room") is None:
            self.add_error("room", _("Choose a room for the session."))
        if starts_at is None and ends_at is not None:
            self.add_error("starts_at", _("Give the start."))
        if starts_at is not None and ends_at is None:
            self.add_error("ends_at", _("Give the end."))
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data


class BreakForm(forms.Form):
    title = forms.CharField(label=_("Break"), max_length=120, help_text=_("Coffee, lunch, moving between venues."))
    room = forms.ModelChoiceField(label=_("Room"), queryset=None, required=False, empty_label=_("Every room"))
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())

    def __init__(self, *args, edition, rooms=None, **kwargs):
        self.edition = edition
        kwargs.setdefault("prefix", "break")
        super().__init__(*args, **kwargs)
        field = self.fields["room"]
        field.queryset = edition_rooms(edition)
        if rooms is not None:  # read once by the page (see PlacementForm)
            field.choices = room_choices(field, rooms)

    def clean(self):
        data = super().clean()
        for name in ("starts_at", "ends_at"):
            if data.get(name) is not None:
                data[name] = data[name].replace(tzinfo=None).replace(tzinfo=self.edition.zone)
        return data


class ProgrammeFilterForm(forms.Form):
    day = forms.ChoiceField(label=_("Day"), required=False)
    room = forms.ChoiceField(label=_("Room"), required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)

    def __init__(self, *args, days, rooms, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.formats import date_format

        self.fields["day"].choices = [("", _("Every day")),
                                      *[(day.isoformat(), date_format(day, "l j F")) for day in days]]
        self.fields["room"].choices = [("", _("Every room")), *[(str(room.pk), room.name) for room in rooms]]
        self.fields["track"].choices = [("", _("Every track")), *[(str(track.pk), track.name) for track in tracks]]

    def keep(self, programme):
        """The entries the chosen filters keep (all when the form is invalid)."""
        entries = programme.entries
        if not self.is_valid():
            return entries
        data, zone = self.cleaned_data, programme.edition.zone
        if data["day"]:
            entries = [e for e in entries if timezone.localtime(e.starts_at, zone).date().isoformat() == data["day"]]
        if data["room"]:
            entries = [e for e in entries if e.room is None or str(e.room.pk) == data["room"]]
        if data["track"]:
            entries = [e for e in entries if e.track is not None and str(e.track.pk) == data["track"]]
        return entries
