"""The school's pages cost the same whatever their length: the catalogue with 1 or 3 courses, a course page
and a lesson page with few or many lessons, modules and learners (one literal count per page).

Counts for a signed-in member include the session and the user."""

import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.school import learning, services
from xarxa.school.tests.world import course_with_lessons

pytestmark = pytest.mark.django_db


def courses(count):
    instructor = UserFactory()
    made = [course_with_lessons(instructor, lessons=(2, 1)) for _ in range(count)]
    return instructor, made


def learners(course, count):
    people = [UserFactory() for _ in range(count)]
    for person in people:
        services.enrol(person, course)
    return people


@pytest.mark.parametrize("items", [1, 3])
def test_catalogue_anonymous(client, django_assert_num_queries, items):
    courses(items)
    with django_assert_num_queries(2):
        assert client.get(reverse("school:index")).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_catalogue_for_a_learner(client, django_assert_num_queries, items):
    _instructor, made = courses(items)
    learner = UserFactory()
    for course in made:
        services.enrol(learner, course)
    client.force_login(learner)
    with django_assert_num_queries(7):
        assert client.get(reverse("school:index")).status_code == 200


@pytest.mark.parametrize(("shape", "others"), [((1,), 1), ((3, 2, 4), 5)])
def test_course_page_for_a_learner(client, django_assert_num_queries, shape, others):
    course = course_with_lessons(lessons=shape)
    learner, *_rest = learners(course, others)
    for lesson in course.lessons.all()[:1]:
        learning.mark_done(learner, lesson)
    client.force_login(learner)
    with django_assert_num_queries(21):
        assert client.get(course.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("shape", [(1,), (3, 2, 4)])
def test_course_page_anonymous(client, django_assert_num_queries, shape):
    course = course_with_lessons(lessons=shape)
    with django_assert_num_queries(11):
        assert client.get(course.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("shape", "others"), [((2,), 1), ((3, 2, 4), 5)])
def test_lesson_page_for_a_learner(client, django_assert_num_queries, shape, others):
    course = course_with_lessons(lessons=shape)
    learner, *_rest = learners(course, others)
    lesson = course.lessons.order_by("module__position", "position")[1]
    learning.mark_done(learner, course.lessons.order_by("module__position", "position")[0])
    client.force_login(learner)
    with django_assert_num_queries(11):
        assert client.get(lesson.get_absolute_url()).status_code == 200
