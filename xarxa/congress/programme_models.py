"""The programme of an edition: sessions (a content kind), breaks, published versions and what changed
between them, and each member's starred sessions.

A session is one content row plus a Session row (its room, times, track, format and speakers), so
comments, reactions, attachments, visibility and search are the base's. What the organisers edit is
the working programme (the Session rows); what everyone else reads is the last published version, a
snapshot of every placement (ProgrammeVersion.snapshot), so an organiser's unfinished changes never
show and each publication can say what changed since the one before.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SESSION_KIND = "session"


def validate_links(value):
    if not isinstance(value, list) or not all(
            isinstance(link, dict) and str(link.get("url", "")).startswith(("https://", "http://"))
            for link in value):
        raise ValidationError(_("Each material needs an address starting with https://."), code="links")


class Session(models.Model):
    """A session of the programme: from an accepted proposal, or added by the organisers (a plenary,
    an opening). Placement (room, start, end) is set by scheduling and read by the public only through
    a published version."""

    content = models.OneToOneField("content.Content", on_delete=models.CASCADE, primary_key=True,
                                   related_name="session")
    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="sessions")
    proposal = models.OneToOneField("congress.Proposal", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="session")
    abstract = models.TextField(_("abstract"), max_length=600, blank=True)
    session_format = models.ForeignKey("congress.SessionFormat", verbose_name=_("format"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="sessions")
    track = models.ForeignKey("congress.Track", verbose_name=_("track"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="sessions")
    is_plenary = models.BooleanField(_("plenary"), default=False,
                                     help_text=_("Everyone attends: nothing else runs at the same time."))
    room = models.ForeignKey("congress.Room", verbose_name=_("room"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    speakers = models.ManyToManyField(settings.AUTH_USER_MODEL, through="congress.SessionSpeaker",
                                      related_name="congress_sessions", blank=True)
    links = models.JSONField(_("materials"), default=list, blank=True, validators=[validate_links])
    recording_link = models.URLField(_("recording"), blank=True,
                                     help_text=_("Where the recording of the session can be watched."))
    # Kept by the sign-up services (registration); scheduling checks the room holds them.
    signup_count = models.PositiveIntegerField(_("sign-ups"), default=0, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["edition", "starts_at"], name="session_edition_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return reverse("congress:session", args=[self.content_id])

    @property
    def is_placed(self):
        return self.starts_at is not None and self.ends_at is not None

    @property
    def minutes(self):
        return int((self.ends_at - self.starts_at).total_seconds() // 60) if self.is_placed else None


class SessionSpeaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speaker_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="speaker_once_per_session")]
        indexes = [models.Index(fields=["user", "session"])]

    def __str__(self):
        return f"{self.user_id} speaks in {self.session_id}"


class Break(models.Model):
    """A slot with no session page: coffee, lunch, moving between venues. No room: every room."""

    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="breaks")
    title = models.CharField(_("title"), max_length=120)
    room = models.ForeignKey("congress.Room", verbose_name=_("room"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="breaks",
                             help_text=_("Empty: a break for everyone."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="break_ends_after_it_starts")]

    def __str__(self):
        return self.title


class ProgrammeVersion(models.Model):
    """One publication of the programme. `snapshot` is what the public reads until the next one:
    {"sessions": {content id: {"room", "start", "end", "title", "track", "speakers"}}, "breaks": [...]}."""

    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="programme_versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="programme_version_once")]

    def __str__(self):
        return f"v{self.number}"


class ProgrammeChange(models.Model):
    """What one publication changed for one session ("v2: room change for …"), for the list and to tell
    the speakers and those who starred it."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        REMOVED = "removed", _("Removed from the programme")
        ROOM = "room", _("Room change")
        TIME = "time", _("Time change")
        SPEAKERS = "speakers", _("Speakers change")
        TITLE = "title", _("New title")

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="changes")
    session = models.ForeignKey(Session, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)  # the session's title at the time
    before = models.CharField(max_length=200, blank=True)
    after = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("programme change")
        verbose_name_plural = _("programme changes")

    def __str__(self):
        return f"{self.kind}: {self.title}"


class Star(models.Model):
    """A member's personal agenda: the sessions they starred."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_stars")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("starred session")
        verbose_name_plural = _("starred sessions")
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="star_once")]
        indexes = [models.Index(fields=["session", "user"])]

    def __str__(self):
        return f"{self.user_id} ★ {self.session_id}"


def _agenda_token():
    import secrets

    return secrets.token_urlsafe(24)


class AgendaToken(models.Model):
    """The secret address of one member's agenda feed for one edition (revocable by resetting it). The
    events app's calendar tokens sit in a sibling app this one may not import (the layer contract)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_agenda_token)

    class Meta:
        verbose_name = _("agenda feed token")
        verbose_name_plural = _("agenda feed tokens")
        constraints = [models.UniqueConstraint(fields=["user", "edition"], name="agenda_token_once")]

    def __str__(self):
        return f"agenda token of {self.user_id} for {self.edition_id}"
