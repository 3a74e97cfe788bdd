"""Courses built through the school's own services, as instructors would make them."""

from datetime import timedelta

from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.school import services
from xarxa.school.models import Course, Question
from xarxa.spaces.models import Space


def course_with_lessons(instructor=None, *, lessons=(2, 1), quiz=True, **fields):
    """A published course: modules with `lessons` lessons each (the first open to preview), and a quiz
    of three questions (single choice, numeric, short answer) at the end, pass mark 60%."""
    instructor = instructor or UserFactory(username="instructor")
    fields.setdefault("expected_hours", 6)
    course = services.create_course(instructor, title="Compra pública de innovación", body="Un curso **práctico**.",
                                    language="es", summary="Lo esencial de la CPI.", **fields)
    for m, count in enumerate(lessons, start=1):
        module = services.add_module(instructor, course, title=f"Módulo {m}")
        for n in range(1, count + 1):
            services.add_lesson(instructor, module, title=f"Lección {m}.{n}", body=f"Texto de la lección {m}.{n}.",
                                allows_preview=(m, n) == (1, 1))
    if quiz:
        add_quiz(instructor, course)
    return course


def add_quiz(instructor, course, **fields):
    fields.setdefault("pass_mark", 60)
    fields.setdefault("attempts_allowed", 2)
    quiz = services.add_quiz(instructor, course, title="Evaluación final", **fields)
    services.add_question(instructor, quiz, kind=Question.Kind.SINGLE, text="¿Qué es la CPI?",
                          choices=[("Compra pública de innovación", True, "Eso es."),
                                   ("Contrato de patrocinio", False, "No: es otra figura.")])
    services.add_question(instructor, quiz, kind=Question.Kind.NUMERIC, text="¿Cuántas fases tiene?",
                          number=3, tolerance=0)
    services.add_question(instructor, quiz, kind=Question.Kind.SHORT, text="¿Qué directiva la regula?",
                          accepted_answers=["2014/24/UE", "Directiva 2014/24"])
    return quiz


def right_answers(attempt):
    """The answers that pass every question of the attempt (keyed like the form)."""
    from xarxa.school.quizzes import questions_of

    answers = {}
    for question in questions_of(attempt):
        if question.kind in Question.CHOICE_KINDS:
            answers[str(question.pk)] = [str(c.pk) for c in question.choices.all() if c.is_correct]
        elif question.kind == Question.Kind.NUMERIC:
            answers[str(question.pk)] = str(question.number)
        elif question.kind == Question.Kind.TRUE_FALSE:
            answers[str(question.pk)] = "true" if question.is_true else "false"
        else:
            answers[str(question.pk)] = question.accepted_answers[0]
    return answers


def cohort_course(instructor=None, *, places=1, visibility=Space.Visibility.PRIVATE):
    instructor = instructor or UserFactory(username="instructor")
    course = course_with_lessons(instructor, enrolment_mode=Course.Enrolment.COHORT, quiz=False)
    today = timezone.localdate()
    cohort = services.create_cohort(instructor, course, name="Cohorte de primavera", starts_on=today,
                                    ends_on=today + timedelta(days=60), places=places, visibility=visibility)
    return course, cohort
