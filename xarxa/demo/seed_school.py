"""The school in the demo: a self-paced course (open enrolment, a quiz) and a course taught by cohort, with
its running cohort; learners at different points, one of whom has passed and holds a certificate. Written
through the school's own services, as instructors and learners would make it."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from xarxa.school import learning, quizzes, services
from xarxa.school.models import Certificate, Course, Question


@dataclass
class SchoolReport:
    school_courses: int = 0
    school_cohorts: int = 0
    school_enrolments: int = 0
    school_certificates: int = 0


LESSONS = [
    ("Qué es la compra pública de innovación", ["Definición y marco legal", "Precomercial y de tecnología innovadora"]),
    ("Preparar una licitación", ["Consulta preliminar al mercado", "Pliegos por funcionalidades"]),
]


def _right_answers(attempt):
    answers = {}
    for question in quizzes.questions_of(attempt):
        if question.kind in Question.CHOICE_KINDS:
            answers[str(question.pk)] = [str(c.pk) for c in question.choices.all() if c.is_correct]
        elif question.kind == Question.Kind.TRUE_FALSE:
            answers[str(question.pk)] = "true" if question.is_true else "false"
        elif question.kind == Question.Kind.NUMERIC:
            answers[str(question.pk)] = str(question.number)
        else:
            answers[str(question.pk)] = question.accepted_answers[0]
    return answers


def _build(instructor, title, summary, **fields):
    course = services.create_course(instructor, title=title, summary=summary, language="es",
                                    body=f"{summary}\n\nUn curso de la Escuela de Gobierno de la red.", **fields)
    for number, (module_title, lessons) in enumerate(LESSONS, start=1):
        module = services.add_module(instructor, course, title=module_title)
        for position, lesson_title in enumerate(lessons):
            services.add_lesson(instructor, module, title=lesson_title, allows_preview=(number, position) == (1, 0),
                                body=f"## {lesson_title}\n\nLo esencial, con ejemplos de administraciones de la red.")
    quiz = services.add_quiz(instructor, course, title="Evaluación final", pass_mark=60, attempts_allowed=3,
                             time_limit_minutes=20)
    services.add_question(instructor, quiz, kind=Question.Kind.SINGLE, text="¿Qué busca la CPI?",
                          choices=[("Comprar soluciones que aún no existen en el mercado", True, "Exacto."),
                                   ("Comprar siempre lo más barato", False, "No: el precio no lo es todo.")])
    services.add_question(instructor, quiz, kind=Question.Kind.TRUE_FALSE, is_true=True,
                          text="La consulta preliminar al mercado se hace antes de licitar.")
    services.add_question(instructor, quiz, kind=Question.Kind.SHORT, text="¿Qué directiva europea la regula?",
                          accepted_answers=["2014/24/UE", "Directiva 2014/24/UE"])
    return course, quiz


def _follow(learner, course, quiz, lessons_done, pass_quiz=False):
    for lesson in list(course.lessons.order_by("module__position", "position"))[:lessons_done]:
        learning.mark_done(learner, lesson)
    if pass_quiz:
        attempt = quizzes.start_attempt(learner, quiz)
        quizzes.submit_attempt(learner, attempt, _right_answers(attempt))


def seed_school(rng, users) -> SchoolReport:
    from xarxa.accounts.rules import can_post

    report = SchoolReport()
    able = [user for user in users if can_post(user)][:12]  # who may enrol: confirmed, approved members
    if len(able) < 12:
        return report
    instructor, co_instructor, *learners = able
    self_paced, quiz = _build(instructor, "Compra pública de innovación: lo esencial",
                              "Cómo comprar lo que todavía no existe, paso a paso.", expected_hours=8,
                              instructors=[co_instructor])
    cohort_course, cohort_quiz = _build(co_instructor, "Diseño de servicios públicos con las personas",
                                        "Investigación con usuarios y prototipos, en grupo y con sesiones en directo.",
                                        expected_hours=20, enrolment_mode=Course.Enrolment.COHORT)
    report.school_courses = 2
    today = timezone.localdate()
    cohort = services.create_cohort(co_instructor, cohort_course, name="Cohorte de invierno",
                                    starts_on=today - timedelta(days=14), ends_on=today + timedelta(days=45),
                                    places=6, description="Nos vemos cada martes en sesión en directo.")
    report.school_cohorts = 1
    progress = [4, 3, 2, 1, 0]
    for index, learner in enumerate(learners[:5]):
        services.enrol(learner, self_paced)
        _follow(learner, self_paced, quiz, progress[index], pass_quiz=index == 0)
        report.school_enrolments += 1
    for index, learner in enumerate(learners[3:10]):
        services.enrol(learner, cohort_course, cohort)  # the seventh goes on the waiting list
        if index < 3:
            _follow(learner, cohort_course, cohort_quiz, rng.randint(1, 3))
        report.school_enrolments += 1
    report.school_certificates = Certificate.objects.count()
    return report
