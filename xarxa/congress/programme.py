"""The programme: creating sessions, placing them in rooms and times (conflicts refused before anything is
saved), breaks, publishing versions and what changed, stars, and reading the published programme.

Writes check their rule first (core.rulebook.check) and change nothing when refused. Reads go through
Content.objects.visible_to, so a session of a private edition is never shown to an outsider, and read
the published snapshot (ProgrammeVersion) for placements, in a fixed number of queries whatever the
number of sessions.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xarxa.accounts.models import User
from xarxa.activity.services import record_activity
from xarxa.congress.models import (
    SESSION_KIND,
    AgendaToken,
    Break,
    Edition,
    ProgrammeChange,
    ProgrammeVersion,
    Proposal,
    Room,
    Session,
    SessionSpeaker,
    Star,
)
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.content.text import render_body
from xarxa.core.events import announce
from xarxa.core.rulebook import check

# Writing sessions --------------------------------------------------------------------------------


def check_choices_belong(edition, *, session_format=None, track=None, room=None):
    """A format, track or room of another edition (a forged form) is refused."""
    for choice in (session_format, track):
        if choice is not None and choice.edition_id != edition.pk:
            raise ValidationError(_("Choose a format and a track of this edition."), code="foreign_choice")
    if room is not None and room.venue.edition_id != edition.pk:
        raise ValidationError(_("Choose a room of this edition."), code="foreign_choice")


def _set_speakers(session, speakers):
    SessionSpeaker.objects.filter(session=session).exclude(user__in=speakers).delete()
    for position, user in enumerate(speakers):
        SessionSpeaker.objects.update_or_create(session=session, user=user, defaults={"position": position})


def create_session(actor, edition, *, title, abstract="", description="", language="es", session_format=None,
                   track=None, is_plenary=False, speakers=(), links=(), author=None, proposal=None) -> Session:
    """A session the organisers add (a plenary, an opening) or make from an accepted proposal. Its page is
    public as soon as it exists, for those who may read the edition; its place in the programme shows
    once a programme version is published."""
    check(actor, "congress.schedule", edition)
    check_choices_belong(edition, session_format=session_format, track=track)
    from xarxa.congress.services import ensure_space_member

    author = author or actor
    with transaction.atomic():
        ensure_space_member(edition, author)
        content = content_services.create_content(
            author, kind=SESSION_KIND, space=edition.space, title=title, body=description, language=language)
        session = Session(content=content, edition=edition, proposal=proposal, abstract=abstract.strip(),
                          session_format=session_format, track=track, is_plenary=is_plenary, links=list(links))
        session.full_clean(exclude=["content", "edition", "proposal"])
        session.save()
        _set_speakers(session, list(speakers))
        record_activity(actor, "published", content=content)
    return session


def create_session_from_proposal(actor, proposal) -> Session:
    """The accepted proposal becomes a session: its title, abstract, description, format, track and
    language; its author (and confirmed co-speakers, when the proposal has them) as speakers."""
    if proposal.state != Proposal.State.ACCEPTED:
        raise ValidationError(_("Only an accepted proposal becomes a session."), code="not_accepted")
    if Session.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal is already a session of the programme."), code="already_session")
    content = proposal.content
    speakers = [content.author, *confirmed_co_speakers(proposal)]
    try:
        return create_session(actor, proposal.edition, title=content.title, abstract=proposal.abstract,
                              description=content.body, language=content.language,
                              session_format=proposal.session_format, track=proposal.track, speakers=speakers,
                              author=content.author, proposal=proposal)
    except IntegrityError:  # two clicks at once: the one-to-one decides
        raise ValidationError(_("This proposal is already a session of the programme."),
                              code="already_session") from None


def confirmed_co_speakers(proposal):
    """The co-speakers who confirmed (congress.review_models.CoSpeaker), in the order they were invited."""
    rows = proposal.co_speakers.confirmed().filter(user__isnull=False).select_related("user").order_by("pk")
    return [row.user for row in rows]


def edit_session(actor, session, *, title, abstract, description, session_format=None, track=None,
                 is_plenary=False, speakers=None, links=None) -> Session:
    check(actor, "congress.edit_session", session)
    check_choices_belong(session.edition, session_format=session_format, track=track)
    with transaction.atomic():
        session.abstract, session.session_format, session.track = abstract.strip(), session_format, track
        session.is_plenary = is_plenary
        if links is not None:
            session.links = list(links)
        session.full_clean(exclude=["content", "edition", "proposal"])
        content = session.content
        content.title = content_services.check_title(title)
        content.body = content_services.check_body(description)
        content.body_html = render_body(content.body).html
        content.save()  # a full save: search follows the base row's saves
        session.save()
        if speakers is not None:
            _set_speakers(session, list(speakers))
    return session


def edit_materials(actor, session, links) -> Session:
    check(actor, "congress.edit_materials", session)
    session.links = list(links)
    session.full_clean(exclude=["content", "edition", "proposal"])
    session.save(update_fields=["links"])
    return session


# Scheduling --------------------------------------------------------------------------------------

def _overlapping(queryset, starts_at, ends_at):
    return queryset.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


def _when(moment, edition):
    return date_format(timezone.localtime(moment, edition.zone), "D H:i")


def find_conflicts(session, *, room, starts_at, ends_at) -> list[str]:
    """Every reason the placement cannot stand, in the reader's language; empty when it can."""
    edition = session.edition
    if starts_at is None or ends_at is None:
        return [] if starts_at is None and ends_at is None else [_("Give both the start and the end.")]
    if ends_at <= starts_at:
        return [_("The session must end after it starts.")]
    problems = []
    if starts_at < edition.starts_at or ends_at > edition.ends_at:
        problems.append(_("The session must take place during the congress (%(first)s to %(last)s).") % {
            "first": date_format(edition.starts_on), "last": date_format(edition.ends_on)})
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if session.session_format and minutes > session.session_format.duration_minutes:
        problems.append(_("The session lasts %(minutes)d minutes, longer than its %(format)s slot of %(slot)d.") % {
            "minutes": minutes, "format": session.session_format.label,
            "slot": session.session_format.duration_minutes})
    others = _overlapping(Session.objects.filter(edition=edition).exclude(pk=session.pk), starts_at, ends_at)
    others = others.select_related("content", "room")
    for other in others.filter(room=room) if room is not None else []:
        problems.append(_("%(room)s is already used at that time by “%(title)s” (%(when)s).") % {
            "room": room.name, "title": other.content.title, "when": _when(other.starts_at, edition)})
    if session.is_plenary:
        for other in others.exclude(room=room) if room is not None else others:
            problems.append(_("This plenary overlaps “%(title)s” (%(when)s).") % {
                "title": other.content.title, "when": _when(other.starts_at, edition)})
    else:
        for other in others.filter(is_plenary=True).exclude(room=room) if room is not None else []:
            problems.append(_("“%(title)s” is a plenary at that time: nothing else runs beside it.") % {
                "title": other.content.title})
    speaker_ids = list(session.speaker_rows.values_list("user_id", flat=True))
    if speaker_ids:
        busy = (SessionSpeaker.objects.filter(user_id__in=speaker_ids, session__in=others)
                .select_related("user__profile", "session__content"))
        for row in busy:
            problems.append(_("%(name)s also speaks in “%(title)s” at that time.") % {
                "name": row.user.display_name, "title": row.session.content.title})
    breaks = _overlapping(Break.objects.filter(edition=edition), starts_at, ends_at)
    for pause in breaks.filter(Q(room__isnull=True) | Q(room=room) if room is not None else Q(room__isnull=True)):
        problems.append(_("It overlaps the break “%(title)s” (%(when)s).") % {
            "title": pause.title, "when": _when(pause.starts_at, edition)})
    if room is not None and room.capacity:
        if session.signup_count > room.capacity:
            problems.append(_("%(room)s holds %(capacity)d people; %(count)d have signed up.") % {
                "room": room.name, "capacity": room.capacity, "count": session.signup_count})
        places = session.session_format.capacity if session.session_format else None
        if places and session.session_format.needs_signup and places > room.capacity:
            problems.append(_("%(room)s holds %(capacity)d people; the format offers %(places)d places.") % {
                "room": room.name, "capacity": room.capacity, "places": places})
    return problems


