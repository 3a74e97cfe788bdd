"""The school's pages. The course's list, page, create, edit, publish and delete forms are content.kind_views'
(the kind's registry entry in apps.py points here for what only a course adds); lessons, quizzes, enrolment,
cohorts and certificates are this module's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt
from xarxa.content.models import Content
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.refusals import refusal_of
from xarxa.core.rulebook import allowed, check, refusal
from xarxa.school import certificates, learning, quizzes, services
from xarxa.school import rules as school_rules
from xarxa.school.forms import CourseForm, ExtraTimeForm, LessonForm, ModuleForm, RevokeForm, ShareForm
from xarxa.school.models import KIND, Attempt, Certificate, Course, Enrolment, Lesson, Module, Quiz
from xarxa.spaces import rules as space_rules
from xarxa.spaces.models import Space

PER_PAGE = 24


def _course_kind():
    return kinds.get(KIND)


# The catalogue ------------------------------------------------------------------------------------

def course_rows(request, space):
    """The courses the reader may read, newest first, filtered by level and language."""
    listed = (Content.objects.listed_to(request.user).filter(kind=KIND, original__isnull=True)
              .select_related("course", "author__profile").order_by("-published_at", "-pk"))
    if space is not None:
        listed = listed.filter(space=space)
    level, language = request.GET.get("level", ""), request.GET.get("language", "")
    if level in Course.Level.values:
        listed = listed.filter(course__level=level)
    if language:
        listed = listed.filter(language=language)
    return {"page": paginate(request, listed, per_page=PER_PAGE), "query_string": query_without_page(request),
            "levels": Course.Level.choices, "level": level, "language": language}


def list_extra(request):
    mine = []
    if request.user.is_authenticated:
        mine = list(Enrolment.objects.filter(user=request.user, status__in=Enrolment.LEARNING)
                    .select_related("course__content").order_by("-updated_at")[:5])
    return {"my_enrolments": mine}


# The course page (the kind's detail_context) -------------------------------------------------------------

def detail_context(request, course):
    user = request.user
    enrolment = school_rules.enrolment_of(user, course)
    outline = learning.course_outline(course)
    progress = learning.progress_of(course, enrolment if enrolment and enrolment.is_learning else None, outline)
    teaches = bool(school_rules.can_teach(user, course))
    cohorts = list(course.cohorts.filter(space__in=Space.objects.visible_to(user)).select_related("space"))
    enrol_refusal = None
    if enrolment is None or not (enrolment.is_learning or enrolment.status in ("requested", "waiting")):
        enrol_refusal = refusal_of(lambda: check(user, "school.enrol", course))
    certificate = None
    if enrolment is not None and enrolment.status == Enrolment.Status.COMPLETED:
        certificate = Certificate.objects.filter(enrolment=enrolment).first()
    return {
        "course": course, "enrolment": enrolment, "progress": progress, "teaches": teaches,
        "instructors": list(course.instructors.select_related("profile").order_by("pk")),
        "prerequisites": list(course.prerequisites.select_related("content")),
        "cohorts": cohorts, "enrol_refusal": enrol_refusal, "certificate": certificate,
        "next_lesson": progress.next_lesson() if enrolment and enrolment.is_learning else None,
        "learning": bool(enrolment and enrolment.is_learning),
        "quizzes_without_module": [quiz for quiz in outline[2] if quiz.module_id is None],
        "module_form": ModuleForm() if teaches else None,
    }


def form_kwargs(request, space, course):
    return {"user": request.user, "course": course, "editing": course is not None}


def edit_form_kwargs(course):
    return {"initial": CourseForm.initial_for(course)}


# Enrolment ---------------------------------------------------------------------------------------

def _course(user, pk) -> Course:
    return access_item(user, pk, _course_kind())


@login_required
@require_POST
def enrol(request, pk):
    course = _course(request.user, pk)
    cohort = None
    if request.POST.get("cohort"):
        cohort = course.cohorts.filter(pk=request.POST["cohort"]).select_related("space").first()
    enrolment, refused = attempt(lambda: services.enrol(request.user, course, cohort), request=request)
    if not refused:
        messages.success(request, {
            Enrolment.Status.ENROLLED: _("You are enrolled. Welcome to the course!"),
            Enrolment.Status.REQUESTED: _("Your request is sent: the instructors will answer it."),
            Enrolment.Status.WAITING: _("The cohort is full: you are on its waiting list and will be enrolled "
                                        "when a place frees."),
        }[enrolment.status])
    return redirect(course)


@login_required
@require_POST
def withdraw(request, pk):
    course = _course(request.user, pk)
    _done, refused = attempt(lambda: services.withdraw(request.user, course), request=request)
    if not refused:
        messages.success(request, _("You have left the course."))
    return redirect(course)


@login_required
def enrolments(request, pk):
    """The instructors' view of a course: who is enrolled, how far each has got, the requests to decide."""
    course = _course(request.user, pk)
    if not allowed(request.user, "school.teach", course):
        return render(request, "school/refused.html", {"refusal": refusal("school.teach", course)}, status=403)
    rows = list(course.enrolments.select_related("user__profile", "cohort__space").order_by("status", "requested_at"))
    lessons = course.lessons.count()
    done = dict(course.enrolments.filter(lessons_done__isnull=False).values_list("pk").annotate(
        n=Count("lessons_done")))
    for row in rows:
        row.percent = round(100 * done.get(row.pk, 0) / lessons) if lessons else 0
    return render(request, "school/enrolments.html", {
        "course": course, "content": course.content, "rows": rows, "counts": services.enrolment_counts(course),
        "extra_time_form": ExtraTimeForm()})


