"""The Government Lab: challenges (a content kind), the teams that apply, the projects they run through
stages in their own space (Space.Kind.LAB_PROJECT), the testers' feedback and the log of it all.

A challenge *is* its base content row (primary key = content id): reads go through
Content.objects.visible_to, so a challenge awaiting the moderators' review is a draft, its author's alone,
and a published one is read by everyone. A project's pages read through its space's visibility
(a project space may be private).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xarxa.content.models import Content
from xarxa.library.choices import Goal, Licence

CHALLENGE_KIND = "challenge"
LOG_KIND = "lablog"


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public administration")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    CIVIL = "civil", _("Civil society")


# The sector a member brings to a team is their organisation's.
SECTOR_OF_ORGANISATION_KIND = {
    "administration": Sector.PUBLIC, "international": Sector.PUBLIC, "university": Sector.ACADEMIA,
    "company": Sector.PRIVATE, "nonprofit": Sector.CIVIL,
}


class Challenge(models.Model):
    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting the moderators' review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back to its author")

    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="challenge")
    organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("posted on behalf of"),
                                     on_delete=models.PROTECT, related_name="lab_challenges")
    context = models.TextField(_("context"), blank=True)
    affected = models.TextField(_("who is affected"), blank=True)
    data_available = models.TextField(_("data available"), blank=True,
                                      help_text=_("Links to the data and files, one a line."))
    data_licence = models.CharField(_("licence of the data"), max_length=12, choices=Licence.choices, blank=True)
    constraints = models.TextField(_("constraints (legal, budget, technology)"), blank=True)
    expected_impact = models.TextField(_("expected impact"), blank=True)
    support_mentors = models.BooleanField(_("mentors"), default=False)
    support_data = models.BooleanField(_("access to data"), default=False)
    support_pilot = models.BooleanField(_("a pilot site"), default=False)
    support_notes = models.TextField(_("other support offered"), blank=True)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    team_count = models.PositiveSmallIntegerField(_("number of teams it will take"), default=1,
                                                  validators=[MinValueValidator(1), MaxValueValidator(20)])
    min_sectors = models.PositiveSmallIntegerField(_("sectors a team must mix, at least"), default=2,
                                                   validators=[MinValueValidator(1), MaxValueValidator(4)])
    questions = models.TextField(_("questions for the applicants"), blank=True,
                                 help_text=_("One question a line."))
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    review_note = models.TextField(_("the moderators' note"), blank=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["review", "closes_on"], name="lab_challenge_review")]

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return self.content.get_absolute_url()

    @property
    def question_list(self):
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def data_links(self):
        return [line.strip() for line in self.data_available.splitlines() if line.strip()]

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.review == self.Review.APPROVED and self.opens_on <= today <= self.closes_on


class ChallengeGoal(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="goal_rows")
    goal = models.PositiveSmallIntegerField(_("Sustainable Development Goal"), choices=Goal.choices)

    class Meta:
        ordering = ["goal"]
        constraints = [models.UniqueConstraint(fields=["challenge", "goal"], name="lab_goal_once")]
        indexes = [models.Index(fields=["goal", "challenge"], name="lab_goal")]

    def __str__(self):
        return self.get_goal_display()


class Seeker(models.Model):
    """"Looking for a team": a member offers their skills for one challenge."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="seekers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_seeking")
    skills = models.CharField(_("what you bring"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="lab_seek_once")]

    def __str__(self):
        return f"{self.user_id} for {self.challenge_id}"


class Team(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["challenge", "name"], name="lab_team_name_once")]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_teams")
    organisation = models.ForeignKey("organisations.Organisation", null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="lab_team_member_once")]

    def __str__(self):
        return f"{self.user_id} in {self.team_id}"


class Application(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Not selected")

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="application")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="applications")
    answers = models.JSONField(default=list)  # [{"question": ..., "answer": ...}] in the challenge's order
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(_("message to the team"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["challenge", "state"], name="lab_application_state")]

    def __str__(self):
        return f"{self.team} → {self.challenge_id}"


class Stage(models.TextChoices):
    DISCOVER = "discover", _("Discover")
    DEFINE = "define", _("Define")
    IDEATE = "ideate", _("Ideate")
    PROTOTYPE = "prototype", _("Prototype")
    TEST = "test", _("Test")
    TRANSFER = "transfer", _("Transfer")
    TRANSFERRED = "transferred", _("Transferred to the library")
    STOPPED = "stopped", _("Stopped")