def schedule_session(actor, session, *, room, starts_at, ends_at) -> Session:
    """Place `session` in `room` from `starts_at` to `ends_at` (all None takes it out of the programme).
    Every conflict is refused at once, in one ValidationError; nothing is saved."""
    check(actor, "congress.schedule", session.edition)
    check_choices_belong(session.edition, room=room)
    if (room is None) != (starts_at is None) and starts_at is not None:
        raise ValidationError(_("Choose a room for the session."), code="no_room")
    with transaction.atomic():
        # Locked per edition, so two organisers placing sessions at once cannot both take one room.
        Edition.objects.select_for_update().filter(pk=session.edition_id).first()
        problems = find_conflicts(session, room=room, starts_at=starts_at, ends_at=ends_at)
        if problems:
            raise ValidationError(problems, code="conflict")
        session.room, session.starts_at, session.ends_at = room, starts_at, ends_at
        session.save(update_fields=["room", "starts_at", "ends_at"])
    return session


def add_break(actor, edition, *, title, starts_at, ends_at, room=None) -> Break:
    check(actor, "congress.schedule", edition)
    check_choices_belong(edition, room=room)
    if not title.strip():
        raise ValidationError(_("Name the break."), code="title")
    if ends_at <= starts_at:
        raise ValidationError(_("The break must end after it starts."), code="times")
    return Break.objects.create(edition=edition, title=title.strip(), room=room, starts_at=starts_at,
                                ends_at=ends_at)


