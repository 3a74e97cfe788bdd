"""Bad input gets a clear, translated refusal and changes nothing."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from xarxa.accounts.tests.factories import UserFactory
from xarxa.audit.models import AuditEntry
from xarxa.school import certificates, learning, quizzes, services
from xarxa.school.lifecycles import ENROLMENT
from xarxa.school.models import Attempt, Certificate, Course, Enrolment, LessonDone
from xarxa.school.tests.world import add_quiz, cohort_course, course_with_lessons, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def enrolled(course, learner=None):
    learner = learner or UserFactory()
    services.enrol(learner, course)
    return learner


def test_a_quiz_answered_after_its_time_limit_is_refused_and_records_nothing():
    course = course_with_lessons(quiz=False)
    quiz = add_quiz(course.content.author, course, time_limit_minutes=10)
    learner = enrolled(course)
    start = timezone.now()
    attempt = quizzes.start_attempt(learner, quiz, now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    with pytest.raises(ValidationError, match="The time for this attempt is over"):
        quizzes.submit_attempt(learner, attempt, right_answers(attempt), now=start + timedelta(minutes=11))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.OPEN and attempt.answers == {} and not attempt.passed


def test_extra_time_for_a_learner_moves_their_deadline(client):
    course = course_with_lessons(quiz=False)
    quiz = add_quiz(course.content.author, course, time_limit_minutes=10)
    learner = enrolled(course)
    enrolment = Enrolment.objects.get(user=learner)
    with pytest.raises(PermissionDenied):
        services.set_extra_time(learner, enrolment, 30)  # not the learner's own decision
    services.set_extra_time(course.content.author, enrolment, 15)
    start = timezone.now()
    course.__dict__.pop("_enrolments", None)
    learner_course = Course.objects.get(pk=course.pk)
    quiz.course = learner_course
    attempt = quizzes.start_attempt(learner, quiz, now=start)
    assert attempt.deadline == start + timedelta(minutes=25)
    graded = quizzes.submit_attempt(learner, attempt, right_answers(attempt), now=start + timedelta(minutes=20))
    assert graded.passed


def test_a_third_attempt_where_two_are_allowed_is_refused(client):
    course = course_with_lessons(quiz=False)
    quiz = add_quiz(course.content.author, course, attempts_allowed=2)
    learner = enrolled(course)
    for _ in range(2):
        attempt = quizzes.start_attempt(learner, quiz)
        quizzes.submit_attempt(learner, attempt, {})  # every answer wrong
    with pytest.raises(ValidationError, match="You have used the 2 attempts this quiz allows."):
        quizzes.start_attempt(learner, quiz)
    assert Attempt.objects.filter(quiz=quiz).count() == 2
    client.force_login(learner)
    response = client.post(reverse("school:start_attempt", args=[quiz.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert b"You have used the 2 attempts this quiz allows." in response.content
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_a_graded_attempt_cannot_be_submitted_again():
    course = course_with_lessons(quiz=False)
    quiz = add_quiz(course.content.author, course)
    learner = enrolled(course)
    attempt = quizzes.start_attempt(learner, quiz)
    quizzes.submit_attempt(learner, attempt, {})
    with pytest.raises(ValidationError, match="already been submitted"):
        quizzes.submit_attempt(learner, attempt, right_answers(attempt))
    attempt.refresh_from_db()
    assert not attempt.passed


def test_someone_not_enrolled_cannot_take_the_quiz():
    course = course_with_lessons()
    with pytest.raises(PermissionDenied, match="Only the course's enrolled learners take this quiz."):
        quizzes.start_attempt(UserFactory(), course.quizzes.get())
    assert not Attempt.objects.exists()


def test_enrolling_in_a_full_cohort_goes_to_the_waiting_list_and_a_freed_place_promotes_in_order():
    course, cohort = cohort_course(places=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    assert services.enrol(first, course, cohort).status == Enrolment.Status.ENROLLED
    assert services.enrol(second, course, cohort).status == Enrolment.Status.WAITING
    assert services.enrol(third, course, cohort).status == Enrolment.Status.WAITING
    cohort.refresh_from_db()
    assert cohort.enrolled_count == 1
    assert set(cohort.space.memberships.values_list("user__username", flat=True)) == {"instructor", first.username}

    services.withdraw(first, course)
    assert Enrolment.objects.get(user=first).status == Enrolment.Status.WITHDRAWN
    assert Enrolment.objects.get(user=second).status == Enrolment.Status.ENROLLED  # the oldest waiting
    assert Enrolment.objects.get(user=third).status == Enrolment.Status.WAITING
    members = set(cohort.space.memberships.values_list("user__username", flat=True))
    assert members == {"instructor", second.username}


def test_the_enrol_page_says_the_learner_is_on_the_waiting_list(client):
    course, cohort = cohort_course(places=1)
    services.enrol(UserFactory(), course, cohort)
    learner = UserFactory()
    client.force_login(learner)
    page = client.post(reverse("school:enrol", args=[course.pk]), {"cohort": cohort.pk}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en")
    assert b"The cohort is full: you are on its waiting list" in page.content
    assert Enrolment.objects.get(user=learner).status == Enrolment.Status.WAITING


def test_a_cohort_course_needs_a_cohort_of_its_own():
    course, _cohort = cohort_course()
    _other, other_cohort = cohort_course(UserFactory())
    with pytest.raises(ValidationError, match="Choose one of the course's cohorts."):
        services.enrol(UserFactory(), course, other_cohort)
    assert not Enrolment.objects.exists()


def test_enrolling_twice_is_refused_and_prerequisites_are_checked():
    course = course_with_lessons(quiz=False)
    learner = enrolled(course)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrol(learner, course)
    advanced = services.create_course(course.content.author, title="CPI avanzada", prerequisites=[course])
    with pytest.raises(ValidationError, match="Complete these courses first: Compra pública de innovación."):
        services.enrol(learner, advanced)
    assert not Enrolment.objects.filter(course=advanced).exists()
    for lesson in course.lessons.all():
        learning.mark_done(learner, lesson)
    assert services.enrol(learner, advanced).status == Enrolment.Status.ENROLLED


def test_skipping_a_required_lesson_is_refused_in_a_course_taught_in_order(client):
    course = course_with_lessons(lessons_in_order=True, quiz=False)
    learner = enrolled(course)
    first, second, third = course.lessons.order_by("module__position", "position")
    with pytest.raises(ValidationError, match="This course is taken in order: finish “Lección 1.1” first."):
        learning.mark_done(learner, second)
    assert not LessonDone.objects.exists()
    client.force_login(learner)
    page = client.get(third.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403 and "finish “Lección 1.1” first" in page.content.decode()
    assert b"Texto de la lecci" not in page.content
    learning.mark_done(learner, first)
    course.__dict__.pop("_enrolments", None)
    assert client.get(second.get_absolute_url()).status_code == 200


def test_a_forged_or_mistyped_certificate_code_finds_nothing(client):
    course = course_with_lessons(quiz=False)
    learner = enrolled(course)
    for lesson in course.lessons.all():
        learning.mark_done(learner, lesson)
    real = Certificate.objects.get().code
    for forged in (real[:-1] + ("A" if real[-1] != "A" else "B"), real.upper() if real.upper() != real else "x",
                   "1", "a" * 40):
        page = client.get(reverse("school:verify", args=[forged]), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 404
        assert real not in page.content.decode()


def test_revocation_by_an_instructor_is_on_the_audit_trail_and_the_page_says_revoked(client):
    course = course_with_lessons(quiz=False)
    learner = enrolled(course)
    for lesson in course.lessons.all():
        learning.mark_done(learner, lesson)
    certificate = Certificate.objects.get()
    with pytest.raises(PermissionDenied, match="Only the course's instructors and the site's staff"):
        certificates.revoke_certificate(learner, certificate, "Me apetece")
    with pytest.raises(ValidationError, match="Say why"):
        certificates.revoke_certificate(course.content.author, certificate, "  ")
    certificate.refresh_from_db()
    assert certificate.is_valid and not AuditEntry.objects.filter(action="school.certificate_revoke").exists()

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    client.post(reverse("school:revoke", args=[certificate.code]), {"reason": "Plagio en la evaluación."})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    entry = AuditEntry.objects.get(action="school.certificate_revoke")
    assert entry.actor_id == staff.pk and entry.reason == "Plagio en la evaluación."
    with translation.override("en"), pytest.raises(ValidationError, match="already been revoked"):
        certificates.revoke_certificate(staff, certificate, "Otra vez")
    client.logout()
    page = client.get(certificate.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Revoked." in page.content and b"Valid." not in page.content


def test_a_video_without_captions_is_refused():
    course = course_with_lessons(quiz=False)
    module = course.modules.first()
    with pytest.raises(ValidationError, match="Give a transcript or captions link"):
        services.add_lesson(course.content.author, module, title="Vídeo", video_url="https://video.example.org/1")
    assert module.lessons.count() == 2


def test_a_learner_cannot_write_lessons(client):
    course = course_with_lessons(quiz=False)
    learner = enrolled(course)
    with pytest.raises(PermissionDenied):
        services.add_module(learner, course, title="Mío")
    client.force_login(learner)
    page = client.get(reverse("school:add_lesson", args=[course.modules.first().pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403
    assert "Only the course's instructors can do this." in html.unescape(page.content.decode())


def test_the_enrolment_lifecycle_table():
    assert ENROLMENT.table() == [
        ("enrol", ["", "declined", "withdrawn"], "enrolled"),
        ("request", ["", "declined", "withdrawn"], "requested"),
        ("wait", ["", "declined", "withdrawn"], "waiting"),
        ("approve", ["requested"], "enrolled"),
        ("decline", ["requested"], "declined"),
        ("promote", ["waiting"], "enrolled"),
        ("complete", ["enrolled"], "completed"),
        ("withdraw", ["enrolled", "requested", "waiting"], "withdrawn"),
    ]
    completed = Enrolment(status=Enrolment.Status.COMPLETED)
    with pytest.raises(ValidationError):
        ENROLMENT.transition(completed, "withdraw")
    assert completed.status == Enrolment.Status.COMPLETED
