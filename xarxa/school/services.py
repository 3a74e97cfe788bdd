"""Writes for courses, their modules, lessons, quizzes and cohorts, and for enrolments. Each checks its rule
first and writes in one transaction; a refusal (PermissionDenied, ValidationError) changes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.activity.services import record_activity
from xarxa.content import lifecycles as content_lifecycles
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.rulebook import check
from xarxa.school import rules as school_rules
from xarxa.school.lifecycles import ENROLMENT
from xarxa.school.models import KIND, Choice, Cohort, Course, Enrolment, Lesson, Module, Question, Quiz
from xarxa.spaces import rules as space_rules
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.services import unique_slug

COURSE_FIELDS = ("summary", "level", "expected_hours", "enrolment_mode", "lessons_in_order")


# Courses (the kind's services) ----------------------------------------------------------------------

def _check_hours(hours):
    if hours is not None and not 1 <= int(hours) <= 1000:
        raise ValidationError(_("Expected hours go from 1 to 1,000."), code="hours")


def create_course(author, *, space=None, draft=False, title, body="", language="es", topics=(),
                  instructors=(), prerequisites=(), cover=None, **fields) -> Course:
    """A new course: its base row (content), its Course row, its author among its instructors."""
    _check_hours(fields.get("expected_hours"))
    status = Content.Status.DRAFT if draft else Content.Status.PUBLISHED
    with transaction.atomic():
        content = content_services.create_content(author, kind=KIND, space=space, title=title, body=body,
                                                  language=language, topics=topics, status=status)
        course = Course.objects.create(content=content, **{k: v for k, v in fields.items() if k in COURSE_FIELDS})
        if cover:
            course.cover = cover
            course.save(update_fields=["cover"])
        course.instructors.set({author, *instructors})
        course.prerequisites.set([p for p in prerequisites if p.pk != course.pk])
        if not draft:
            record_activity(author, "published", content=content)
    return course


def edit_course(actor, course, *, title, body, topics=None, instructors=None, prerequisites=None, cover=None,
                **fields) -> Course:
    check(actor, "school.edit_course", course)
    _check_hours(fields.get("expected_hours"))
    with transaction.atomic():
        content_services.update_content(actor, course.content, title=title, body=body, topics=topics)
        for name in COURSE_FIELDS:
            if name in fields:
                setattr(course, name, fields[name])
        if cover:
            course.cover = cover
        course.save()
        if instructors is not None:
            course.instructors.set({course.content.author or actor, *instructors})
            course.__dict__.pop("_instructor_ids", None)
        if prerequisites is not None:
            course.prerequisites.set([p for p in prerequisites if p.pk != course.pk])
    return course


def publish_course(actor, course) -> Course:
    check(actor, "school.edit_course", course)
    if not content_lifecycles.CONTENT.can(course.content, "publish"):
        raise ValidationError(_("This course is already published."), code="not_a_draft")
    with transaction.atomic():
        content_services.publish_content(actor, course.content)
        record_activity(actor, "published", content=course.content)
    return course


def delete_course(actor, course) -> Course:
    content_services.delete_content(actor, course.content)
    return course


# What a course is made of (written by its instructors) ---------------------------------------------------

def add_module(actor, course, *, title, position=None) -> Module:
    check(actor, "school.teach", course)
    title = content_services.check_title(title)
    if position is None:
        position = course.modules.count()
    return Module.objects.create(course=course, title=title, position=position)


def add_lesson(actor, module, *, title, position=None, **fields) -> Lesson:
    """A lesson of `module`. A video needs its transcript or captions link (refused without one)."""
    check(actor, "school.teach", module.course)
    if position is None:
        position = module.lessons.count()
    lesson = Lesson(module=module, course=module.course, title=content_services.check_title(title),
                    position=position, **fields)
    if lesson.reading_id and not Content.objects.filter(pk=lesson.reading_id, kind="resource").exists():
        raise ValidationError(_("Choose a reading from the library."), code="reading")
    lesson.full_clean(exclude=["course", "module", "reading"])
    lesson.save()
    return lesson


def edit_lesson(actor, lesson, **fields) -> Lesson:
    check(actor, "school.teach", lesson.course)
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.full_clean(exclude=["course", "module", "reading"])
    lesson.save()
    return lesson


def add_quiz(actor, course, *, title, module=None, **fields) -> Quiz:
    check(actor, "school.teach", course)
    quiz = Quiz(course=course, module=module, title=content_services.check_title(title),
                position=course.quizzes.count(), **fields)
    quiz.full_clean(exclude=["course", "module"])
    quiz.save()
    return quiz


def add_question(actor, quiz, *, kind, text, choices=(), accepted_answers=(), **fields) -> Question:
    """A question of the quiz's bank. `choices`: (text, is_correct[, feedback]) for single and multiple
    choice; `accepted_answers` for a short answer; `is_true` for true or false; `number` and `tolerance`."""
    check(actor, "school.teach", quiz.course)
    if not (text or "").strip():
        raise ValidationError(_("Write the question."), code="required")
    if kind in Question.CHOICE_KINDS:
        right = sum(1 for choice in choices if choice[1])
        if len(choices) < 2 or right < 1 or (kind == Question.Kind.SINGLE and right != 1):
            raise ValidationError(_("Give at least two choices, with one right answer (or more, for multiple "
                                    "choice)."), code="choices")
    if kind == Question.Kind.SHORT and not [a for a in accepted_answers if a.strip()]:
        raise ValidationError(_("Give at least one accepted answer."), code="accepted")
    if kind == Question.Kind.NUMERIC and fields.get("number") is None:
        raise ValidationError(_("Give the right number."), code="number")
    if kind == Question.Kind.TRUE_FALSE and fields.get("is_true") is None:
        raise ValidationError(_("Say whether the statement is true."), code="is_true")
    with transaction.atomic():
        question = Question.objects.create(quiz=quiz, kind=kind, text=text.strip(),
                                           position=quiz.questions.count(),
                                           accepted_answers=[a.strip() for a in accepted_answers if a.strip()],
                                           **fields)
        Choice.objects.bulk_create([Choice(question=question, text=c[0], is_correct=c[1],
                                           feedback=c[2] if len(c) > 2 else "") for c in choices])
    return question


# Cohorts: spaces of their own kind ----------------------------------------------------------------------

def access_cohort(user, slug) -> Cohort:
    """The cohort `user` may know exists, or Http404: one answer for missing and secret-to-you."""
    cohort = (Cohort.objects.select_related("space", "course__content")
              .filter(space__kind=Space.Kind.COURSE_COHORT, space__slug=slug).first())
    if cohort is None or not space_rules.can_view_space(user, cohort.space):
        raise Http404(_("No such cohort."))
    return cohort


def create_cohort(actor, course, *, name, starts_on, ends_on, places=None, description="",
                  visibility=Space.Visibility.PRIVATE) -> Cohort:
    """A cohort of `course`: its space (learners join it by enrolling, never by the space's own join
    button) with the instructors as its owners, and its Cohort row."""
    check(actor, "school.teach", course)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the cohort a name."), code="required")
    if ends_on < starts_on:
        raise ValidationError(_("The cohort cannot end before it starts."), code="dates")
    with transaction.atomic():
        space = Space.objects.create(
            kind=Space.Kind.COURSE_COHORT, name=name, description=description,
            slug=unique_slug(Space.Kind.COURSE_COHORT, name, secret=visibility == Space.Visibility.SECRET),
            visibility=visibility, join_policy=Space.JoinPolicy.INVITATION, created_by=actor)
        for user_id in school_rules.instructor_ids(course):
            Membership.objects.create(space=space, user_id=user_id, role=Membership.Role.OWNER)
        _recount_members(space)
        cohort = Cohort.objects.create(space=space, course=course, starts_on=starts_on, ends_on=ends_on,
                                       places=places)
    return cohort


def _recount_members(space):
    Space.objects.filter(pk=space.pk).update(member_count=Membership.objects.filter(space=space).count())


def _join_cohort(enrolment):
    space = enrolment.cohort.space
    _membership, created = Membership.objects.get_or_create(space=space, user=enrolment.user)
    if created:
        _recount_members(space)
        announce("act", actor=enrolment.user, verb="joined", space=space)


def _leave_cohort(enrolment, cohort):
    deleted, _rows = Membership.objects.filter(space=cohort.space, user=enrolment.user,
                                               role=Membership.Role.MEMBER).delete()
    if deleted:
        _recount_members(cohort.space)


def _recount_cohort(cohort):
    count = cohort.enrolments.filter(status__in=Enrolment.LEARNING).count()
    Cohort.objects.filter(pk=cohort.pk).update(enrolled_count=count)
    cohort.enrolled_count = count


# Enrolment ---------------------------------------------------------------------------------------------

def _check_prerequisites(user, course):
    missing = [c.content.title for c in course.prerequisites.select_related("content")
               if not Enrolment.objects.filter(course=c, user=user, status=Enrolment.Status.COMPLETED).exists()]
    if missing:
        raise ValidationError(_("Complete these courses first: %(courses)s.") % {"courses": ", ".join(missing)},
                              code="prerequisites")


def enrol(user, course, cohort=None) -> Enrolment:
    """Enrol `user`: at once (open), as a request (by approval), or in a cohort: enrolled while it has
    places, else on its waiting list (promoted in order as places free)."""
    check(user, "school.enrol", course)
    if course.enrolment_mode == Course.Enrolment.COHORT:
        if cohort is None or cohort.course_id != course.pk:
            raise ValidationError(_("Choose one of the course's cohorts."), code="cohort")
        if cohort.ends_on < timezone.localdate():
            raise ValidationError(_("This cohort has ended: choose another one."), code="cohort_over")
    else:
        cohort = None
    _check_prerequisites(user, course)
    now = timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(course=course, user=user).first()
        enrolment = enrolment or Enrolment(course=course, user=user)
        enrolment.cohort = cohort
        if cohort is not None:
            cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)  # places are counted under a lock
            _recount_cohort(cohort)
            if cohort.is_full:
                ENROLMENT.transition(enrolment, "wait")
                enrolment.waiting_since = now
            else:
                ENROLMENT.transition(enrolment, "enrol")
        elif course.enrolment_mode == Course.Enrolment.APPROVAL:
            ENROLMENT.transition(enrolment, "request")
        else:
            ENROLMENT.transition(enrolment, "enrol")
        if enrolment.status == Enrolment.Status.ENROLLED:
            enrolment.enrolled_at = now
        enrolment.save()
        if cohort is not None and enrolment.status == Enrolment.Status.ENROLLED:
            _join_cohort(enrolment)
            _recount_cohort(cohort)
    course.__dict__.get("_enrolments", {}).pop(user.pk, None)
    return enrolment


def decide_enrolment(actor, enrolment, *, approve: bool) -> Enrolment:
    check(actor, "school.teach", enrolment.course)
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        ENROLMENT.transition(enrolment, "approve" if approve else "decline")
        if approve:
            enrolment.enrolled_at = timezone.now()
        enrolment.save()
    return enrolment


def withdraw(user, course) -> Enrolment:
    """The learner leaves the course (or its waiting list, or withdraws a request); a cohort place it
    frees goes to the first on the waiting list."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(course=course, user=user).first()
        if enrolment is None:
            raise ValidationError(_("There is no enrolment to withdraw from."), code="transition")
        held_place = enrolment.status == Enrolment.Status.ENROLLED
        ENROLMENT.transition(enrolment, "withdraw")
        enrolment.save()
        cohort = enrolment.cohort
        if cohort is not None:
            cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
            _leave_cohort(enrolment, cohort)
            _recount_cohort(cohort)
            if held_place:
                promote_waiting(cohort)
    course.__dict__.get("_enrolments", {}).pop(user.pk, None)
    return enrolment


def promote_waiting(cohort) -> list[Enrolment]:
    """Give the free places of `cohort` (locked by the caller) to the waiting list, oldest first."""
    promoted = []
    while not cohort.is_full:
        waiting = (cohort.enrolments.select_for_update().filter(status=Enrolment.Status.WAITING)
                   .order_by("waiting_since", "pk").select_related("user", "cohort__space").first())
        if waiting is None:
            break
        ENROLMENT.transition(waiting, "promote")
        waiting.enrolled_at = timezone.now()
        waiting.save(update_fields=["status", "enrolled_at", "updated_at"])
        _join_cohort(waiting)
        _recount_cohort(cohort)
        promoted.append(waiting)
    return promoted


def set_extra_time(actor, enrolment, minutes: int) -> Enrolment:
    """Extra minutes on every timed quiz for this learner (for accessibility), set by an instructor."""
    check(actor, "school.teach", enrolment.course)
    if not 0 <= int(minutes) <= 600:
        raise ValidationError(_("Extra time goes from 0 to 600 minutes."), code="extra_time")
    enrolment.extra_minutes = int(minutes)
    enrolment.save(update_fields=["extra_minutes", "updated_at"])
    return enrolment


def enrolment_counts(course) -> dict:
    rows = course.enrolments.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