@login_required
@require_POST
def decide(request, pk, enrolment_pk):
    course = _course(request.user, pk)
    enrolment = get_object_or_404(course.enrolments.select_related("course__content"), pk=enrolment_pk)
    approve = request.POST.get("decision") == "approve"
    _done, refused = attempt(lambda: services.decide_enrolment(request.user, enrolment, approve=approve),
                             request=request)
    if not refused:
        messages.success(request, _("The learner is enrolled.") if approve else _("The request is declined."))
    return redirect("school:enrolments", pk=course.pk)


@login_required
@require_POST
def extra_time(request, pk, enrolment_pk):
    course = _course(request.user, pk)
    enrolment = get_object_or_404(course.enrolments.select_related("course__content"), pk=enrolment_pk)
    form = ExtraTimeForm(request.POST)
    if form.is_valid():
        _done, refused = attempt(lambda: services.set_extra_time(request.user, enrolment, form.cleaned_data["minutes"]),
                                 request=request)
        if not refused:
            messages.success(request, _("The extra time is saved."))
    else:
        messages.error(request, _("Extra time goes from 0 to 600 minutes."))
    return redirect("school:enrolments", pk=course.pk)


# Writing modules and lessons (instructors) -------------------------------------------------------------

@login_required
@require_POST
def add_module(request, pk):
    course = _course(request.user, pk)
    form = ModuleForm(request.POST)
    if form.is_valid():
        _module, refused = attempt(lambda: services.add_module(request.user, course, title=form.cleaned_data["title"]),
                                   request=request)
        if not refused:
            messages.success(request, _("The module is added."))
    else:
        messages.error(request, _("Write a title."))
    return redirect(course)


def _module(user, pk) -> Module:
    module = get_object_or_404(Module.objects.select_related("course__content"), pk=pk)
    if not school_rules.can_read_course(user, module.course):
        raise Http404(_("No such lesson."))
    return module


@login_required
def lesson_form(request, module_pk=None, pk=None):
    """Add a lesson to a module, or edit one: text, a video with its captions, a file."""
    lesson = _lesson(request.user, pk) if pk else None
    module = lesson.module if lesson else _module(request.user, module_pk)
    course = module.course
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    if not allowed(request.user, "school.teach", course):
        return render(request, "school/refused.html", {"refusal": refusal("school.teach", course)}, status=403)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if lesson is None:
                saved, refused = attempt(lambda: services.add_lesson(request.user, module, **fields), form=form)
            else:
                saved, refused = attempt(lambda: services.edit_lesson(request.user, lesson, **fields), form=form)
            if not refused:
                messages.success(request, _("The lesson is saved."))
                return redirect(saved)
    return render(request, "school/lesson_form.html",
                  {"form": form, "module": module, "course": course, "lesson": lesson}, status=status)


# Lessons ----------------------------------------------------------------------------------------------

def _lesson(user, pk) -> Lesson:
    """The lesson of a course `user` may read, or 404 (the same for missing and unreadable)."""
    lesson = get_object_or_404(Lesson.objects.select_related(
        "module", "course__content__space", "course__content__author"), pk=pk)
    if not school_rules.can_read_course(user, lesson.course):
        raise Http404(_("No such lesson."))
    return lesson