def remove_break(actor, pause) -> None:
    check(actor, "congress.schedule", pause.edition)
    pause.delete()


# Publishing --------------------------------------------------------------------------------------

def snapshot_of(edition) -> dict:
    """The working programme as the public will read it: every placed session and every break."""
    sessions = (Session.objects.filter(edition=edition, room__isnull=False, starts_at__isnull=False)
                .exclude(content__status__in=[Content.Status.DELETED, Content.Status.HIDDEN])
                .select_related("content").prefetch_related("speaker_rows"))
    return {
        "sessions": {str(s.pk): {"room": s.room_id, "start": s.starts_at.isoformat(), "end": s.ends_at.isoformat(),
                                 "title": s.content.title, "track": s.track_id,
                                 "speakers": [row.user_id for row in s.speaker_rows.all()]}
                     for s in sessions},
        "breaks": [{"title": b.title, "room": b.room_id, "start": b.starts_at.isoformat(),
                    "end": b.ends_at.isoformat()} for b in Break.objects.filter(edition=edition)],
    }


def latest_version(edition):
    cache = edition.__dict__
    if "_latest_version" not in cache:
        cache["_latest_version"] = edition.programme_versions.first()
    return cache["_latest_version"]


def pending_changes(edition) -> list[ProgrammeChange]:
    """What publishing now would list (unsaved rows), against the last version."""
    previous = latest_version(edition)
    return _diff(previous.snapshot if previous else None, snapshot_of(edition), edition)


def _diff(before, after, edition) -> list[ProgrammeChange]:
    if before is None:
        return []
    rooms = {room.pk: room.name for room in Room.objects.filter(venue__edition=edition)}
    old, new = before.get("sessions", {}), after.get("sessions", {})
    changes = []

    def add(pk, kind, title, was="", now=""):
        changes.append(ProgrammeChange(session_id=int(pk), kind=kind, title=title[:200], before=was[:200],
                                       after=now[:200]))

    for pk, entry in new.items():
        if pk not in old:
            add(pk, ProgrammeChange.Kind.ADDED, entry["title"], now=_slot_text(entry, rooms, edition))
            continue
        was = old[pk]
        if was["room"] != entry["room"]:
            add(pk, ProgrammeChange.Kind.ROOM, entry["title"], rooms.get(was["room"], "?"),
                rooms.get(entry["room"], "?"))
        if (was["start"], was["end"]) != (entry["start"], entry["end"]):
            add(pk, ProgrammeChange.Kind.TIME, entry["title"], _times_text(was, edition), _times_text(entry, edition))
        if sorted(was["speakers"]) != sorted(entry["speakers"]):
            add(pk, ProgrammeChange.Kind.SPEAKERS, entry["title"])
        if was["title"] != entry["title"]:
            add(pk, ProgrammeChange.Kind.TITLE, entry["title"], was["title"], entry["title"])
    for pk, was in old.items():
        if pk not in new:
            add(pk, ProgrammeChange.Kind.REMOVED, was["title"], was=_slot_text(was, rooms, edition))
    return changes


def _times_text(entry, edition):
    """Stored with the change and shown in any language: numbers only (2031-06-10 10:00–10:45)."""
    start, end = parse_datetime(entry["start"]), parse_datetime(entry["end"])
    return f"{timezone.localtime(start, edition.zone):%Y-%m-%d %H:%M}–{timezone.localtime(end, edition.zone):%H:%M}"


def _slot_text(entry, rooms, edition):
    return f"{_times_text(entry, edition)}, {rooms.get(entry['room'], '?')}"


