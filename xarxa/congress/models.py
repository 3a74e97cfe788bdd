"""The Congress of Public Innovation. An edition IS a space (Space.Kind.CONGRESS_EDITION): its
visibility, membership and roles are the space's (organisers = owners and administrators), and
this app adds the one-to-one Edition row with what only a congress has: dates, time zone, venues
and rooms, tracks, session formats, languages and the dated phases of its year.
"""

from datetime import datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.core.markdown import render_markdown
from xarxa.spaces.models import Space


class Phase(models.TextChoices):
    """The year of an edition, in order. Each phase but the first starts at a date the organisers set."""

    ANNOUNCED = "announced", _("Announced")
    CALL = "call", _("Call for proposals open")
    VOTE = "vote", _("Community vote")
    REVIEW = "review", _("Committee review")
    PROGRAMME = "programme", _("Programme published")
    CONGRESS = "congress", _("The congress is on")
    AFTERWARDS = "afterwards", _("Afterwards")


PHASE_ORDER = list(Phase.values)


@cache
def known_time_zones():
    return frozenset(available_timezones())  # read from disk: asked once per process


def validate_time_zone(value):
    if value not in known_time_zones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value},
                              code="time_zone")


def validate_languages(value):
    known = {code for code, _label in LANGUAGE_CHOICES}
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(_("Choose languages from the list."), code="languages")


class EditionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Editions whose existence `user` may know: the space's rule, never a second one."""
        return self.filter(space__in=Space.objects.visible_to(user))

    def for_lists(self):
        return self.select_related("space")