def lesson(request, pk):
    lesson = _lesson(request.user, pk)
    course, user = lesson.course, request.user
    context = {"lesson": lesson, "course": course, "content": course.content}
    if not allowed(user, "school.read_lesson", lesson):
        context["refusal"] = refusal("school.read_lesson", lesson)
        return render(request, "school/lesson.html", context, status=403)
    enrolment = school_rules.enrolment_of(user, course)
    learning_here = enrolment is not None and enrolment.is_learning
    progress = learning.progress_of(course, enrolment if learning_here else None)
    position = next(i for i, row in enumerate(progress.lessons) if row.pk == lesson.pk)
    context.update(
        progress=progress, learning=learning_here, is_done=lesson.pk in progress.done_ids,
        previous=progress.lessons[position - 1] if position else None,
        next=progress.lessons[position + 1] if position + 1 < len(progress.lessons) else None,
        teaches=bool(school_rules.can_teach(user, course)),
        reading=Content.objects.visible_to(user).filter(pk=lesson.reading_id).first() if lesson.reading_id else None,
    )
    if learning_here:
        context["order_refusal"] = refusal_of(lambda: learning.check_in_order(enrolment, lesson, progress))
        if context["order_refusal"]:
            return render(request, "school/lesson.html", context, status=403)
    return render(request, "school/lesson.html", context)


@login_required
@require_POST
def mark_done(request, pk):
    lesson = _lesson(request.user, pk)
    _done, refused = attempt(lambda: learning.mark_done(request.user, lesson), request=request)
    if refused:
        return redirect(lesson)
    enrolment = school_rules.enrolment_of(request.user, lesson.course)
    enrolment.refresh_from_db()
    if enrolment.status == Enrolment.Status.COMPLETED:
        messages.success(request, _("You have passed the course. Your certificate is ready."))
        return redirect(lesson.course)
    following = learning.progress_of(lesson.course, enrolment).next_lesson()
    messages.success(request, _("Lesson done."))
    return redirect(following or lesson.course)


def file(request, pk):
    """A lesson's file, for whoever may read the lesson."""
    from django.http import FileResponse

    lesson = _lesson(request.user, pk)
    if not lesson.file or not allowed(request.user, "school.read_lesson", lesson):
        raise Http404(_("No such file."))
    return FileResponse(lesson.file.open("rb"), as_attachment=True, filename=lesson.file.name.rsplit("/", 1)[-1])


# Quizzes -----------------------------------------------------------------------------------------------

def _quiz(user, pk) -> Quiz:
    quiz = get_object_or_404(Quiz.objects.select_related("course__content", "module"), pk=pk)
    if not school_rules.can_read_course(user, quiz.course):
        raise Http404(_("No such quiz."))
    return quiz


def quiz(request, pk):
    quiz = _quiz(request.user, pk)
    course = quiz.course
    context = {"quiz": quiz, "course": course, "content": course.content,
               "take_refusal": refusal_of(lambda: check(request.user, "school.take_quiz", quiz)),
               "question_count": quiz.draw_count or quiz.questions.count()}
    context.update(quizzes.quiz_state(request.user, quiz))
    return render(request, "school/quiz.html", context)


@login_required
@require_POST
def start_attempt(request, pk):
    quiz = _quiz(request.user, pk)
    started, refused = attempt(lambda: quizzes.start_attempt(request.user, quiz), request=request)
    return redirect(started if not refused else quiz)


def _attempt(user, pk) -> Attempt:
    row = get_object_or_404(Attempt.objects.select_related("quiz__course__content", "enrolment"), pk=pk)
    if not user.is_authenticated or row.enrolment.user_id != user.pk:
        raise Http404(_("No such attempt."))
    return row


