import pytest
from django.urls import reverse

from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.follows.models import Follow

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["member", "organisation", "topic"])
def test_follow_and_unfollow_each_kind(client, kind):
    member = UserFactory()
    target = {"member": UserFactory, "organisation": OrganisationFactory, "topic": TopicFactory}[kind]()
    key = target.username if kind == "member" else target.slug
    field = "user" if kind == "member" else kind
    client.force_login(member)
    url = reverse("follows:toggle", args=[kind, key])
    client.post(url, {"action": "follow"})
    client.post(url, {"action": "follow"})  # a double click does not follow twice
    assert Follow.objects.filter(follower=member, **{field: target}).count() == 1
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.filter(follower=member).exists()


def test_htmx_follow_swaps_the_button(client):
    member, other = UserFactory(), UserFactory()
    client.force_login(member)
    response = client.post(reverse("follows:toggle", args=["member", other.username]), {"action": "follow"},
                           headers={"hx-request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'aria-pressed="true"' in html and "<html" not in html


def test_nobody_follows_themselves(client):
    member = UserFactory()
    client.force_login(member)
    client.post(reverse("follows:toggle", args=["member", member.username]), {"action": "follow"})
    assert not Follow.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    other = UserFactory()
    response = client.post(reverse("follows:toggle", args=["member", other.username]), {"action": "follow"})
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert not Follow.objects.exists()


def test_follow_redirects_only_to_this_site(client):
    member, other = UserFactory(), UserFactory()
    client.force_login(member)
    response = client.post(reverse("follows:toggle", args=["member", other.username]),
                           {"action": "follow", "next": "https://evil.example.com/"})
    assert response.url == other.get_absolute_url()


def test_followers_and_following_lists_respect_privacy(client):
    star = UserFactory(profile__full_name="Estrella Pública")
    fan = UserFactory(profile__full_name="Fan Visible")
    hidden_fan = UserFactory(profile__full_name="Fan Oculto", profile__visibility="staff")
    Follow.objects.create(follower=fan, user=star)
    Follow.objects.create(follower=hidden_fan, user=star)
    page = client.get(reverse("accounts:followers", args=[star.username])).content.decode()
    assert "Fan Visible" in page and "Fan Oculto" not in page
    page = client.get(reverse("accounts:following", args=[fan.username])).content.decode()
    assert "Estrella Pública" in page


@pytest.mark.parametrize("count", [1, 3])
def test_people_lists_have_a_fixed_query_count(client, django_assert_num_queries, count):
    star = UserFactory()
    for _ in range(count):
        Follow.objects.create(follower=UserFactory(), user=star)
    with django_assert_num_queries(3):  # the member, the count, the page
        client.get(reverse("accounts:followers", args=[star.username]))


@pytest.mark.parametrize("which", ["accounts:followers", "accounts:following"])
def test_a_staff_only_profile_keeps_its_follows_to_itself(client, which):
    hidden = UserFactory(username="hidden", profile__visibility="staff")
    Follow.objects.create(follower=hidden, user=UserFactory(profile__full_name="Followed By Hidden"))
    Follow.objects.create(follower=UserFactory(profile__full_name="Follower Of Hidden"), user=hidden)
    assert client.get(reverse(which, args=["hidden"])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse(which, args=["hidden"])).status_code == 404
    client.force_login(hidden)
    assert client.get(reverse(which, args=["hidden"])).status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(which, args=["hidden"])).status_code == 200


@pytest.mark.parametrize("next_value", ["0", "home", "spaces:directory", "//evil.example.com/", " ", "javascript:x"])
def test_a_hostile_next_falls_back_to_the_target(client, next_value):
    member, other = UserFactory(), UserFactory()
    client.force_login(member)
    response = client.post(reverse("follows:toggle", args=["member", other.username]),
                           {"action": "follow", "next": next_value})
    assert response.status_code == 302 and response.url == other.get_absolute_url()


def test_a_next_path_on_this_site_is_followed(client):
    member, other = UserFactory(), UserFactory()
    client.force_login(member)
    response = client.post(reverse("follows:toggle", args=["member", other.username]),
                           {"action": "follow", "next": "/groups/?page=2"})
    assert response.url == "/groups/?page=2"
