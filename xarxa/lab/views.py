"""The lab's pages. Challenges use the generic pages of content.kind_views (create, item page, edit,
delete); what is the lab's own (applications, projects, gates, testers, transfer, portfolio) is here.
Every act goes through lab.services inside core.refusals.attempt(): a refusal is shown in the rule's words
and changes nothing."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.content import kinds
from xarxa.content.kind_views import access_item
from xarxa.content.models import Content
from xarxa.core.refusals import attempt, refusal_of
from xarxa.core.rulebook import allowed, check
from xarxa.lab import portfolio, services
from xarxa.lab.forms import (
    ApplicationForm,
    DecisionForm,
    DeliverableForm,
    FeedbackForm,
    MentorForm,
    ReviewForm,
    SeekForm,
    StopForm,
    TesterFeedbackForm,
    TesterInviteForm,
    TransferForm,
)
from xarxa.lab.models import (
    CHALLENGE_KIND,
    DELIVERABLE_FIELDS,
    LOG_KIND,
    STAGE_ORDER,
    Application,
    Challenge,
    Deliverable,
    LogEntry,
    Project,
    Seeker,
    Stage,
    TeamMember,
)
from xarxa.spaces.models import Space
from xarxa.spaces.services import access_space_for_reading


def home(request):
    """The lab's front page and portfolio: challenges and projects by stage, organisation, country and SDG."""
    return render(request, "lab/home.html", portfolio.context(request))


# Challenges (the kind's hooks) -------------------------------------------------------------------

def challenge_kind():
    return kinds.get(CHALLENGE_KIND)


def can_create_challenge(user, _space):
    return allowed(user, "lab.post_challenge")


def edit_form_kwargs(challenge):
    content = challenge.content
    initial = {"title": content.title, "body": content.body, "language": content.language,
               "topic_names": ", ".join(t.name for t in content.topics.all()),
               "goals": list(challenge.goal_rows.values_list("goal", flat=True)),
               **{name: getattr(challenge, name) for name in services.CHALLENGE_FIELDS}}
    return {"initial": initial}


def edit_arguments(form, _challenge):
    arguments = form.service_arguments()
    arguments.pop("language", None)
    return arguments


