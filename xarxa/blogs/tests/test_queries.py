"""Lists and pages cost the same whatever their length (1 and 3 items, one literal count).

Counts for a signed-in member: 2 of them are the session and the user. `member_in_group` is in conftest.py.
"""

import pytest
from django.urls import reverse

from xarxa.blogs import services as blog_services
from xarxa.blogs.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("items", [1, 3])
def test_blog_lists(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    for _n in range(items):
        PostFactory(content__space=group, content__author=owner)
        PostFactory(content__author=member)
        PostFactory(content__author=member, content__status="draft")
    with django_assert_num_queries(6):
        assert client.get(reverse("blogs:list")).status_code == 200
    with django_assert_num_queries(8):
        assert client.get(reverse("blogs:member_blog", args=[member.username])).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(reverse("blogs:space_list", args=[group.slug])).status_code == 200
    client.logout()
    with django_assert_num_queries(1):
        assert client.get(reverse("blogs:feed")).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_history(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    post = blog_services.publish_post(owner, space=group, title="Entrada", body="Primera")
    for number in range(items):
        blog_services.edit_post(owner, post, title="Entrada", body=f"Versión {number}")
    with django_assert_num_queries(7):
        assert client.get(reverse("blogs:history", args=[post.content.pk])).status_code == 200
