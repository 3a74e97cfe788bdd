"""The jury of a category: its members, the rubric, the scores, private notes, declared conflicts and the
chair's recorded tie-break."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from xarxa.awards.models import Category, Nomination

MAX_SCORE = 10


class JuryMember(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_juries")
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury")
        constraints = [models.UniqueConstraint(fields=["category", "user"], name="award_juror_once")]

    def __str__(self):
        return f"{self.user} · {self.category}"


class Criterion(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1,
                                              validators=[MinValueValidator(1), MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("rubric")

    def __str__(self):
        return f"{self.name} (×{self.weight})"


class Score(models.Model):
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(MAX_SCORE)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["juror", "nomination", "criterion"], name="award_score_once"),
            models.CheckConstraint(condition=models.Q(value__lte=MAX_SCORE), name="award_score_at_most_10"),
        ]

    def __str__(self):
        return f"{self.value}"


class JuryNote(models.Model):
    """A juror's private deliberation note on a nominee: read by its writer alone."""

    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private note"), max_length=4000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["juror", "nomination"], name="award_note_once")]

    def __str__(self):
        return f"note {self.pk}"


class JuryConflict(models.Model):
    """A juror's declared conflict of interest: they no longer see or score the nominee."""

    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="declared_conflicts")
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["juror", "nomination"], name="award_conflict_once")]

    def __str__(self):
        return f"conflict {self.juror_id} · {self.nomination_id}"


class TieBreak(models.Model):
    """The chair's recorded decision between nominees tied on the jury's weighted score."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="tie_breaks")
    chosen = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    tied = models.JSONField(default=list)  # the tied nominations' ids
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"tie-break {self.category_id} → {self.chosen_id}"