def publish_programme(actor, edition) -> ProgrammeVersion:
    """A new version of the programme: what everyone reads from now on. After the first, what changed is
    listed, and the speakers and members who starred a changed session are told (in the background)."""
    check(actor, "congress.schedule", edition)
    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        previous = edition.programme_versions.first()
        snapshot = snapshot_of(edition)
        if not snapshot["sessions"]:
            raise ValidationError(_("Place at least one session in a room and a time before publishing."),
                                  code="empty")
        if previous is not None and previous.snapshot == snapshot:
            raise ValidationError(_("Nothing has changed since version %(number)d.") % {"number": previous.number},
                                  code="unchanged")
        version = ProgrammeVersion.objects.create(edition=edition, number=(previous.number + 1) if previous else 1,
                                                  published_by=actor, snapshot=snapshot)
        changes = _diff(previous.snapshot if previous else None, snapshot, edition)
        for change in changes:
            change.version = version
        ProgrammeChange.objects.bulk_create(changes)
        edition.__dict__.pop("_latest_version", None)
        announce("congress.programme_published", version=version)
    return version


def people_to_tell(version) -> list[tuple]:
    """[(member, change)] for each change of `version`: the session's speakers and those who starred it,
    each told once per change. Read by the notification task."""
    changes = list(version.changes.filter(session__isnull=False).select_related("session__content"))
    session_ids = {change.session_id for change in changes}
    speakers = SessionSpeaker.objects.filter(session_id__in=session_ids).values_list("session_id", "user_id")
    stars = Star.objects.filter(session_id__in=session_ids).values_list("session_id", "user_id")
    concerned = {}
    for session_id, user_id in [*speakers, *stars]:
        concerned.setdefault(session_id, set()).add(user_id)
    users = User.objects.in_bulk({pk for ids in concerned.values() for pk in ids})
    return [(users[pk], change) for change in changes for pk in sorted(concerned.get(change.session_id, ()))
            if pk in users]


def describe_change(change) -> str:
    """'Room change for “…”: Sala A → Sala B', in the active language."""
    kind = ProgrammeChange.Kind
    title = change.title
    if change.kind == kind.ROOM:
        return _("Room change for “%(title)s”: %(before)s → %(after)s") % {
            "title": title, "before": change.before, "after": change.after}
    if change.kind == kind.TIME:
        return _("Time change for “%(title)s”: %(before)s → %(after)s") % {
            "title": title, "before": change.before, "after": change.after}
    if change.kind == kind.ADDED:
        return _("Added: “%(title)s” (%(after)s)") % {"title": title, "after": change.after}
    if change.kind == kind.REMOVED:
        return _("Removed from the programme: “%(title)s”") % {"title": title}
    if change.kind == kind.SPEAKERS:
        return _("Speakers change for “%(title)s”") % {"title": title}
    return _("New title: “%(before)s” is now “%(after)s”") % {"before": change.before, "after": change.after}


# Stars -------------------------------------------------------------------------------------------

def star(user, session) -> Star:
    check(user, "congress.star", session)
    with transaction.atomic():
        row, _created = Star.objects.get_or_create(user=user, session=session)
    return row


def unstar(user, session) -> None:
    Star.objects.filter(user=user, session=session).delete()


def agenda_token_for(user, edition) -> AgendaToken:
    token, _created = AgendaToken.objects.get_or_create(user=user, edition=edition)
    return token


def reset_agenda_token(user, edition) -> AgendaToken:
    AgendaToken.objects.filter(user=user, edition=edition).delete()
    return AgendaToken.objects.create(user=user, edition=edition)


def user_for_agenda_token(token):
    row = AgendaToken.objects.select_related("user", "edition__space").filter(token=token).first()
    if row is None or not row.user.is_active:
        return None, None
    return row.user, row.edition


# Reading the published programme -----------------------------------------------------------------

@dataclass
class Entry:
    """One row of the published programme: a session (with its page) or a break (without)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    room: Room | None = None
    session: Session | None = None
    speakers: list = field(default_factory=list)
    starred: bool = False
    overlaps: list = field(default_factory=list)

    @property
    def is_break(self):
        return self.session is None

    @property
    def content(self):
        return self.session.content if self.session else None

    @property
    def track(self):
        return self.session.track if self.session else None

    @property
    def minutes(self):
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def is_on_at(self, moment):
        return self.starts_at <= moment < self.ends_at


@dataclass
class Programme:
    edition: Edition
    version: ProgrammeVersion | None
    entries: list
    rooms: list
    tracks: list

    @property
    def sessions(self):
        return [entry for entry in self.entries if not entry.is_break]

    def days(self):
        """[(date, [entries])] in the edition's time zone, by start then room."""
        by_day = {}
        for entry in self.entries:
            by_day.setdefault(timezone.localtime(entry.starts_at, self.edition.zone).date(), []).append(entry)
        return sorted(by_day.items())

    def speakers(self):
        """Every speaker of the published sessions, by name, with their sessions."""
        found = {}
        for entry in self.sessions:
            for user in entry.speakers:
                found.setdefault(user.pk, (user, []))[1].append(entry)
        return sorted(found.values(), key=lambda pair: pair[0].display_name.lower())


