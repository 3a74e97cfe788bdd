"""The School of Government. A course IS content (kind "course": the base row holds its title,
description, language, topics, author and status; Course holds what only a course has). A cohort IS a
space (Space.Kind.COURSE_COHORT): its debates and live sessions (events) are the space's content and its
members are the space's members. Modules, lessons, enrolments, progress, quizzes, attempts and
certificates are the school's own tables.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xarxa.content.models import Content
from xarxa.core.markdown import render_markdown
from xarxa.spaces.models import Space

KIND = "course"


class Course(models.Model):
    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Enrolment(models.TextChoices):
        OPEN = "open", _("Open: anyone who can read the course enrols")
        APPROVAL = "approval", _("By approval: the instructors accept each request")
        COHORT = "cohort", _("By cohort: learners join a cohort with dates and places")

    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="course")
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.INTRODUCTORY)
    expected_hours = models.PositiveSmallIntegerField(_("expected hours"), default=1)
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("instructors"), blank=True,
                                         related_name="courses_taught")
    cover = models.ImageField(_("cover image"), upload_to="school/covers/", blank=True)
    prerequisites = models.ManyToManyField("self", verbose_name=_("prerequisites"), symmetrical=False,
                                           blank=True, related_name="required_by")
    enrolment_mode = models.CharField(_("enrolment"), max_length=10, choices=Enrolment.choices,
                                      default=Enrolment.OPEN)
    lessons_in_order = models.BooleanField(_("lessons in order"), default=False,
                                           help_text=_("Learners must finish each required lesson before the next."))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return reverse("school:detail", args=[self.content_id])


class Cohort(models.Model):
    """A course's group of learners who learn together: a space of its own kind, with dates and places."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, primary_key=True, related_name="cohort",
                                 limit_choices_to={"kind": Space.Kind.COURSE_COHORT})
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohorts")
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    places = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Leave empty for no limit."))
    # Kept by the enrolment services (recounted under a lock) so "full" needs no COUNT.
    enrolled_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="cohort_ends_after_it_starts")]

    def __str__(self):
        return self.space.name

    def get_absolute_url(self):
        return reverse("school:cohort", args=[self.space.slug])

    @property
    def is_full(self):
        return self.places is not None and self.enrolled_count >= self.places

    @property
    def places_left(self):
        return None if self.places is None else max(self.places - self.enrolled_count, 0)


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self):
        return self.title


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    # Copied from the module so a course's lessons are one indexed filter.
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons", editable=False)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    captions_url = models.URLField(_("transcript or captions link"), blank=True,
                                   help_text=_("Required with a video, so everyone can follow it."))
    file = models.FileField(_("file"), upload_to="school/lessons/%Y/%m/", blank=True)
    reading = models.ForeignKey(Content, verbose_name=_("reading from the library"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+", limit_choices_to={"kind": "resource"})
    is_required = models.BooleanField(_("required"), default=True)
    allows_preview = models.BooleanField(_("open to preview"), default=False,
                                         help_text=_("Anyone who can read the course may read it before enrolling."))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [models.Index(fields=["course", "module", "position"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.course_id = self.module.course_id
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("school:lesson", args=[self.pk])

    def clean(self):
        if self.video_url and not self.captions_url:
            raise ValidationError({"captions_url": _("Give a transcript or captions link with the video.")})


class Enrolment(models.Model):
    """A learner in a course (and in one of its cohorts, for a course taught by cohort). Its status moves
    only through lifecycles.ENROLMENT."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the instructors' approval")
        WAITING = "waiting", _("On the waiting list")
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    LEARNING = (Status.ENROLLED, Status.COMPLETED)  # may read every lesson

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, blank=True)
    extra_minutes = models.PositiveSmallIntegerField(
        _("extra time for quizzes (minutes)"), default=0,
        help_text=_("Added to every timed quiz for this learner (for accessibility)."))
    requested_at = models.DateTimeField(auto_now_add=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="enrolment_once_per_course")]
        indexes = [models.Index(fields=["course", "status"]),
                   models.Index(fields=["cohort", "status", "waiting_since"]),
                   models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} · {self.course} ({self.status})"

    @property
    def is_learning(self):
        return self.status in self.LEARNING


class LessonDone(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lessons_done")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson done")
        verbose_name_plural = _("lessons done")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="lesson_done_once")]

    def __str__(self):
        return f"{self.enrolment_id} · {self.lesson_id}"


class Quiz(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quizzes")
    module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.SET_NULL, related_name="quizzes")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_required = models.BooleanField(_("required to pass the course"), default=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), null=True, blank=True,
                                                        help_text=_("Leave empty for no limit."))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=50)
    draw_count = models.PositiveSmallIntegerField(
        _("questions drawn"), null=True, blank=True,
        help_text=_("How many questions each attempt draws at random from the bank; empty for all of them."))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_percent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("school:quiz", args=[self.pk])


class Question(models.Model):
    """One question of a quiz's bank."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        NUMERIC = "numeric", _("Number")
        SHORT = "short", _("Short answer")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("question"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    is_true = models.BooleanField(_("the statement is true"), null=True, blank=True)
    number = models.DecimalField(_("answer"), max_digits=14, decimal_places=4, null=True, blank=True)
    tolerance = models.DecimalField(_("tolerance"), max_digits=14, decimal_places=4, default=0)
    accepted_answers = models.JSONField(_("accepted answers"), default=list, blank=True)
    feedback_right = models.TextField(_("feedback for a right answer"), blank=True)
    feedback_wrong = models.TextField(_("feedback for a wrong answer"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


class Attempt(models.Model):
    """One try at a quiz: the questions drawn, then the answers and their grading (recorded per attempt)."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        GRADED = "graded", _("Graded")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)  # {question id: what the learner answered}
    results = models.JSONField(default=dict, blank=True)  # {question id: {"right": bool, "points": n}}
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)  # percent
    passed = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [models.UniqueConstraint(fields=["quiz", "enrolment", "number"], name="attempt_number_once")]
        indexes = [models.Index(fields=["quiz", "enrolment", "passed"])]

    def __str__(self):
        return f"{self.quiz_id} #{self.number}"

    def get_absolute_url(self):
        return reverse("school:attempt", args=[self.pk])


def _certificate_code():
    return secrets.token_urlsafe(18)  # 144 random bits: not guessable, not enumerable


class Certificate(models.Model):
    """Issued when a learner passes a course. What it says is copied at issue time, so it reads the same
    however the course changes later; the code is the only way to find it."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(max_length=32, unique=True, default=_certificate_code, editable=False)
    # A certificate outlives its course and enrolment (an instructor's erased course): it says what it says.
    enrolment = models.OneToOneField(Enrolment, null=True, on_delete=models.SET_NULL, related_name="certificate")
    course = models.ForeignKey(Course, null=True, on_delete=models.SET_NULL, related_name="certificates")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    learner_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    hours = models.PositiveSmallIntegerField()
    instructor_names = models.JSONField(default=list)
    achievement = models.TextField(blank=True)  # the required lessons and quizzes passed, for the record
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    # What the learner agreed to show on the public verification page beyond the certificate itself.
    shows_score = models.BooleanField(_("show my score on the verification page"), default=False)
    on_profile = models.BooleanField(_("list it on my profile"), default=False)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        # No learner name: this is what the audit trail keeps of a revoked certificate, past any erasure.
        return f"{self.course_title} ({self.code})"

    def get_absolute_url(self):
        return reverse("school:verify", args=[self.code])

    @property
    def is_valid(self):
        return self.status == self.Status.VALID
