"""What a proposal gathers on its way to the programme: its co-speakers, the committee's rubric, reviews,
assignments and conflicts of interest, and the organisers' decisions with the e-mails that announce them.

Imported by models.py (so Django registers the models under the congress app) and kept apart from it so
that the programme's models and these change in different files.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The committee scores each criterion on this scale (0 = poor ... 4 = excellent).
MIN_SCORE, MAX_SCORE = 0, 4


class CoSpeakerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=CoSpeaker.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=CoSpeaker.Status.PENDING)

    def addressed_to(self, user):
        """Invitations for `user`: by their account, or to an address they have verified and not yet bound.

        As with invitations to groups (spaces.models.SpaceInvitationQuerySet), an address entitles an account
        only once the account has proved it owns the address."""
        from allauth.account.models import EmailAddress
        from django.db.models.functions import Lower

        if not user.is_authenticated:
            return self.none()
        addresses = (EmailAddress.objects.filter(user=user, verified=True)
                     .annotate(address=Lower("email")).values("address"))
        return self.filter(Q(user=user) | Q(user__isnull=True, email__in=addresses))


class CoSpeaker(models.Model):
    """A co-speaker invited by the proposal's author: pending → confirmed | declined; removed by the author.

    Invited by username (bound to that member) or by e-mail address (bound to the member who has verified
    it, now or later). Confirmed co-speakers are shown on the proposal and may edit it while the call is open.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        REMOVED = "removed", _("Removed by the author")

    proposal = models.ForeignKey("congress.Proposal", on_delete=models.CASCADE, related_name="co_speakers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="congress_co_speaking")
    email = models.EmailField(_("e-mail address"), blank=True)
    # The author typed an address: they are shown that address, never whose account it is.
    by_email = models.BooleanField(default=False, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = CoSpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("co-speaker")
        verbose_name_plural = _("co-speakers")
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["email", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], condition=Q(status__in=["pending", "confirmed"]),
                                    name="co_speaker_once_per_proposal"),
        ]

    def __str__(self):
        return f"{self.user_id or self.email} → {self.proposal_id} ({self.status})"

    @property
    def addressee(self):
        if self.user_id and not self.by_email:
            return f"{self.user.display_name} (@{self.user.username})"
        return self.email


class Criterion(models.Model):
    """One line of an edition's rubric: each review scores it from MIN_SCORE to MAX_SCORE; the weights
    make the proposal's weighted score."""

    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=120)
    description = models.TextField(_("what reviewers look at"), blank=True, max_length=1000)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="criterion_name_once_per_edition"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_has_a_weight"),
        ]

    def __str__(self):
        return self.name


class Review(models.Model):
    """A committee member's review of one proposal; its scores are ReviewScore rows, and `score` keeps
    their weighted mean so the committee's list sorts and averages without reading every score."""

    proposal = models.ForeignKey("congress.Proposal", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_reviews")
    comment_for_committee = models.TextField(_("comment for the committee"), blank=True, max_length=4000)
    comment_for_speaker = models.TextField(_("comment for the speakers"), blank=True, max_length=4000,
                                           help_text=_("The speakers may read it once the decision is sent."))
    score = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2, null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_review_per_reviewer")]
        indexes = [models.Index(fields=["reviewer", "proposal"])]

    def __str__(self):
        return f"{self.reviewer_id} → {self.proposal_id}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE), name="score_in_range"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class ReviewAssignment(models.Model):
    """The organisers asked this committee member to review this proposal."""

    proposal = models.ForeignKey("congress.Proposal", on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="congress_assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="assigned_once")]
        indexes = [models.Index(fields=["reviewer", "proposal"])]

    def __str__(self):
        return f"{self.reviewer_id} → {self.proposal_id}"


class DeclaredConflict(models.Model):
    """A reviewer said they should not review this proposal (a friend, a former colleague, a client...).
    Conflicts through a shared organisation are not stored: they are read from the profiles each time."""

    proposal = models.ForeignKey("congress.Proposal", on_delete=models.CASCADE, related_name="declared_conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="congress_conflicts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="conflict_declared_once")]

    def __str__(self):
        return f"{self.reviewer_id} ≠ {self.proposal_id}"


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    WAITLIST = "waitlist", _("Waiting list")
    DECLINE = "decline", _("Decline")


class DecisionTemplate(models.Model):
    """The e-mail the speakers receive for one decision, as the organisers worded it for this edition.
    Placeholders: {title}, {speakers}, {edition}, {link}, {comments} (the reviewers' comments for the speakers)."""

    edition = models.ForeignKey("congress.Edition", on_delete=models.CASCADE, related_name="decision_templates")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)

    class Meta:
        verbose_name = _("decision e-mail")
        verbose_name_plural = _("decision e-mails")
        constraints = [models.UniqueConstraint(fields=["edition", "decision"], name="one_template_per_decision")]

    def __str__(self):
        return f"{self.edition_id}: {self.decision}"


class DecisionRecord(models.Model):
    """Append-only: who decided what about a proposal, and when the speakers were told."""

    proposal = models.ForeignKey("congress.Proposal", on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.proposal_id}: {self.decision}"