@login_required
def attempt_page(request, pk):
    """An attempt running (its questions, as a form) or graded (the answers, right or wrong, and feedback)."""
    row = _attempt(request.user, pk)
    status = 200
    if request.method == "POST" and row.status == Attempt.Status.OPEN:
        answers = {key[2:]: (request.POST.getlist(key) if key.startswith("m-") else request.POST.get(key))
                   for key in request.POST if key[:2] in ("q-", "m-")}
        answers = {key: value for key, value in answers.items()}
        graded, refused = attempt(lambda: quizzes.submit_attempt(request.user, row, answers), request=request)
        if not refused:
            messages.success(request, _("Passed: %(score)s%%.") % {"score": graded.score} if graded.passed
                             else _("Not passed this time: %(score)s%%.") % {"score": graded.score})
            return redirect(graded)
        status = 400
    questions = quizzes.questions_of(row)
    for question in questions:
        question.result = row.results.get(str(question.pk))
        question.given = row.answers.get(str(question.pk))
        question.given_list = [str(v) for v in question.given] if isinstance(question.given, list) else [
            str(question.given)]
    return render(request, "school/attempt.html", {
        "attempt": row, "quiz": row.quiz, "course": row.quiz.course, "questions": questions,
        "late": row.status == Attempt.Status.OPEN and quizzes.open_attempt(row.enrolment, row.quiz) is None,
    }, status=status)


# Cohorts ----------------------------------------------------------------------------------------------

def cohort(request, slug):
    """A cohort's page: its course, dates and places, and, for those who may read inside it, its debates,
    live sessions (events) and members."""
    cohort = services.access_cohort(request.user, slug)
    space = cohort.space
    can_read = space_rules.can_read_space_content(request.user, space)
    context = {"cohort": cohort, "space": space, "course": cohort.course, "can_read": can_read,
               "course_readable": school_rules.can_read_course(request.user, cohort.course)}
    if can_read:
        items = (Content.objects.listed_to(request.user).filter(space=space, original__isnull=True)
                 .select_related("author__profile").order_by("-published_at", "-pk"))
        context.update(
            debates=list(items.filter(kind="debate")[:20]),
            sessions=list(items.filter(kind="event").select_related("event")[:20]),
            members=list(space.memberships.select_related("user__profile").order_by("role", "joined_at")[:100]),
            can_post=space_rules.can_post_in_space(request.user, space),
        )
    return render(request, "school/cohort.html", context)


# Certificates -----------------------------------------------------------------------------------------

def verify(request, code):
    """Anyone may check a certificate by its code: valid or revoked, and what it says, nothing more."""
    certificate = certificates.certificate_by_code(code)
    owner = request.user.is_authenticated and certificate.user_id == request.user.pk
    return render(request, "school/verify.html", {
        "certificate": certificate, "is_owner": owner,
        "can_revoke": certificate.is_valid and allowed(request.user, "school.revoke_certificate", certificate),
        "share_form": ShareForm(initial={"shows_score": certificate.shows_score,
                                         "on_profile": certificate.on_profile}) if owner else None,
        "revoke_form": RevokeForm(),
        "verify_url": request.build_absolute_uri(reverse("school:verify", args=[certificate.code])),
    })


def printable(request, code):
    certificate = certificates.certificate_by_code(code)
    return render(request, "school/certificate_print.html", {
        "certificate": certificate,
        "verify_url": request.build_absolute_uri(reverse("school:verify", args=[certificate.code]))})


@login_required
@require_POST
def revoke(request, code):
    certificate = certificates.certificate_by_code(code)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _done, refused = attempt(lambda: certificates.revoke_certificate(request.user, certificate, reason),
                             request=request)
    if not refused:
        messages.success(request, _("The certificate is revoked."))
    return redirect(certificate)


@login_required
@require_POST
def share(request, code):
    certificate = certificates.certificate_by_code(code)
    form = ShareForm(request.POST)
    form.is_valid()
    _done, refused = attempt(lambda: certificates.share_certificate(
        request.user, certificate, shows_score=form.cleaned_data.get("shows_score"),
        on_profile=form.cleaned_data.get("on_profile")), request=request)
    if not refused:
        messages.success(request, _("Your choices are saved."))
    return redirect(certificate)


# My learning ------------------------------------------------------------------------------------------

@login_required
def mine(request):
    rows = list(Enrolment.objects.filter(user=request.user).exclude(status__in=("withdrawn", "declined"))
                .select_related("course__content", "cohort__space").order_by("-updated_at"))
    total = dict(Lesson.objects.filter(course__in=[r.course_id for r in rows]).values_list("course")
                 .annotate(n=Count("pk")))
    done = dict(Enrolment.objects.filter(pk__in=[r.pk for r in rows], lessons_done__isnull=False)
                .values_list("pk").annotate(n=Count("lessons_done")))
    for row in rows:
        row.percent = round(100 * done.get(row.pk, 0) / total[row.course_id]) if total.get(row.course_id) else 0
    return render(request, "school/mine.html", {
        "rows": rows, "certificates": list(Certificate.objects.filter(user=request.user))})


