"""Following a course: the lessons in their order, which are done, progress per module and course,
"continue where you left off", lessons in order when the instructors require it, and completion (which
issues the certificate)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.core.rulebook import check
from xarxa.school import rules as school_rules
from xarxa.school.lifecycles import ENROLMENT
from xarxa.school.models import Attempt, Enrolment, LessonDone, Module


@dataclass
class ModuleProgress:
    module: Module
    lessons: list
    quizzes: list = field(default_factory=list)
    done: int = 0

    @property
    def total(self):
        return len(self.lessons)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class CourseProgress:
    modules: list
    done_ids: set
    passed_quiz_ids: set
    lessons: list  # every lesson, in the course's order

    @property
    def total(self):
        return len(self.lessons)

    @property
    def done(self):
        return sum(1 for lesson in self.lessons if lesson.pk in self.done_ids)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    def next_lesson(self):
        """Where to continue: the first lesson not done, in order (None once all are)."""
        return next((lesson for lesson in self.lessons if lesson.pk not in self.done_ids), None)

    def blocking_lesson(self, lesson):
        """The first required lesson before `lesson` not yet done (for a course taught in order), or None."""
        for earlier in self.lessons:
            if earlier.pk == lesson.pk:
                return None
            if earlier.is_required and earlier.pk not in self.done_ids:
                return earlier
        return None


def course_outline(course):
    """The modules with their lessons and quizzes, in order: three queries whatever the course's size."""
    modules = list(course.modules.all())
    lessons = list(course.lessons.order_by("module__position", "module_id", "position", "pk"))
    quizzes = list(course.quizzes.all())
    by_module = {module.pk: ModuleProgress(module, []) for module in modules}
    for lesson in lessons:
        by_module[lesson.module_id].lessons.append(lesson)
    for quiz in quizzes:
        if quiz.module_id in by_module:
            by_module[quiz.module_id].quizzes.append(quiz)
    return list(by_module.values()), lessons, quizzes


def progress_of(course, enrolment, outline=None) -> CourseProgress:
    modules, lessons, _quizzes = outline or course_outline(course)
    done_ids, passed = set(), set()
    if enrolment is not None and enrolment.pk:
        done_ids = set(enrolment.lessons_done.values_list("lesson_id", flat=True))
        passed = set(enrolment.attempts.filter(passed=True).values_list("quiz_id", flat=True))
    for row in modules:
        row.done = sum(1 for lesson in row.lessons if lesson.pk in done_ids)
    return CourseProgress(modules, done_ids, passed, lessons)


def check_in_order(enrolment, lesson, progress=None):
    """Refuse a lesson that skips a required one, when the course is taught in order."""
    course = lesson.course
    if not course.lessons_in_order or enrolment is None:
        return
    progress = progress or progress_of(course, enrolment)
    blocking = progress.blocking_lesson(lesson)
    if blocking is not None:
        raise ValidationError(_("This course is taken in order: finish “%(lesson)s” first.")
                              % {"lesson": blocking.title}, code="order")


def mark_done(user, lesson) -> LessonDone:
    """The learner has done `lesson`; completing the course's last requirement completes the course."""
    check(user, "school.read_lesson", lesson)
    enrolment = school_rules.enrolment_of(user, lesson.course)
    if enrolment is None or not enrolment.is_learning:
        raise ValidationError(_("Enrol in the course to record your progress."), code="not_enrolled")
    check_in_order(enrolment, lesson)
    with transaction.atomic():
        try:
            with transaction.atomic():
                done = LessonDone.objects.create(enrolment=enrolment, lesson=lesson)
        except IntegrityError:  # done already (a second click): nothing changes
            return LessonDone.objects.get(enrolment=enrolment, lesson=lesson)
        complete_if_passed(enrolment)
    return done


def requirements_met(enrolment) -> bool:
    course = enrolment.course
    required_lessons = set(course.lessons.filter(is_required=True).values_list("pk", flat=True))
    done = set(enrolment.lessons_done.values_list("lesson_id", flat=True))
    required_quizzes = set(course.quizzes.filter(is_required=True).values_list("pk", flat=True))
    passed = set(Attempt.objects.filter(enrolment=enrolment, passed=True).values_list("quiz_id", flat=True))
    return required_lessons <= done and required_quizzes <= passed


def complete_if_passed(enrolment):
    """Inside the caller's transaction: once every required lesson and quiz is passed, the enrolment is
    completed and the certificate issued (once)."""
    from xarxa.school.certificates import issue_certificate

    if enrolment.status != Enrolment.Status.ENROLLED or not requirements_met(enrolment):
        return None
    ENROLMENT.transition(enrolment, "complete")
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["status", "completed_at", "updated_at"])
    return issue_certificate(enrolment)
