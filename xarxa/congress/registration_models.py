"""Registration and the days themselves: ticket types, the organisers' questions, each member's
registration (one per edition, with a ticket code), sign-ups for sessions with limited places, and the
ratings attendees give the sessions they attended. Statuses move only through congress/lifecycles.py.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Ticket codes are typed by the staff at the door: no letters that read like others (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31^12, about 59 bits: not guessable, short enough to type in three groups


def new_ticket_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What the staff typed or the scanner read ("abcd-efgh jkmn") as a stored code ("ABCDEFGHJKMN")."""
    return "".join(ch for ch in str(typed).upper() if ch.isalnum())


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


class TicketType(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        SPEAKER = "speaker", _("Speaker")

    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IN_PERSON)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True,
                                           help_text=_("Empty: no limit. When full, members join a waiting list."))
    needs_approval = models.BooleanField(_("needs the organisers' approval"), default=False)
    price_note = models.CharField(_("price"), max_length=120, blank=True,
                                  help_text=_("Empty: free. Otherwise how to pay (paid outside this site)."))
    needs_payment_reference = models.BooleanField(
        _("asks for a payment reference"), default=False,
        help_text=_("The member gives the reference of the payment made outside this site."))
    is_open = models.BooleanField(_("open for registration"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("ticket type")
        verbose_name_plural = _("ticket types")

    def __str__(self):
        return self.name

    @property
    def is_free(self):
        return not self.price_note


class Question(models.Model):
    """A question the organisers ask every member who registers."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")

    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="registration_questions")
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), blank=True, max_length=2000, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.text

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Refused")


# Those who hold a place (what the capacity counts).
HOLDS_A_PLACE = (RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN)
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING,
          RegistrationStatus.CHECKED_IN)


class Registration(models.Model):
    """A member's registration to an edition: one per member per edition (a cancelled one comes back to
    life when they register again, with a new code)."""

    Status = RegistrationStatus

    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_registrations")
    ticket_type = models.ForeignKey(TicketType, verbose_name=_("ticket"), on_delete=models.PROTECT,
                                    related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="")
    code = models.CharField(_("ticket code"), max_length=16, unique=True, default=new_ticket_code)
    payment_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # When it took its place in the queue (the waiting list is promoted in this order).
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="one_registration_per_edition")]
        indexes = [models.Index(fields=["ticket_type", "status", "queued_at"], name="registration_queue")]

    def __str__(self):
        return f"{self.user_id} · {self.edition_id} · {self.status}"

    @property
    def code_display(self):
        return format_code(self.code)

    @property
    def is_active(self):
        return self.status in ACTIVE


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")]

    def __str__(self):
        return self.value[:40]


class SignupStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SessionSignup(models.Model):
    """A place in a session whose format needs sign-up (a workshop), or a place on its waiting list."""

    Status = SignupStatus

    session = models.ForeignKey("congress.Session", on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_signups")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="")
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_signup_per_session")]
        indexes = [models.Index(fields=["session", "status", "queued_at"], name="signup_queue"),
                   models.Index(fields=["user", "session"], name="signup_by_user")]

    def __str__(self):
        return f"{self.user_id} → {self.session_id} ({self.status})"


class SessionRating(models.Model):
    """What an attendee thought of a session: 1 to 5 and a comment, once, changeable."""

    session = models.ForeignKey("congress.Session", on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_ratings")
    score = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_rating_per_session"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_from_1_to_5"),
        ]

    def __str__(self):
        return f"{self.user_id} rates {self.session_id}: {self.score}"
