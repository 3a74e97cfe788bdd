"""The portfolio and the project page cost the same number of queries with one row as with three:
no N+1 can hide behind more challenges, projects, deliverables or log lines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xarxa.lab import services
from xarxa.lab.tests.helpers import (
    advance,
    approved_challenge,
    challenge_arguments,
    member,
    moderator,
    selected_project,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (layout, sections)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_portfolio_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    viewer = member()
    client.force_login(viewer)
    project, *_ = selected_project()
    one = count_queries(client, reverse("lab:home"))
    for _ in range(2):
        selected_project(approved_challenge())
    assert count_queries(client, reverse("lab:home")) == one
    with django_assert_num_queries(one):
        client.get(reverse("lab:home"))
    assert one == 14, one


def test_the_project_page_costs_a_fixed_number_of_queries(client):
    project, owner, lead, mentor = selected_project()
    client.force_login(lead)
    url = project.get_absolute_url()
    one = count_queries(client, url)
    advance(project, lead, mentor)
    advance(project, lead, mentor)
    assert count_queries(client, url) == one
    assert one == 12, one


def test_the_moderators_review_queue_costs_a_fixed_number_of_queries(client):
    client.force_login(moderator())
    services.create_challenge(member(), **challenge_arguments())
    url = reverse("lab:review_queue")
    one = count_queries(client, url)
    for _ in range(2):
        services.create_challenge(member(), **challenge_arguments())
    assert count_queries(client, url) == one
    assert len(client.get(url, HTTP_ACCEPT_LANGUAGE="en").context["queue"]) == 3
    assert one == 5, one