def detail_context(request, challenge):
    user = request.user
    is_owner = allowed(user, "lab.decide_applications", challenge)
    applications = (Application.objects.filter(challenge=challenge)
                    .select_related("team").prefetch_related(
                        Prefetch("team__members", queryset=TeamMember.objects.select_related(
                            "user__profile", "organisation")))
                    .order_by("submitted_at", "id"))
    if not is_owner:  # the others see the selected teams whose project they may know, and their own team
        mine = Q(team__members__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
        known = Q(state=Application.State.SELECTED, team__project__space__in=Space.objects.visible_to(user))
        applications = applications.filter(known | mine).distinct()
    projects = {p.team_id: p for p in Project.objects.filter(challenge=challenge).select_related("space")
                .filter(space__in=Space.objects.readable_by(user))}
    applications = list(applications)
    for application in applications:
        application.project = projects.get(application.team_id)
    return {
        "goals": challenge.goal_rows.all(),
        "applications": applications,
        "is_owner": is_owner,
        "seekers": Seeker.objects.filter(challenge=challenge).select_related("user__profile__organisation"),
        "seek_form": SeekForm(),
        "take_part_refusal": refusal_of(lambda: (check(user, "lab.take_part", challenge),
                                                 services.check_call_open(challenge))),
        "decision_form": DecisionForm(),
        "selected_count": sum(1 for a in applications if a.state == Application.State.SELECTED),
    }


# Moderation --------------------------------------------------------------------------------------

@login_required
def review_queue(request):
    queue, status = attempt(lambda: list(services.challenges_awaiting_review(request.user)), request=request)
    if status:
        raise Http404
    return render(request, "lab/review.html", {"queue": queue, "form": ReviewForm(), "noindex": True})


@require_POST
@login_required
def review(request, pk):
    challenge = get_object_or_404(Challenge.objects.select_related("content"), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    if request.POST.get("decision") == "approve":
        _done, status = attempt(lambda: services.approve_challenge(request.user, challenge, note), request=request)
        if status is None:
            messages.success(request, _("The challenge is published."))
    else:
        _done, status = attempt(lambda: services.send_back_challenge(request.user, challenge, note), request=request)
        if status is None:
            messages.success(request, _("The challenge is sent back to its author."))
    return redirect("lab:review_queue")


# Teams and applications --------------------------------------------------------------------------

def _challenge(request, pk):
    return access_item(request.user, pk, challenge_kind(), related=("challenge__organisation",))


@require_POST
@login_required
def seek(request, pk):
    challenge = _challenge(request, pk)
    if "withdraw" in request.POST:
        services.withdraw_skills(request.user, challenge)
        messages.success(request, _("You are off the board."))
        return redirect(reverse("lab:detail", args=[pk]) + "#board")
    form = SeekForm(request.POST)
    if form.is_valid():
        _seeker, status = attempt(lambda: services.offer_skills(request.user, challenge, form.cleaned_data["skills"]),
                                  request=request)
        if status is None:
            messages.success(request, _("You are on the board: teams can find you."))
    else:
        messages.error(request, _("Say what you bring: your skills, your experience."))
    return redirect(reverse("lab:detail", args=[pk]) + "#board")


@login_required
def apply(request, pk):
    challenge = _challenge(request, pk)
    form = ApplicationForm(request.POST or None, questions=challenge.question_list)
    status = None
    if request.method == "POST" and form.is_valid():
        _application, status = attempt(
            lambda: services.apply(request.user, challenge, **form.service_arguments()), form=form)
        if status is None:
            messages.success(request, _("Your team has applied. The challenge's owner will tell you the decision."))
            return redirect("lab:detail", pk)
    refusal = refusal_of(lambda: (check(request.user, "lab.take_part", challenge),
                                  services.check_call_open(challenge)))
    return render(request, "lab/apply.html", {"challenge": challenge, "form": form, "refusal": refusal},
                  status=status or (400 if form.errors else 200))


@require_POST
@login_required
def decide(request, pk):
    application = get_object_or_404(Application.objects.select_related("team", "challenge__content"), pk=pk)
    challenge = _challenge(request, application.challenge_id)
    application.challenge = challenge
    form = DecisionForm(request.POST)
    form.is_valid()
    select = request.POST.get("decision") == "select"
    visibility = Space.Visibility.PRIVATE if form.cleaned_data.get("private") else Space.Visibility.PUBLIC
    result, status = attempt(lambda: services.decide_application(
        request.user, application, select=select, message=form.cleaned_data.get("message", ""),
        visibility=visibility), request=request)
    if status is None:
        if select:
            messages.success(request, _("The team is selected: its project space is open."))
            return redirect(result.get_absolute_url())
        messages.success(request, _("The team is told it was not selected."))
    return redirect(reverse("lab:detail", args=[challenge.pk]) + "#applications")


# Projects ----------------------------------------------------------------------------------------

def access_project(user, slug) -> Project:
    space = access_space_for_reading(user, slug, kind=Space.Kind.LAB_PROJECT)
    project = (Project.objects.select_related("challenge__content", "challenge__organisation", "team", "resource")
               .filter(space=space).first())
    if project is None:
        raise Http404(_("No such project."))
    project.space = space
    return project


def _stage_rows(project, deliverables):
    rows = []
    for stage in STAGE_ORDER:
        index, current = STAGE_ORDER.index(stage), project.stage
        done = current in (Stage.TRANSFERRED,) or (current in STAGE_ORDER and STAGE_ORDER.index(current) > index)
        rows.append({"key": stage, "label": Stage(stage).label, "current": stage == current, "done": done,
                     "deliverable": deliverables.get(stage)})
    return rows


def project_page(request, slug):
    project = access_project(request.user, slug)
    user = request.user
    deliverables = {d.stage: d for d in Deliverable.objects.filter(project=project)}
    log = (LogEntry.objects.filter(project=project, content__in=Content.objects.visible_to(user).filter(kind=LOG_KIND))
           .select_related("content__author__profile").order_by("-content__created_at", "-pk")[:50])
    is_team = allowed(user, "lab.work_on_project", project)
    is_mentor = allowed(user, "lab.mentor_project", project)
    context = {
        "project": project, "space": project.space, "challenge": project.challenge,
        "stages": _stage_rows(project, deliverables),
        "current_deliverable": deliverables.get(project.stage),
        "members": project.team.members.select_related("user__profile", "organisation"),
        "mentors": project.mentors.select_related("profile"),
        "log": log,
        "is_team": is_team, "is_mentor": is_mentor,
        "can_assign": allowed(user, "lab.assign_mentors", project),
        "can_stop": project.is_active and allowed(user, "lab.stop_project", project),
        "can_transfer": project.stage == Stage.TRANSFER and allowed(user, "lab.transfer_project", project),
        "deliverable_form": DeliverableForm(stage=project.stage, initial=(
            deliverables[project.stage].fields if project.stage in deliverables else None))
        if is_team and project.stage in DELIVERABLE_FIELDS else None,
        "feedback_form": FeedbackForm(), "stop_form": StopForm(), "mentor_form": MentorForm(),
        "invite_form": TesterInviteForm(),
        "test_summary": services.test_summary(project) if project.stage in (Stage.TEST, Stage.TRANSFER,
                                                                            Stage.TRANSFERRED) else None,
        "invitations": project.tester_invitations.all() if is_team and project.stage == Stage.TEST else [],
    }
    return render(request, "lab/project.html", context)


def _act(request, slug, run, success, anchor=""):
    project = access_project(request.user, slug)
    _result, status = attempt(lambda: run(project), request=request)
    if status is None and success:
        messages.success(request, success)
    return redirect(project.get_absolute_url() + anchor)


@require_POST
@login_required
def deliverable(request, slug):
    project = access_project(request.user, slug)
    form = DeliverableForm(request.POST, request.FILES, stage=project.stage)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(project.get_absolute_url() + "#deliverable")
    fields = {name: value for name, value in form.cleaned_data.items() if name != "file"}
    return _act(request, slug, lambda p: services.save_deliverable(request.user, p, fields=fields,
                                                                   file=form.cleaned_data.get("file")),
                _("The deliverable is saved."), "#deliverable")


@require_POST
@login_required
def ask_review(request, slug):
    return _act(request, slug, lambda p: services.ask_for_review(request.user, p),
                _("The mentors are asked to review the stage."))


@require_POST
@login_required
def gate(request, slug):
    feedback = request.POST.get("feedback", "")
    if request.POST.get("decision") == "pass":
        to_stage = request.POST.get("to_stage", "")
        return _act(request, slug, lambda p: services.pass_gate(request.user, p, to_stage, feedback),
                    _("The stage is approved."))
    return _act(request, slug, lambda p: services.send_back(request.user, p, feedback),
                _("The stage is sent back with your feedback."))


@require_POST
@login_required
def stop(request, slug):
    return _act(request, slug, lambda p: services.stop_project(request.user, p, request.POST.get("lessons", "")),
                _("The project is stopped; its lessons stay in the log."))


@require_POST
@login_required
def add_mentor(request, slug):
    name = request.POST.get("username", "").strip().lstrip("@")
    mentor = get_user_model().objects.filter(username__iexact=name, is_active=True).first()
    if mentor is None:
        messages.error(request, _("There is no member with the username “%(username)s”.") % {"username": name})
        return redirect(access_project(request.user, slug).get_absolute_url() + "#team")
    return _act(request, slug, lambda p: services.assign_mentor(request.user, p, mentor),
                _("The mentor is assigned."), "#team")


@require_POST
@login_required
def invite_testers(request, slug):
    return _act(request, slug, lambda p: services.invite_testers(request.user, p, request.POST.get("note", "")),
                _("The testers' link is ready: share it."), "#testers")


def tester(request, token):
    """A tester's form, reached by the link the team shared (no account needed)."""
    invitation = services.invitation_by_token(token)
    if invitation is None:
        raise Http404(_("This link is not valid."))
    form = TesterFeedbackForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        _feedback, status = attempt(lambda: services.give_feedback(invitation, user=request.user, **form.cleaned_data),
                                    form=form)
        if status is None:
            return render(request, "lab/tester_thanks.html", {"project": invitation.project, "noindex": True})
    return render(request, "lab/tester.html", {"invitation": invitation, "project": invitation.project,
                                               "form": form, "noindex": True},
                  status=status or (400 if form.errors else 200))


@login_required
def transfer(request, slug):
    project = access_project(request.user, slug)
    refusal = refusal_of(lambda: (check(request.user, "lab.transfer_project", project),
                                  services.lifecycles.STAGE.check(project, "complete")))
    form = TransferForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        resource, status = attempt(lambda: services.transfer(request.user, project, **form.cleaned_data), form=form)
        if status is None:
            messages.success(request, _("The result is in the library as a good practice."))
            return redirect(resource.content.get_absolute_url())
    return render(request, "lab/transfer.html", {"project": project, "form": form, "refusal": refusal},
                  status=status or (400 if form.errors else (403 if refusal else 200)))


def log_entry(request, pk):
    """A log line's address (feeds and search link here): its place on the project's timeline."""
    content = access_item(request.user, pk, kinds.get(LOG_KIND), related=("lablog__project__space",)).content
    return redirect(content.lablog.project.get_absolute_url() + f"#log-{content.pk}")


def opendata(request, fmt):
    return portfolio.export(request, fmt)

