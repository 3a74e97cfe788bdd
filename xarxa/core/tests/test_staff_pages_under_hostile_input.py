"""Staff pages answer a clear page, never a server error: hostile autocomplete values, failed-task rows,
and the RQ dashboard on an installation without Redis."""

import pytest
from django.conf import settings
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("url_name", "data"), [
    ("admin:accounts_invitation_add", {"created_by": "x", "max_uses": "1", "use_count": "0",
                                       "expires_at_0": "2030-01-01", "expires_at_1": "10:00"}),
    ("admin:accounts_profile_add", {"user": "x", "full_name": "A", "organisation": "nope", "topics": ["1x"]}),
    ("admin:follows_follow_add", {"follower": "x", "user": "1e9999", "organisation": "y", "topic": "z"}),
    ("admin:organisations_organisation_add", {"name": "A", "slug": "a", "parent": "x", "merged_into": "0x",
                                              "proposed_by": "--"}),
])
def test_an_unknown_autocomplete_choice_is_a_form_error(staff_client, url_name, data):
    response = staff_client.post(reverse(url_name), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors


def test_an_unknown_choice_in_the_profile_inline_of_a_member_is_a_form_error(staff_client):
    member = UserFactory()
    response = staff_client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert response.status_code == 200
    data = {key: value for key, value in response.context["adminform"].form.initial.items()
            if isinstance(value, str | int | bool)}
    data.update({"profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1", "profile-MIN_NUM_FORMS": "0",
                 "profile-MAX_NUM_FORMS": "1", "profile-0-user": str(member.pk), "profile-0-full_name": "B",
                 "profile-0-organisation": "x", "profile-0-visibility": "members"})
    response = staff_client.post(reverse("admin:accounts_user_change", args=[member.pk]), data)
    assert response.status_code == 200


def test_failed_task_rows_cannot_be_added(staff_client):
    assert staff_client.get(reverse("admin:core_taskfailure_add")).status_code == 403
    changelist = staff_client.get(reverse("admin:core_taskfailure_changelist")).content.decode()
    assert reverse("admin:core_taskfailure_add") not in changelist


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="the dashboard is real when Redis is configured")
def test_the_rq_dashboard_says_redis_is_not_configured(staff_client, client):
    response = staff_client.get("/admin/django_rq/dashboard/")
    assert response.status_code == 503
    assert "REDIS_URL" in response.content.decode()


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="the dashboard is real when Redis is configured")
def test_the_rq_placeholder_is_for_staff_only(client):
    response = client.get("/admin/django_rq/dashboard/")
    assert response.status_code == 302 and "login" in response.url
    client.force_login(UserFactory())
    assert client.get("/admin/django_rq/dashboard/").status_code == 302