def sessions_visible_to(user, edition):
    return (Content.objects.visible_to(user).filter(kind=SESSION_KIND, space_id=edition.space_id,
                                                    original__isnull=True))


def _speaker_prefetch():
    return Prefetch("session__speaker_rows", queryset=SessionSpeaker.objects.select_related("user__profile").defer(
        "user__password", "user__profile__bio", "user__profile__bio_html"))


def published_programme(user, edition, *, starred_only=False, session_ids=None) -> Programme:
    """The last published version as `user` may read it: five queries whatever its size (the version,
    the sessions with their format and track, their speakers, the rooms, the tracks), one more for a
    member's stars."""
    version = latest_version(edition)
    rooms = list(Room.objects.filter(venue__edition=edition).select_related("venue").order_by(
        "venue__position", "venue_id", "position", "id"))
    tracks = list(edition.tracks.all())
    if version is None:
        return Programme(edition, None, [], rooms, tracks)
    placed = version.snapshot.get("sessions", {})
    starred = set()
    if user.is_authenticated:
        starred = set(Star.objects.filter(user=user, session__edition=edition).values_list("session_id", flat=True))
    wanted = {int(pk) for pk in placed}
    if starred_only:
        wanted &= starred
    if session_ids is not None:
        wanted &= set(session_ids)
    contents = (sessions_visible_to(user, edition).filter(pk__in=wanted).defer("body_html")
                .select_related("session__track", "session__session_format")
                .prefetch_related(_speaker_prefetch()))
    room_by_id = {room.pk: room for room in rooms}
    entries = []
    for content in contents:
        place = placed[str(content.pk)]
        session = content.session
        entries.append(Entry(title=content.title, starts_at=parse_datetime(place["start"]),
                             ends_at=parse_datetime(place["end"]), room=room_by_id.get(place["room"]),
                             session=session, speakers=[row.user for row in session.speaker_rows.all()],
                             starred=content.pk in starred))
    if not starred_only and session_ids is None:
        for pause in version.snapshot.get("breaks", []):
            entries.append(Entry(title=pause["title"], starts_at=parse_datetime(pause["start"]),
                                 ends_at=parse_datetime(pause["end"]), room=room_by_id.get(pause["room"])))
    order = {room.pk: index for index, room in enumerate(rooms)}
    entries.sort(key=lambda e: (e.starts_at, order.get(e.room.pk, -1) if e.room else -1, e.title))
    return Programme(edition, version, entries, rooms, tracks)


def mark_overlaps(entries) -> list[tuple]:
    """Set each entry's `overlaps` to the others it runs at the same time as; return the pairs."""
    pairs = []
    ordered = sorted(entries, key=lambda e: e.starts_at)
    for index, entry in enumerate(ordered):
        for other in ordered[index + 1:]:
            if other.starts_at >= entry.ends_at:
                break
            entry.overlaps.append(other)
            other.overlaps.append(entry)
            pairs.append((entry, other))
    return pairs


def now_and_next(programme, moment):
    """What is on at `moment` and, per room, what comes next."""
    now = [entry for entry in programme.entries if entry.is_on_at(moment)]
    coming = {}
    for entry in programme.entries:
        if entry.starts_at > moment:
            key = entry.room.pk if entry.room else None
            if key not in coming:
                coming[key] = entry
    return now, sorted(coming.values(), key=lambda e: e.starts_at)


def placement_of(session):
    """(room, start, end) of `session` in the published programme, or None."""
    version = latest_version(session.edition)
    place = version.snapshot.get("sessions", {}).get(str(session.pk)) if version else None
    if place is None:
        return None
    room = Room.objects.filter(pk=place["room"]).select_related("venue").first()
    return room, parse_datetime(place["start"]), parse_datetime(place["end"])


def local_day_bounds(edition, day):
    start = datetime.combine(day, datetime.min.time(), tzinfo=edition.zone)
    return start, start + timedelta(days=1)
