"""The congress's innovation awards. A round of awards belongs to a congress edition: its categories
(eligibility, phase dates, finalists), the nominations (a content kind on the shared base), the public
vote (secret: see Vote), the jury and what is announced.

The dated stages of a category, in order:
    upcoming ──▶ nominations ──▶ vote ──▶ jury ──▶ announced
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xarxa.congress.models import Edition
from xarxa.organisations.models import Organisation

NOMINATION_KIND = "nomination"


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("Not open yet")
    NOMINATIONS = "nominations", _("Nominations open")
    VOTE = "vote", _("Public vote")
    JURY = "jury", _("Jury deliberation")
    ANNOUNCED = "announced", _("Winners announced")


STAGE_ORDER = list(Stage.values)


class NomineeKind(models.TextChoices):
    PROJECT = "project", _("Projects")
    PERSON = "person", _("People")


class Voters(models.TextChoices):
    VERIFIED = "verified", _("Verified public employees only")
    CONFIRMED = "confirmed", _("All members with a confirmed e-mail address")


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The categories of editions `user` may know of: the edition's (the space's) rule, never a second."""
        return self.filter(edition__in=Edition.objects.visible_to(user))


class Category(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="award_categories")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    nominee_kind = models.CharField(_("nominees are"), max_length=8, choices=NomineeKind.choices,
                                    default=NomineeKind.PROJECT)
    # Eligibility: an empty list means "any".
    organisation_kinds = models.JSONField(_("kinds of organisation"), default=list, blank=True)
    organisation_levels = models.JSONField(_("levels of administration"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True,
                                 help_text=_("Two-letter codes; empty: any country."))
    work_from = models.DateField(_("work started on or after"), null=True, blank=True)
    work_until = models.DateField(_("work started on or before"), null=True, blank=True)
    self_nomination = models.BooleanField(_("self-nomination allowed"), default=True)
    finalists = models.PositiveSmallIntegerField(_("number of finalists"), default=3,
                                                 validators=[MinValueValidator(1), MaxValueValidator(20)])
    voters = models.CharField(_("who may vote"), max_length=10, choices=Voters.choices, default=Voters.CONFIRMED)
    nominations_open_at = models.DateTimeField(_("nominations open"))
    vote_opens_at = models.DateTimeField(_("public vote opens (nominations close)"))
    jury_opens_at = models.DateTimeField(_("jury deliberates (the vote closes)"))
    announce_at = models.DateTimeField(_("winners announced"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    signals_computed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="award_category_slug_once")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:category", args=[self.edition.space.slug, self.slug])

    def clean(self):
        dates = [self.nominations_open_at, self.vote_opens_at, self.jury_opens_at, self.announce_at]
        if all(dates) and dates != sorted(dates):
            raise ValidationError(_("The dates must follow each other: nominations, vote, jury, announcement."))
        if self.work_from and self.work_until and self.work_until < self.work_from:
            raise ValidationError({"work_until": _("The end of the range cannot come before its start.")})
        known_kinds, known_levels = set(Organisation.Kind.values), set(Organisation.Level.values)
        if not set(self.organisation_kinds or []) <= known_kinds:
            raise ValidationError({"organisation_kinds": _("Choose kinds of organisation from the list.")})
        if not set(self.organisation_levels or []) <= known_levels:
            raise ValidationError({"organisation_levels": _("Choose levels from the list.")})

    def stage_at(self, moment) -> Stage:
        current = Stage.UPCOMING
        for stage, start in ((Stage.NOMINATIONS, self.nominations_open_at), (Stage.VOTE, self.vote_opens_at),
                             (Stage.JURY, self.jury_opens_at), (Stage.ANNOUNCED, self.announce_at)):
            if start is not None and start <= moment:
                current = stage
        return current

    @property
    def stage(self) -> Stage:
        return self.stage_at(timezone.now())

    def is_past(self, stage) -> bool:
        """True once the category has left `stage` behind (or is in it, for `stage` itself: see is_at_least)."""
        return STAGE_ORDER.index(self.stage) > STAGE_ORDER.index(stage)

    def is_at_least(self, stage) -> bool:
        return STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(stage)

    def kind_labels(self):
        labels = dict(Organisation.Kind.choices)
        return [labels[k] for k in self.organisation_kinds if k in labels]

    def level_labels(self):
        labels = dict(Organisation.Level.choices)
        return [labels[k] for k in self.organisation_levels if k in labels]

    def country_names(self):
        from django_countries import countries

        return [countries.name(code) or code for code in self.countries]


class Nomination(models.Model):
    """A project or a person put forward in a category. Title (the project's or person's name), summary
    (the body), comments, attachments (the evidence files), visibility and search are the content base's;
    this row holds the case and where the nomination stands (lifecycles.NOMINATION)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the nominee's answer")
        ACCEPTED = "accepted", _("Accepted by the nominee")
        DECLINED = "declined", _("Declined by the nominee")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        FINALIST = "finalist", _("Finalist")

    class Award(models.TextChoices):
        NONE = "", _("No award")
        WINNER = "winner", _("Winner")
        MENTION = "mention", _("Special mention")

    IN_THE_RUNNING = (Status.PROPOSED, Status.ACCEPTED, Status.ELIGIBLE, Status.FINALIST)

    content = models.OneToOneField("content.Content", on_delete=models.CASCADE, primary_key=True,
                                   related_name="nomination")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominee"), on_delete=models.PROTECT,
                                related_name="award_nominations",
                                help_text=_("The person nominated, or the project's contact person."))
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="award_nominations")
    work_started_on = models.DateField(_("the work started on"))
    problem = models.TextField(_("the problem"), max_length=4000)
    solution = models.TextField(_("the solution"), max_length=4000)
    results = models.TextField(_("results"), max_length=4000)
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    practice = models.ForeignKey("library.Resource", verbose_name=_("good practice in the library"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="award_nominations")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    award = models.CharField(_("award"), max_length=8, choices=Award.choices, default="", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    in_library_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        indexes = [models.Index(fields=["category", "status"], name="award_nomination_status")]

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return reverse("awards:detail", args=[self.pk])

    @property
    def is_self_nomination(self):
        return self.content.author_id == self.nominee_id


class EligibilityDecision(models.Model):
    """Append-only: each organisers' eligibility decision with its reason (also on the audit trail)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="eligibility_decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    eligible = models.BooleanField(_("eligible"))
    reason = models.TextField(_("reason"), max_length=2000)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("eligibility decision")
        verbose_name_plural = _("eligibility decisions")

    def __str__(self):
        return f"{self.nomination_id}: {'eligible' if self.eligible else 'ineligible'}"


# Imported here so Django finds the models of the vote and the jury (their own modules).
from xarxa.awards.jury_models import Criterion, JuryConflict, JuryMember, JuryNote, Score, TieBreak  # noqa: E402,F401
from xarxa.awards.vote_models import Vote  # noqa: E402,F401
