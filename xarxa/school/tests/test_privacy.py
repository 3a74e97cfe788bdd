"""The privacy export holds a learner's enrolments, lessons done, attempts and certificates; erasing an
account leaves their name nowhere: their own school rows go, and certificates they issued as an
instructor keep their validity without their name."""

import pytest

from xarxa.accounts.tests.factories import UserFactory
from xarxa.privacy import erasure, export
from xarxa.privacy.tests.dbscan import places_holding
from xarxa.school import learning, quizzes, services
from xarxa.school.models import Attempt, Certificate, Enrolment, LessonDone
from xarxa.school.tests.world import course_with_lessons, right_answers

pytestmark = pytest.mark.django_db


def passes(learner, course):
    services.enrol(learner, course)
    for lesson in course.lessons.all():
        learning.mark_done(learner, lesson)
    for quiz in course.quizzes.all():
        attempt = quizzes.start_attempt(learner, quiz)
        quizzes.submit_attempt(learner, attempt, right_answers(attempt))
    return Certificate.objects.get(user=learner, course=course)


@pytest.fixture
def school_life():
    teacher = UserFactory(username="profesoraxenia", profile__full_name="Xenia Valdeolmillos")
    learner = UserFactory(username="aprendizquirico", profile__full_name="Quirico Bermudo")
    taught = course_with_lessons(teacher)
    others_certificate = passes(UserFactory(), taught)
    own_course = course_with_lessons(UserFactory(username="otrodocente"))
    own_certificate = passes(learner, own_course)
    services.enrol(learner, taught)
    return teacher, learner, taught, others_certificate, own_certificate


def test_the_export_holds_enrolments_lessons_attempts_and_certificates(school_life):
    _teacher, learner, _taught, _others, own = school_life
    data = export.KINDS["school"](learner)
    assert {row["status"] for row in data["enrolments"]} == {"completed", "enrolled"}
    assert {row["course"] for row in data["enrolments"]} == {"Compra pública de innovación"}
    assert len(data["lessons_done"]) == 3
    (attempt,) = data["quiz_attempts"]
    assert attempt["passed"] and attempt["answers"] and attempt["results"]
    (certificate,) = list(data["certificates"])
    assert certificate["code"] == own.code and certificate["learner_name"] == "Quirico Bermudo"


@pytest.mark.parametrize("erase_content", [True, False])
def test_erasing_a_learner_and_an_instructor_leaves_their_names_nowhere(school_life, erase_content):
    teacher, learner, taught, others_certificate, own_certificate = school_life
    erasure.delete_account(learner, erase_content=erase_content)
    assert not Enrolment.objects.filter(user_id=learner.pk).exists()
    assert not Attempt.objects.filter(enrolment__user_id=learner.pk).exists()
    assert not LessonDone.objects.filter(enrolment__user_id=learner.pk).exists()
    assert not Certificate.objects.filter(pk=own_certificate.pk).exists()

    erasure.delete_account(teacher, erase_content=erase_content)
    others_certificate.refresh_from_db()
    assert others_certificate.is_valid and "Xenia Valdeolmillos" not in others_certificate.instructor_names
    assert places_holding(["Xenia Valdeolmillos", "Valdeolmillos", "profesoraxenia", "Quirico Bermudo",
                           "aprendizquirico"]) == set()