STAGE_ORDER = [Stage.DISCOVER, Stage.DEFINE, Stage.IDEATE, Stage.PROTOTYPE, Stage.TEST, Stage.TRANSFER]

# Each stage's deliverable: its structured fields (name, label); files attach beside them.
DELIVERABLE_FIELDS = {
    Stage.DISCOVER: [("people_affected", _("People affected")), ("findings", _("What we found"))],
    Stage.DEFINE: [("problem_definition", _("Problem definition"))],
    Stage.IDEATE: [("ideas_considered", _("Ideas considered"))],
    Stage.PROTOTYPE: [("prototype_description", _("Prototype description")), ("prototype_link", _("Prototype link"))],
    Stage.TEST: [("test_plan", _("Test plan")), ("test_results", _("Test results"))],
    Stage.TRANSFER: [("transfer_plan", _("Transfer plan")), ("costs", _("Costs"))],
}


class Project(models.Model):
    """A selected team's work on a challenge, in its own space."""

    class Gate(models.TextChoices):
        OPEN = "open", _("Working on the stage")
        SUBMITTED = "submitted", _("Waiting for the mentors' review")

    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, related_name="lab_project")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="projects")
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="project")
    mentors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="lab_mentoring")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.DISCOVER)
    gate = models.CharField(_("gate"), max_length=10, choices=Gate.choices, default=Gate.OPEN)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    evaluation = models.TextField(_("the challenge owner's evaluation"), blank=True)
    resource = models.OneToOneField("library.Resource", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="lab_project")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["stage"], name="lab_project_stage")]

    def __str__(self):
        return self.space.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("lab:project", args=[self.space.slug])

    @property
    def next_stage(self):
        if self.stage in STAGE_ORDER[:-1]:
            return STAGE_ORDER[STAGE_ORDER.index(self.stage) + 1]
        return None

    @property
    def is_active(self):
        return self.stage in STAGE_ORDER


class Deliverable(models.Model):
    """What the team hands in for one stage: the stage's fields, and a file."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    fields = models.JSONField(default=dict)
    file = models.FileField(_("file"), upload_to="lab/deliverables/", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="lab_deliverable_once")]

    def __str__(self):
        return f"{self.project_id} {self.stage}"

    def labelled_fields(self):
        return [(label, self.fields.get(name, "")) for name, label in DELIVERABLE_FIELDS.get(self.stage, [])]


class LogEntry(models.Model):
    """One line of a project's log, as content in the project's space: the timeline, the members' feeds and
    search read it through the space's visibility, so a private project's log stays inside it."""

    class Event(models.TextChoices):
        STARTED = "started", _("Project started")
        DELIVERABLE = "deliverable", _("Deliverable handed in")
        GATE_ASKED = "gate_asked", _("Review asked")
        APPROVED = "approved", _("Stage approved")
        SENT_BACK = "sent_back", _("Sent back with feedback")
        TESTED = "tested", _("A tester's feedback")
        STOPPED = "stopped", _("Project stopped")
        TRANSFERRED = "transferred", _("Transferred to the library")

    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="lablog")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="log")
    event = models.CharField(max_length=12, choices=Event.choices)
    stage = models.CharField(max_length=12, choices=Stage.choices)

    class Meta:
        verbose_name = _("project log entry")
        verbose_name_plural = _("project log")

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("lab:log_entry", args=[self.pk])


def _token():
    return secrets.token_urlsafe(18)


class TesterInvitation(models.Model):
    """A link the team hands to testers (public employees, or anyone who has it)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tester_invitations")
    token = models.CharField(max_length=40, unique=True, default=_token)
    note = models.CharField(_("who it is for"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.project_id}: {self.note}"


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class TesterFeedback(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tester_feedback")
    invitation = models.ForeignKey(TesterInvitation, null=True, on_delete=models.SET_NULL, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    name = models.CharField(_("your name"), max_length=120, blank=True)
    role = models.CharField(_("your role or organisation"), max_length=200, blank=True)
    ease = models.PositiveSmallIntegerField(_("easy to use"), validators=RATING)
    usefulness = models.PositiveSmallIntegerField(_("useful for your work"), validators=RATING)
    comment = models.TextField(_("what would you change?"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(ease__gte=1, ease__lte=5, usefulness__gte=1,
                                                                 usefulness__lte=5), name="lab_ratings_1_to_5")]

    def __str__(self):
        return f"{self.ease}/{self.usefulness} for {self.project_id}"
