"""Acts on the lab. Each checks its rule first (core.rulebook.check, with the rule's translated refusal),
moves its row through a declared lifecycle (lab.lifecycles) and writes in one transaction, so a refusal
changes nothing. Project log lines are content in the project's space (LogEntry), recorded as activity."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from xarxa.activity.services import record_activity
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.rulebook import check
from xarxa.lab import lifecycles
from xarxa.lab import rules as lab_rules  # noqa: F401  (registers the rules)
from xarxa.lab.models import (
    CHALLENGE_KIND,
    DELIVERABLE_FIELDS,
    LOG_KIND,
    SECTOR_OF_ORGANISATION_KIND,
    Application,
    Challenge,
    ChallengeGoal,
    Deliverable,
    LogEntry,
    Project,
    Seeker,
    Stage,
    Team,
    TeamMember,
    TesterFeedback,
    TesterInvitation,
)
from xarxa.library import services as library_services
from xarxa.library.choices import Licence, ResourceKind
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.services import unique_slug

CHALLENGE_FIELDS = ["context", "affected", "data_available", "data_licence", "constraints", "expected_impact",
                    "support_mentors", "support_data", "support_pilot", "support_notes", "opens_on", "closes_on",
                    "team_count", "min_sectors", "questions"]


def _first(error):
    return error.messages[0] if error.messages else _("Check the form.")


def _check_dates(opens_on, closes_on):
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError(_("The call cannot close before it opens."))


def _set_goals(challenge, goals):
    ChallengeGoal.objects.filter(challenge=challenge).delete()
    ChallengeGoal.objects.bulk_create([ChallengeGoal(challenge=challenge, goal=int(goal))
                                       for goal in dict.fromkeys(goals)])


# Challenges --------------------------------------------------------------------------------------

def create_challenge(author, *, space=None, title, body="", language="es", topics=(), goals=(), **fields):
    """Post a challenge on behalf of the author's organisation; it waits for the moderators' review
    (a draft until then: its author's alone)."""
    check(author, "lab.post_challenge")
    unknown = set(fields) - set(CHALLENGE_FIELDS)
    if unknown:
        raise TypeError(f"unknown challenge fields {sorted(unknown)}")
    _check_dates(fields.get("opens_on"), fields.get("closes_on"))
    challenge = Challenge(organisation_id=author.profile.organisation_id, **fields)
    try:
        challenge.full_clean(exclude=["content", "organisation"])
    except ValidationError as error:
        raise ValidationError(_first(error)) from None
    with transaction.atomic():
        content = content_services.create_content(
            author, kind=CHALLENGE_KIND, space=space, title=title, body=body, language=language, topics=topics,
            status=Content.Status.DRAFT)
        challenge.content = content
        challenge.save()
        _set_goals(challenge, goals)
    return challenge


def edit_challenge(actor, challenge, *, title, body, topics=None, goals=None, **fields):
    """The author edits; a challenge the moderators sent back goes to them again."""
    check(actor, "lab.edit_challenge", challenge)
    for name, value in fields.items():
        if name not in CHALLENGE_FIELDS:
            raise TypeError(f"not editable: {name}")
        setattr(challenge, name, value)
    _check_dates(challenge.opens_on, challenge.closes_on)
    try:
        challenge.full_clean(exclude=["content", "organisation"])
    except ValidationError as error:
        raise ValidationError(_first(error)) from None
    with transaction.atomic():
        content_services.update_content(actor, challenge.content, title=title, body=body, topics=topics)
        if challenge.review == Challenge.Review.RETURNED:
            lifecycles.CHALLENGE.transition(challenge, "resubmit")
        challenge.save()
        if goals is not None:
            _set_goals(challenge, goals)
        announce("content.changed", content=challenge.content)
    return challenge


def challenges_awaiting_review(moderator):
    """The moderators' queue: challenges submitted for review. Their base rows are drafts (their authors'
    alone everywhere else): this queue is the one place a moderator reads them, by the review rule."""
    check(moderator, "lab.review_challenge")
    return (Challenge.objects.filter(review=Challenge.Review.SUBMITTED, content__status=Content.Status.DRAFT)
            .select_related("content__author__profile", "organisation").order_by("content__created_at"))


def approve_challenge(moderator, challenge, note=""):
    check(moderator, "lab.review_challenge")
    with transaction.atomic():
        lifecycles.CHALLENGE.transition(challenge, "approve")
        challenge.review_note = note.strip()
        challenge.save(update_fields=["review", "review_note"])
        content_services.publish_content(None, challenge.content)
        record_activity(challenge.content.author, "published", content=challenge.content)
        announce("content.changed", content=challenge.content)
    return challenge


def send_back_challenge(moderator, challenge, note):
    check(moderator, "lab.review_challenge")
    if not (note or "").strip():
        raise ValidationError(_("Say what the author should change."))
    with transaction.atomic():
        lifecycles.CHALLENGE.transition(challenge, "send_back")
        challenge.review_note = note.strip()
        challenge.save(update_fields=["review", "review_note"])
    return challenge


# Teams and applications --------------------------------------------------------------------------

def offer_skills(user, challenge, skills):
    """"Looking for a team": say what you bring to this challenge (again: replace what you said)."""
    check(user, "lab.take_part", challenge)
    skills = " ".join((skills or "").split())
    if not skills:
        raise ValidationError(_("Say what you bring: your skills, your experience."))
    seeker, _created = Seeker.objects.update_or_create(challenge=challenge, user=user, defaults={"skills": skills})
    return seeker


def withdraw_skills(user, challenge):
    Seeker.objects.filter(challenge=challenge, user=user).delete()


def sector_of(user):
    profile = getattr(user, "profile", None)
    organisation = profile.organisation if profile and profile.organisation_id else None
    return organisation, SECTOR_OF_ORGANISATION_KIND.get(organisation.kind) if organisation else None


def check_call_open(challenge, today=None):
    today = today or timezone.localdate()
    if challenge.review != Challenge.Review.APPROVED:
        raise ValidationError(_("This challenge is not open for applications."))
    if today < challenge.opens_on:
        raise ValidationError(_("Applications open on %(date)s.")
                              % {"date": formats.date_format(challenge.opens_on, "DATE_FORMAT")})
    if today > challenge.closes_on:
        raise ValidationError(_("Applications closed on %(date)s.")
                              % {"date": formats.date_format(challenge.closes_on, "DATE_FORMAT")})


def _team_members(applicant, usernames):
    User = get_user_model()
    names = [name.strip().lstrip("@") for name in usernames if name.strip()]
    users = {user.username.lower(): user for user in
             User.objects.filter(username__in=names, is_active=True).select_related("profile__organisation")}
    members = [applicant]
    for name in names:
        user = users.get(name.lower())
        if user is None:
            raise ValidationError(_("There is no member with the username “%(username)s”.") % {"username": name})
        if user.pk not in {member.pk for member in members}:
            members.append(user)
    return members


def apply(applicant, challenge, *, team_name, usernames=(), answers=()):
    """Form a team (the applicant and the members named) and apply to the challenge, answering its questions.
    The team must mix the challenge's minimum of sectors, each member's sector being their organisation's."""
    check(applicant, "lab.take_part", challenge)
    check_call_open(challenge)
    team_name = " ".join((team_name or "").split())
    if not team_name:
        raise ValidationError(_("Give your team a name."))
    members = _team_members(applicant, usernames)
    rows = []
    for member in members:
        organisation, sector = sector_of(member)
        if sector is None:
            raise ValidationError(
                _("%(name)s has no organisation on their profile: a team's sectors come from its members' "
                  "organisations.") % {"name": member.display_name})
        rows.append((member, organisation, sector))
    sectors = {sector for _member, _organisation, sector in rows}
    if len(sectors) < challenge.min_sectors:
        raise ValidationError(
            _("A team for this challenge must mix at least %(minimum)s sectors (public administration, academia, "
              "private sector, civil society); yours has %(count)s.")
            % {"minimum": challenge.min_sectors, "count": len(sectors)})
    questions = challenge.question_list
    answers = [(answer or "").strip() for answer in answers]
    if len(answers) < len(questions) or not all(answers[:len(questions)]):
        raise ValidationError(_("Answer every question of the challenge."))
    taken = TeamMember.objects.filter(team__challenge=challenge, user__in=[m for m, _o, _s in rows])
    if taken.exists():
        raise ValidationError(_("A member of this team is already in another team for this challenge."))
    try:
        with transaction.atomic():
            team = Team.objects.create(challenge=challenge, name=team_name, created_by=applicant)
            TeamMember.objects.bulk_create([TeamMember(team=team, user=member, organisation=organisation,
                                                       sector=sector) for member, organisation, sector in rows])
            application = Application.objects.create(
                team=team, challenge=challenge, submitted_by=applicant,
                answers=[{"question": q, "answer": a} for q, a in zip(questions, answers, strict=False)])
            Seeker.objects.filter(challenge=challenge, user__in=[m for m, _o, _s in rows]).delete()
    except IntegrityError:
        raise ValidationError(_("A team with this name has already applied to this challenge.")) from None
    return application


def decide_application(owner, application, *, select, message="", visibility=Space.Visibility.PUBLIC):
    """The challenge's owner selects a team (it gets its project space) or declines it; the message goes
    to the team (announced as "lab.application_decided")."""
    challenge = application.challenge
    check(owner, "lab.decide_applications", challenge)
    lifecycles.APPLICATION.check(application, "select" if select else "decline")
    if select and challenge.applications.filter(state=Application.State.SELECTED).count() >= challenge.team_count:
        raise ValidationError(ngettext("This challenge takes %(count)s team, and it is already selected.",
                                       "This challenge takes %(count)s teams, and they are already selected.",
                                       challenge.team_count) % {"count": challenge.team_count})
    with transaction.atomic():
        lifecycles.APPLICATION.transition(application, "select" if select else "decline")
        application.message, application.decided_at = (message or "").strip(), timezone.now()
        application.save(update_fields=["state", "message", "decided_at"])
        project = _start_project(owner, application, visibility) if select else None
    announce("lab.application_decided", actor=owner, application=application, project=project)
    return project or application


def _start_project(owner, application, visibility):
    team, challenge = application.team, application.challenge
    name = f"{challenge.content.title[:80]} · {team.name}"[:120]
    space = Space.objects.create(
        kind=Space.Kind.LAB_PROJECT, name=name, slug=unique_slug(Space.Kind.LAB_PROJECT, name),
        description=challenge.content.body, visibility=visibility, join_policy=Space.JoinPolicy.INVITATION,
        organisation=challenge.organisation, country=challenge.organisation.country, created_by=owner)
    project = Project.objects.create(space=space, challenge=challenge, team=team)
    roles = {owner.pk: Membership.Role.OWNER}
    for user_id in team.members.values_list("user_id", flat=True):
        roles.setdefault(user_id, Membership.Role.MEMBER)
    Membership.objects.bulk_create([Membership(space=space, user_id=user_id, role=role)
                                    for user_id, role in roles.items()])
    Space.objects.filter(pk=space.pk).update(member_count=len(roles))
    _log(owner, project, LogEntry.Event.STARTED,
         _("The team %(team)s starts its project") % {"team": team.name})
    return project


def assign_mentor(owner, project, mentor):
    check(owner, "lab.assign_mentors", project)
    with transaction.atomic():
        project.mentors.add(mentor)
        membership, created = Membership.objects.get_or_create(
            space=project.space, user=mentor, defaults={"role": Membership.Role.MODERATOR})
        if created:
            Space.objects.filter(pk=project.space_id).update(
                member_count=Membership.objects.filter(space=project.space).count())
    project.__dict__.pop("_mentor_cache", None)
    return project


# The project log ---------------------------------------------------------------------------------

def _log(actor, project, event, title, body=""):
    """A line of the project's log: content in the project's space (its readers only), and activity."""
    content = content_services.create_content(actor, kind=LOG_KIND, space=project.space, title=title[:200],
                                              body=body, language=content_services.reader_language(get_language()))
    entry = LogEntry.objects.create(content=content, project=project, event=event, stage=project.stage)
    record_activity(actor, "published", content=content)
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    return entry


# Stages and gates --------------------------------------------------------------------------------

def _check_active(project):
    if not project.is_active:
        raise ValidationError(_("This project has ended."))


def save_deliverable(user, project, *, fields, file=None):
    """The team hands in (or updates) the current stage's deliverable."""
    check(user, "lab.work_on_project", project)
    _check_active(project)
    names = [name for name, _label in DELIVERABLE_FIELDS[project.stage]]
    values = {name: (fields.get(name) or "").strip() for name in names}
    if not any(values.values()) and not file:
        raise ValidationError(_("Fill in the stage's deliverable, or attach a file."))
    with transaction.atomic():
        deliverable, _created = Deliverable.objects.get_or_create(project=project, stage=project.stage)
        deliverable.fields, deliverable.updated_by = values, user
        if file:
            deliverable.file = file
        deliverable.save()
        _log(user, project, LogEntry.Event.DELIVERABLE,
             _("Deliverable of the %(stage)s stage") % {"stage": project.get_stage_display()},
             "\n\n".join(f"**{label}**: {values[name]}" for name, label in DELIVERABLE_FIELDS[project.stage]
                         if values[name]))
    return deliverable


def ask_for_review(user, project):
    """The team asks the mentors to review the stage's gate."""
    check(user, "lab.work_on_project", project)
    _check_active(project)
    if project.stage != Stage.TRANSFER and not project.deliverables.filter(stage=project.stage).exists():
        raise ValidationError(_("Hand in this stage's deliverable before asking for a review."))
    if project.stage == Stage.TRANSFER:
        raise ValidationError(_("In the transfer stage the challenge's owner evaluates the result."))
    with transaction.atomic():
        lifecycles.GATE.transition(project, "ask")
        project.save(update_fields=["gate", "updated_at"])
        _log(user, project, LogEntry.Event.GATE_ASKED,
             _("Review of the %(stage)s stage asked") % {"stage": project.get_stage_display()})
    return project


def pass_gate(mentor, project, to_stage, feedback=""):
    """A mentor approves the gate: the project moves to `to_stage`, which must be the next one."""
    check(mentor, "lab.mentor_project", project)
    lifecycles.GATE.check(project, "pass")
    lifecycles.STAGE.check(project, str(to_stage))
    with transaction.atomic():
        lifecycles.GATE.transition(project, "pass")
        lifecycles.STAGE.transition(project, str(to_stage))
        project.save(update_fields=["gate", "stage", "updated_at"])
        _log(mentor, project, LogEntry.Event.APPROVED,
             _("Stage approved: the project moves to %(stage)s") % {"stage": project.get_stage_display()},
             feedback)
    return project


def send_back(mentor, project, feedback):
    check(mentor, "lab.mentor_project", project)
    if not (feedback or "").strip():
        raise ValidationError(_("Say what the team should work on."))
    with transaction.atomic():
        lifecycles.GATE.transition(project, "send_back")
        project.save(update_fields=["gate", "updated_at"])
        _log(mentor, project, LogEntry.Event.SENT_BACK,
             _("The %(stage)s stage is sent back with feedback") % {"stage": project.get_stage_display()},
             feedback)
    return project


def stop_project(actor, project, lessons):
    check(actor, "lab.stop_project", project)
    if not (lessons or "").strip():
        raise ValidationError(_("Write the lessons learnt: they are what a stopped project leaves."))
    with transaction.atomic():
        lifecycles.STAGE.transition(project, "stop")
        project.lessons = lessons.strip()
        project.save(update_fields=["stage", "lessons", "updated_at"])
        _log(actor, project, LogEntry.Event.STOPPED, _("The project is stopped"), project.lessons)
    return project


# Testers -----------------------------------------------------------------------------------------

def invite_testers(user, project, note=""):
    check(user, "lab.work_on_project", project)
    if project.stage != Stage.TEST:
        raise ValidationError(_("Testers are invited in the test stage."))
    return TesterInvitation.objects.create(project=project, note=(note or "").strip()[:200], created_by=user)


def invitation_by_token(token):
    return (TesterInvitation.objects.select_related("project__space", "project__challenge__content", "created_by")
            .filter(token=token).first())


def give_feedback(invitation, *, user=None, name="", role="", ease, usefulness, comment=""):
    """A tester's answers, by the link they were given (signed in or not)."""
    project = invitation.project
    if project.stage != Stage.TEST:
        raise ValidationError(_("This prototype is not being tested any more."))
    feedback = TesterFeedback(project=project, invitation=invitation,
                              user=user if user is not None and user.is_authenticated else None,
                              name=(name or "").strip()[:120], role=(role or "").strip()[:200],
                              ease=ease, usefulness=usefulness, comment=(comment or "").strip())
    try:
        feedback.full_clean(exclude=["project", "invitation", "user"])
    except ValidationError as error:
        raise ValidationError(_first(error)) from None
    with transaction.atomic():
        feedback.save()
        author = invitation.created_by or project.challenge.content.author
        _log(author, project, LogEntry.Event.TESTED,
             _("A tester rated the prototype %(ease)s/5 for ease and %(usefulness)s/5 for usefulness")
             % {"ease": ease, "usefulness": usefulness}, feedback.comment)
    return feedback


def test_summary(project):
    rows = project.tester_feedback.aggregate(count=Count("id"))
    feedback = list(project.tester_feedback.all()[:50])
    count = rows["count"]
    if not count:
        return {"count": 0, "feedback": []}
    return {"count": count, "feedback": feedback,
            "ease": round(sum(f.ease for f in feedback) / len(feedback), 1),
            "usefulness": round(sum(f.usefulness for f in feedback) / len(feedback), 1)}


# Transfer ----------------------------------------------------------------------------------------

def transfer(owner, project, *, evaluation, solution, results, indicators="", costs="", licence=Licence.CC_BY,
             year=None):
    """The challenge's owner evaluates the outcome; the result is published to the library as a good
    practice linked to the challenge and the team, and the project is transferred."""
    check(owner, "lab.transfer_project", project)
    lifecycles.STAGE.check(project, "complete")
    if not (evaluation or "").strip() or not (solution or "").strip() or not (results or "").strip():
        raise ValidationError(_("Write the evaluation, the solution and the results."))
    challenge, team = project.challenge, project.team
    members = list(team.members.select_related("user__profile", "organisation"))
    organisations = list({m.organisation_id: m.organisation for m in members if m.organisation_id}.values())
    organisations = [challenge.organisation, *[o for o in organisations if o.pk != challenge.organisation_id]]
    countries = [o.country.code for o in organisations if o.country]
    challenge_url = reverse("lab:detail", args=[challenge.pk])
    body = (_("From the lab challenge [%(challenge)s](%(url)s), by the team %(team)s.")
            % {"challenge": challenge.content.title, "url": challenge_url, "team": team.name}
            + "\n\n" + evaluation.strip())
    with transaction.atomic():
        resource = library_services.publish_resource(
            owner, title=challenge.content.title, body=body, language=challenge.content.language,
            topics=list(challenge.content.topics.all()), organisations=organisations, countries=countries,
            goals=list(challenge.goal_rows.values_list("goal", flat=True)),
            contacts=[m.user for m in members],
            resource_kind=ResourceKind.PRACTICE, summary=(solution.strip()[:597] + "…")
            if len(solution.strip()) > 600 else solution.strip(),
            licence=licence, year=year or timezone.localdate().year, problem=challenge.content.body,
            solution=solution.strip(), results=results.strip(), indicators=(indicators or "").strip(),
            team=", ".join([team.name, *[m.user.display_name for m in members]])[:200],
            lessons=(costs or "").strip() and _("Costs: %(costs)s") % {"costs": costs.strip()})
        lifecycles.STAGE.transition(project, "complete")
        project.evaluation, project.resource = evaluation.strip(), resource
        project.save(update_fields=["stage", "evaluation", "resource", "updated_at"])
        _log(owner, project, LogEntry.Event.TRANSFERRED, _("Transferred to the library as a good practice"),
             f"[{challenge.content.title}]({resource.content.get_absolute_url()})")
    return resource
