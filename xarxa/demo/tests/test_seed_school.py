import random

import pytest

from xarxa.accounts.tests.factories import UserFactory
from xarxa.demo.seed_school import seed_school
from xarxa.school.models import Certificate, Cohort, Enrolment, LessonDone

pytestmark = pytest.mark.django_db


def test_two_courses_a_running_cohort_learners_at_different_points_and_one_certificate():
    users = [UserFactory() for _ in range(14)]
    report = seed_school(random.Random(1), users)
    assert (report.school_courses, report.school_cohorts, report.school_certificates) == (2, 1, 1)
    cohort = Cohort.objects.get()
    assert cohort.enrolled_count == 6 and cohort.enrolments.filter(status="waiting").count() == 1
    done = sorted(LessonDone.objects.filter(enrolment__cohort__isnull=True).values_list("enrolment__user", flat=True))
    assert len(set(done)) == 4  # the fifth has not started
    assert Enrolment.objects.filter(status="completed").count() == 1
    certificate = Certificate.objects.get()
    assert certificate.is_valid and certificate.course_title.startswith("Compra pública")
