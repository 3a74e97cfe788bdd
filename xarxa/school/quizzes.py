"""Taking a quiz: an attempt draws its questions from the quiz's bank, runs against its time limit (plus the
learner's extra time) and is graded automatically when submitted; the grading is kept with the attempt."""

import random
import unicodedata
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.core.rulebook import check
from xarxa.school import rules as school_rules
from xarxa.school.learning import complete_if_passed
from xarxa.school.lifecycles import ATTEMPT
from xarxa.school.models import Attempt, Enrolment, Question, Quiz

# Answers that reach the server a few seconds after the deadline (the network) still count.
GRACE = timedelta(seconds=10)


def _enrolment(user, quiz) -> Enrolment:
    check(user, "school.take_quiz", quiz)
    return school_rules.enrolment_of(user, quiz.course)


def attempts_left(quiz, used: int):
    return None if quiz.attempts_allowed is None else max(quiz.attempts_allowed - used, 0)


def open_attempt(enrolment, quiz, now=None):
    """The learner's attempt still running (started, not submitted, time not over), or None."""
    now = now or timezone.now()
    attempt = quiz.attempts.filter(enrolment=enrolment, status=Attempt.Status.OPEN).order_by("-number").first()
    if attempt is not None and (attempt.deadline is None or now <= attempt.deadline + GRACE):
        return attempt
    return None


def start_attempt(user, quiz, *, now=None, rng=None) -> Attempt:
    """Start an attempt (or go back to the one running): refused once the attempts allowed are used."""
    enrolment = _enrolment(user, quiz)
    now = now or timezone.now()
    with transaction.atomic():
        Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()  # one attempt started at a time
        running = open_attempt(enrolment, quiz, now)
        if running is not None:
            return running
        used = quiz.attempts.filter(enrolment=enrolment).count()
        if quiz.attempts_allowed is not None and used >= quiz.attempts_allowed:
            raise ValidationError(
                _("You have used the %(count)d attempts this quiz allows.") % {"count": quiz.attempts_allowed},
                code="attempts")
        if quiz.attempts.filter(enrolment=enrolment, passed=True).exists():
            raise ValidationError(_("You have already passed this quiz."), code="passed")
        bank = list(quiz.questions.values_list("pk", flat=True))
        if not bank:
            raise ValidationError(_("This quiz has no questions yet."), code="empty")
        drawn = bank
        if quiz.draw_count and quiz.draw_count < len(bank):
            drawn = sorted((rng or random.SystemRandom()).sample(bank, quiz.draw_count), key=bank.index)
        deadline = None
        if quiz.time_limit_minutes:
            deadline = now + timedelta(minutes=quiz.time_limit_minutes + enrolment.extra_minutes)
        return Attempt.objects.create(quiz=quiz, enrolment=enrolment, number=used + 1, question_ids=drawn,
                                      started_at=now, deadline=deadline)


def questions_of(attempt):
    """The attempt's questions with their choices, in the order drawn (two queries)."""
    by_pk = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")}
    return [by_pk[pk] for pk in attempt.question_ids if pk in by_pk]


def _normalised(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split()).strip(" .")


def parse_number(text):
    text = str(text or "").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 3,5 is three and a half in most of the network's languages
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def grade_answer(question, answer):
    """(right, the feedback for this answer) for one question and what the learner answered."""
    feedback = []
    if question.kind in Question.CHOICE_KINDS:
        chosen = {str(a) for a in (answer if isinstance(answer, list) else [answer]) if a not in ("", None)}
        choices = list(question.choices.all())
        right_ids = {str(c.pk) for c in choices if c.is_correct}
        right = chosen == right_ids
        feedback = [c.feedback for c in choices if str(c.pk) in chosen and c.feedback]
    elif question.kind == Question.Kind.TRUE_FALSE:
        right = answer in ("true", "false") and (answer == "true") == question.is_true
    elif question.kind == Question.Kind.NUMERIC:
        number = parse_number(answer)
        right = number is not None and abs(number - question.number) <= question.tolerance
    else:
        right = _normalised(answer) in {_normalised(a) for a in question.accepted_answers}
    general = question.feedback_right if right else question.feedback_wrong
    return right, " ".join(filter(None, [*feedback, general]))


def submit_attempt(user, attempt, answers: dict, *, now=None) -> Attempt:
    """Grade the attempt: refused (and nothing recorded) after its time is over."""
    check(user, "school.take_quiz", attempt.quiz)
    now = now or timezone.now()
    if attempt.enrolment.user_id != user.pk:
        raise ValidationError(_("This attempt is not yours."), code="not_yours")
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("quiz", "enrolment__course__content").get(
            pk=attempt.pk)
        if attempt.status == Attempt.Status.OPEN and attempt.deadline and now > attempt.deadline + GRACE:
            raise ValidationError(_("The time for this attempt is over: your answers were not recorded."),
                                  code="late")
        ATTEMPT.transition(attempt, "grade")
        earned = total = 0
        results, given = {}, {}
        for question in questions_of(attempt):
            key = str(question.pk)
            answer = answers.get(key, "")
            right, feedback = grade_answer(question, answer)
            total += question.points
            earned += question.points if right else 0
            given[key] = answer
            results[key] = {"right": right, "points": question.points if right else 0, "feedback": feedback}
        attempt.answers, attempt.results, attempt.submitted_at = given, results, now
        attempt.score = Decimal(100 * earned / total).quantize(Decimal("0.01")) if total else Decimal(0)
        attempt.passed = attempt.score >= attempt.quiz.pass_mark
        attempt.save()
        if attempt.passed:
            complete_if_passed(attempt.enrolment)
    return attempt


def quiz_state(user, quiz):
    """What the quiz page shows its learner: their attempts, how many are left, the one running."""
    enrolment = school_rules.enrolment_of(user, quiz.course)
    if enrolment is None or not enrolment.is_learning:
        return {"attempts": [], "attempts_left": attempts_left(quiz, 0), "running": None, "passed": False}
    attempts = list(quiz.attempts.filter(enrolment=enrolment))
    return {"attempts": attempts, "attempts_left": attempts_left(quiz, len(attempts)),
            "running": open_attempt(enrolment, quiz),
            "passed": any(attempt.passed for attempt in attempts)}


__all__ = ["Quiz", "start_attempt", "submit_attempt", "grade_answer", "quiz_state"]
