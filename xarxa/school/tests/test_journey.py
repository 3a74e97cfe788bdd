"""A learner's whole way through a course, as pages: enrol, follow the lessons, pass the quiz, get the
certificate, and anyone verifies it by its address."""

import re

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.school.models import Attempt, Certificate, Enrolment, Question
from xarxa.school.tests.world import course_with_lessons

pytestmark = pytest.mark.django_db


def test_enrol_follow_the_lessons_pass_the_quiz_and_verify_the_certificate(client):
    course = course_with_lessons()
    learner = UserFactory(username="lucia")
    client.force_login(learner)
    page = client.get(course.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and b"Enrol" in page.content

    assert client.post(reverse("school:enrol", args=[course.pk])).status_code == 302
    enrolment = Enrolment.objects.get(course=course, user=learner)
    assert enrolment.status == Enrolment.Status.ENROLLED

    page = client.get(course.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Start the course" in page.content
    lessons = list(course.lessons.order_by("module__position", "position"))
    for lesson in lessons:
        assert client.get(lesson.get_absolute_url()).status_code == 200
        client.post(reverse("school:mark_done", args=[lesson.pk]))
    page = client.get(course.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["progress"].percent == 100
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED  # the quiz is still to pass

    quiz = course.quizzes.get()
    response = client.post(reverse("school:start_attempt", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz, enrolment=enrolment)
    assert response.url == attempt.get_absolute_url()
    form = client.get(attempt.get_absolute_url())
    assert form.status_code == 200
    data = {}
    for question in form.context["questions"]:
        if question.kind == Question.Kind.SINGLE:
            data[f"q-{question.pk}"] = next(str(c.pk) for c in question.choices.all() if c.is_correct)
        elif question.kind == Question.Kind.NUMERIC:
            data[f"q-{question.pk}"] = "3,0"
        else:
            data[f"q-{question.pk}"] = "  directiva 2014/24 "
    graded = client.post(attempt.get_absolute_url(), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.passed and attempt.score == 100
    assert b"Passed, with 100.00%" in graded.content and b"Eso es." in graded.content

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.learner_name == learner.display_name and certificate.hours == 6
    assert len(certificate.code) >= 24

    client.logout()
    page = client.get(reverse("school:verify", args=[certificate.code]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Valid." in text and "Compra pública de innovación" in text and learner.display_name in text
    assert learner.email not in text and "Score" not in text  # the score only if the learner agrees
    printable = client.get(reverse("school:print", args=[certificate.code]))
    assert printable.status_code == 200 and certificate.code in printable.content.decode()
    assert re.search(r"https?://[^\"]+/school/certificates/" + re.escape(certificate.code), printable.content.decode())


def test_a_learner_chooses_to_show_the_score(client):
    course = course_with_lessons(quiz=False)
    learner = UserFactory()
    client.force_login(learner)
    client.post(reverse("school:enrol", args=[course.pk]))
    for lesson in course.lessons.all():
        client.post(reverse("school:mark_done", args=[lesson.pk]))
    certificate = Certificate.objects.get(user=learner)
    assert certificate.score is None  # no quiz: nothing to show
    client.post(reverse("school:share", args=[certificate.code]), {"shows_score": "on"})
    certificate.refresh_from_db()
    assert certificate.shows_score and not certificate.on_profile
    other = UserFactory()
    client.force_login(other)
    client.post(reverse("school:share", args=[certificate.code]), {})
    certificate.refresh_from_db()
    assert certificate.shows_score  # someone else's choice changes nothing


def test_by_approval_the_instructor_decides(client):
    from xarxa.school.models import Course

    course = course_with_lessons(enrolment_mode=Course.Enrolment.APPROVAL)
    learner = UserFactory()
    client.force_login(learner)
    client.post(reverse("school:enrol", args=[course.pk]))
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.status == Enrolment.Status.REQUESTED
    lesson = course.lessons.order_by("module__position", "position").last()  # not open to preview
    assert client.get(lesson.get_absolute_url()).status_code == 403
    client.force_login(course.content.author)
    page = client.get(reverse("school:enrolments", args=[course.pk]))
    assert page.status_code == 200 and learner.display_name in page.content.decode()
    client.post(reverse("school:decide", args=[course.pk, enrolment.pk]), {"decision": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    client.force_login(learner)
    assert client.get(lesson.get_absolute_url()).status_code == 200


def test_a_preview_lesson_is_open_before_enrolling_and_the_others_are_not(client):
    course = course_with_lessons()
    lessons = list(course.lessons.order_by("module__position", "position"))
    assert client.get(lessons[0].get_absolute_url()).status_code == 200  # anonymous, public course
    page = client.get(lessons[1].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403 and b"Enrol in the course to read this lesson." in page.content
    assert b"Texto de la lecci" not in page.content
