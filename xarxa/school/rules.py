"""One predicate per school decision. Reading a course is the base's rule (can_read_content); a cohort's
inside is its space's rule. The course's author and its instructors teach it."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post
from xarxa.content.rules import can_read_content
from xarxa.core.rulebook import rule


@rules.predicate
def can_read_course(user, course):
    return course is not None and bool(can_read_content(user, course.content))


def instructor_ids(course) -> set:
    """The ids of those who teach `course` (its author and instructors), read once per object."""
    if "_instructor_ids" not in course.__dict__:
        ids = {pk for pk in course.instructors.values_list("pk", flat=True)}
        if course.content.author_id:
            ids.add(course.content.author_id)
        course.__dict__["_instructor_ids"] = ids
    return course.__dict__["_instructor_ids"]


@rules.predicate
def teaches(user, course):
    return course is not None and user.is_authenticated and user.pk in instructor_ids(course)


def enrolment_of(user, course):
    """The reader's enrolment in `course`, or None; read once per object."""
    if not user.is_authenticated:
        return None
    cache = course.__dict__.setdefault("_enrolments", {})
    if user.pk not in cache:
        cache[user.pk] = course.enrolments.filter(user=user).select_related("cohort").first()
    return cache[user.pk]


@rules.predicate
def is_learning(user, course):
    enrolment = enrolment_of(user, course) if course is not None else None
    return enrolment is not None and enrolment.is_learning


@rules.predicate
def is_published(_user, course):
    return course is not None and course.content.is_published


@rules.predicate
def is_staff(user):
    return user.is_authenticated and user.is_staff


# Lessons and quizzes ask the same of their course.
def _of_course(predicate):
    @rules.predicate
    def of_course(user, obj):
        return obj is not None and bool(predicate(user, obj.course))
    return of_course


@rules.predicate
def lesson_open_to_preview(_user, lesson):
    return lesson is not None and lesson.allows_preview


can_teach = can_read_course & teaches
can_enrol = can_post & can_read_course & is_published
can_read_lesson = _of_course(can_read_course) & (
    _of_course(teaches) | _of_course(is_learning) | lesson_open_to_preview)
can_take_quiz = _of_course(can_read_course) & _of_course(is_learning)


@rules.predicate
def can_revoke(user, certificate):
    if certificate is None:
        return False
    return bool(is_staff(user)) or (certificate.course is not None and bool(teaches(user, certificate.course)))


@rules.predicate
def owns_certificate(user, certificate):
    return certificate is not None and user.is_authenticated and certificate.user_id == user.pk


rule("school.edit_course", can_teach, _("Only the course's instructors can change it."))
rule("school.teach", can_teach, _("Only the course's instructors can do this."))
rule("school.enrol", can_enrol,
     _("Sign in with a confirmed e-mail address to enrol in a published course you can read."))
rule("school.read_lesson", can_read_lesson, _("Enrol in the course to read this lesson."))
rule("school.take_quiz", can_take_quiz, _("Only the course's enrolled learners take this quiz."))
rule("school.revoke_certificate", can_revoke,
     _("Only the course's instructors and the site's staff can revoke a certificate."))
rule("school.share_certificate", owns_certificate, _("Only its holder decides what the certificate shows."))