class Edition(models.Model):
    space = models.OneToOneField(Space, on_delete=models.CASCADE, primary_key=True, related_name="edition",
                                 limit_choices_to={"kind": Space.Kind.CONGRESS_EDITION})
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE,
                                 validators=[validate_time_zone])
    languages = models.JSONField(_("languages"), default=list, blank=True, validators=[validate_languages])
    call_text = models.TextField(_("call for proposals"), blank=True,
                                 help_text=_("What the congress asks for this year. Markdown."))
    call_text_html = models.TextField(editable=False, blank=True)
    # The phases' starts. Unset ones are skipped; the congress itself runs from the first day to the
    # end of the last day, in the edition's time zone.
    call_opens_at = models.DateTimeField(_("call for proposals opens"), null=True, blank=True)
    vote_opens_at = models.DateTimeField(_("community vote opens (the call closes)"), null=True, blank=True)
    review_opens_at = models.DateTimeField(_("committee review starts (the vote closes)"), null=True, blank=True)
    programme_at = models.DateTimeField(_("programme published"), null=True, blank=True)
    only_verified_vote = models.BooleanField(
        _("only verified public employees vote"), default=False,
        help_text=_("Otherwise every member of the network who can read the edition may vote."))
    anonymous_review = models.BooleanField(
        _("anonymous review"), default=False,
        help_text=_("Committee members who are not organisers do not see the speakers' names."))
    # The phase the background task last recorded (see services.record_phase_changes).
    recorded_phase = models.CharField(_("recorded phase"), max_length=12, choices=Phase.choices,
                                      default=Phase.ANNOUNCED, editable=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("congress edition")
        verbose_name_plural = _("congress editions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="edition_ends_after_it_starts"),
        ]
        indexes = [models.Index(fields=["-starts_on"], name="edition_newest")]

    def __str__(self):
        return self.space.name

    def save(self, *args, **kwargs):
        self.call_text_html = render_markdown(self.call_text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("congress:edition", args=[self.space.slug])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot come before the first.")})
        if self.time_zone not in known_time_zones():
            return  # the field's own error says so; the days cannot be placed without it
        previous = None
        for phase, moment in self.dated_phases():
            if previous is not None and moment < previous[1]:
                raise ValidationError(_("“%(later)s” cannot start before “%(earlier)s”.") % {
                    "later": phase.label, "earlier": previous[0].label})
            previous = (phase, moment)

    @property
    def name(self):
        return self.space.name

    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        return datetime.combine(self.starts_on, time.min, tzinfo=self.zone) if self.starts_on else None

    @property
    def ends_at(self):
        """The end of the last day (midnight after it) in the edition's time zone."""
        return datetime.combine(self.ends_on + timedelta(days=1), time.min, tzinfo=self.zone) if self.ends_on else None

    def dated_phases(self):
        """[(phase, start)] for every phase with a start, in the order of the year."""
        starts = [
            (Phase.CALL, self.call_opens_at), (Phase.VOTE, self.vote_opens_at),
            (Phase.REVIEW, self.review_opens_at), (Phase.PROGRAMME, self.programme_at),
            (Phase.CONGRESS, self.starts_at), (Phase.AFTERWARDS, self.ends_at),
        ]
        return [(phase, moment) for phase, moment in starts if moment is not None]

    def phase_at(self, moment) -> Phase:
        current = Phase.ANNOUNCED
        for phase, start in self.dated_phases():
            if start <= moment:
                current = phase
        return current

    @property
    def phase(self) -> Phase:
        return self.phase_at(timezone.now())

    def phase_ends_at(self, moment=None):
        """When the current phase gives way to the next dated one (None when none is set)."""
        moment = moment or timezone.now()
        return next((start for _phase, start in self.dated_phases() if start > moment), None)

    def language_labels(self):
        labels = dict(LANGUAGE_CHOICES)
        return [labels[code] for code in self.languages if code in labels]


class PhaseChange(models.Model):
    """Append-only: the task saw the edition enter `phase` (what the announcements are built from)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    previous = models.CharField(_("previous phase"), max_length=12, choices=Phase.choices)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        indexes = [models.Index(fields=["edition", "-recorded_at"])]

    def __str__(self):
        return f"{self.edition_id}: {self.previous} → {self.phase}"


class Venue(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=120)
    address = models.TextField(_("address"), max_length=500)
    map_link = models.URLField(_("map link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True, max_length=1000,
                                     help_text=_("Step-free access, hearing loop, sign language..."))
    stream_link = models.URLField(_("online stream link"), blank=True,
                                  help_text=_("For hybrid sessions: where people follow them online."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self):
        return self.name


class Track(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="track_name_once_per_edition")]

    def __str__(self):
        return self.name


class SessionFormat(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        DIALOGUE = "dialogue", _("Dialogue")
        DEBATE = "debate", _("Debate")
        TALK = "talk", _("Talk")
        LIGHTNING = "lightning", _("Lightning talk")
        POSTER = "poster", _("Poster")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="formats")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True,
                            help_text=_("Leave empty to use the kind's name."))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True,
                                           help_text=_("Empty: as many as the room holds."))
    needs_signup = models.BooleanField(_("needs sign-up"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("session format")
        verbose_name_plural = _("session formats")
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="format_has_a_duration"),
        ]

    def __str__(self):
        return self.name or self.get_kind_display()

    @property
    def label(self):
        return str(self)


class CommitteeMember(models.Model):
    """The programme committee: a role the space's memberships do not have, kept beside them.
    Organisers (the space's owners and administrators) act as committee members without a row."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="congress_committees")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("programme committee")
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="committee_member_once")]

    def __str__(self):
        return f"{self.user} · {self.edition}"


PROPOSAL_KIND = "proposal"


class ProposalQuerySet(models.QuerySet):
    def in_the_call(self):
        """What members browse, discuss and vote on: submitted, and later decided; never drafts or withdrawn."""
        return self.filter(state__in=Proposal.PUBLIC_STATES)


class SlotAnswer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    CONFIRMED = "confirmed", _("Confirmed by the speakers")
    DECLINED = "declined", _("Declined by the speakers")


class Proposal(models.Model):
    """A session proposed to an edition's call. Title, description (the body) and language live on the
    content base row, so comments, reactions, topics, versions, visibility, activity and search are
    the base's; this row holds what only a proposal has. Its lifecycle is declared in lifecycles.py."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("On the waiting list")
        DECLINED = "declined", _("Declined")

    class Level(models.TextChoices):
        EVERYONE = "everyone", _("For everyone")
        NEWCOMERS = "newcomers", _("Newcomers to the subject")
        PRACTITIONERS = "practitioners", _("Practitioners")
        EXPERTS = "experts", _("Experts")

    PUBLIC_STATES = (State.SUBMITTED, State.ACCEPTED, State.WAITLISTED, State.DECLINED)

    content = models.OneToOneField("content.Content", on_delete=models.CASCADE, primary_key=True,
                                   related_name="proposal")
    # Also the content's space; kept here so an edition's proposals are one indexed filter.
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="proposals")
    abstract = models.TextField(_("abstract"), max_length=600,
                                help_text=_("Two or three sentences: what the session is and what people take away."))
    session_format = models.ForeignKey(SessionFormat, verbose_name=_("format"), on_delete=models.PROTECT,
                                       related_name="proposals")
    track = models.ForeignKey(Track, verbose_name=_("track"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="proposals")
    audience_level = models.CharField(_("audience"), max_length=16, choices=Level.choices, default=Level.EVERYONE)
    notes_for_committee = models.TextField(_("notes for the committee"), blank=True, max_length=2000,
                                           help_text=_("Only you and the programme committee read them."))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Recounted by the vote services (never incremented blindly), so lists show it without COUNT.
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    # Once accepted, the speakers confirm or decline their slot (lifecycles.SLOT).
    slot_answer = models.CharField(_("speakers' answer"), max_length=10, choices=SlotAnswer.choices,
                                   default=SlotAnswer.PENDING)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["edition", "state", "-submitted_at"], name="proposal_call_newest")]

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return reverse("congress:detail", args=[self.content_id])

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    @property
    def is_withdrawn(self):
        return self.state == self.State.WITHDRAWN


class Vote(models.Model):
    """A member's support for a proposal during the community vote: one per member per proposal (the
    constraint), taken back and given again until the vote closes. Who voted is never shown; the count
    is kept on the proposal (Proposal.vote_count)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_vote_per_member")]
        indexes = [models.Index(fields=["user", "proposal"])]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


# The programme (sessions, breaks, versions, stars) lives in its own module; imported here so Django finds it.
from xarxa.congress.programme_models import (  # noqa: E402, F401
    SESSION_KIND,
    AgendaToken,
    Break,
    ProgrammeChange,
    ProgrammeVersion,
    Session,
    SessionSpeaker,
    Star,
)

# Registration, sign-ups and ratings (registration_models.py).
from xarxa.congress.registration_models import (  # noqa: E402,F401
    Answer,
    Question,
    Registration,
    SessionRating,
    SessionSignup,
    TicketType,
)

# Co-speakers, review and decisions live in their own module (registered here, under this app).
from xarxa.congress.review_models import (  # noqa: E402,F401
    CoSpeaker,
    Criterion,
    Decision,
    DecisionRecord,
    DecisionTemplate,
    DeclaredConflict,
    Review,
    ReviewAssignment,
    ReviewScore,
)
