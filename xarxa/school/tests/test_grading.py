"""Automatic grading: each kind of question, a random draw from the bank, feedback per answer."""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xarxa.accounts.tests.factories import UserFactory
from xarxa.school import quizzes, services
from xarxa.school.models import Question
from xarxa.school.tests.world import course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    course = course_with_lessons(quiz=False)
    return services.add_quiz(course.content.author, course, title="Banco", draw_count=2, pass_mark=50)


def question(quiz, kind, **fields):
    return services.add_question(quiz.course.content.author, quiz, kind=kind, text=f"Pregunta {kind}", **fields)


def test_each_kind_of_question_is_graded(quiz):
    single = question(quiz, Question.Kind.SINGLE, choices=[("Sí", True), ("No", False, "Piénsalo otra vez.")])
    multiple = question(quiz, Question.Kind.MULTIPLE, choices=[("A", True), ("B", True), ("C", False)])
    true_false = question(quiz, Question.Kind.TRUE_FALSE, is_true=False, feedback_wrong="Es falso.")
    numeric = question(quiz, Question.Kind.NUMERIC, number=Decimal("10.5"), tolerance=Decimal("0.5"))
    short = question(quiz, Question.Kind.SHORT, accepted_answers=["Participación ciudadana", "participacion"])
    yes, no = single.choices.all()
    a, b, c = multiple.choices.all()
    assert quizzes.grade_answer(single, str(yes.pk)) == (True, "")
    assert quizzes.grade_answer(single, str(no.pk)) == (False, "Piénsalo otra vez.")
    assert quizzes.grade_answer(multiple, [str(a.pk), str(b.pk)])[0]
    assert not quizzes.grade_answer(multiple, [str(a.pk)])[0]
    assert not quizzes.grade_answer(multiple, [str(a.pk), str(b.pk), str(c.pk)])[0]
    assert quizzes.grade_answer(true_false, "false")[0]
    assert quizzes.grade_answer(true_false, "true") == (False, "Es falso.")
    assert not quizzes.grade_answer(true_false, "")[0]
    assert quizzes.grade_answer(numeric, "10,9")[0] and quizzes.grade_answer(numeric, "10")[0]
    assert not quizzes.grade_answer(numeric, "11.1")[0] and not quizzes.grade_answer(numeric, "diez")[0]
    assert quizzes.grade_answer(short, "  participación   CIUDADANA. ")[0]
    assert quizzes.grade_answer(short, "participación")[0] is not False  # "participacion" is accepted too
    assert not quizzes.grade_answer(short, "votar")[0]


def test_an_attempt_draws_from_the_bank_and_records_its_grading(quiz):
    for n in range(5):
        question(quiz, Question.Kind.TRUE_FALSE, is_true=bool(n % 2))
    learner = UserFactory()
    services.enrol(learner, quiz.course)
    attempt = quizzes.start_attempt(learner, quiz, rng=random.Random(4))
    bank = set(quiz.questions.values_list("pk", flat=True))
    assert len(attempt.question_ids) == 2 and set(attempt.question_ids) <= bank
    first, second = quizzes.questions_of(attempt)
    answers = {str(first.pk): "true" if first.is_true else "false",
               str(second.pk): "true" if not second.is_true else "false"}
    graded = quizzes.submit_attempt(learner, attempt, answers)
    assert graded.score == 50 and graded.passed  # pass mark 50%
    assert graded.results[str(first.pk)]["right"] and not graded.results[str(second.pk)]["right"]
    assert graded.answers == answers
    # Starting again after passing is refused: the quiz is passed.
    with translation.override("en"), pytest.raises(ValidationError, match="already passed"):
        quizzes.start_attempt(learner, quiz)
