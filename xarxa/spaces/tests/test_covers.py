"""Cover images are exactly as visible as the group or post they illustrate."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from xarxa.accounts.tests.factories import UserFactory
from xarxa.blogs.tests.factories import PostFactory
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def webp():
    buffer = BytesIO()
    Image.new("RGB", (12, 4), (10, 90, 100)).save(buffer, format="WEBP")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def secret_group():
    owner = UserFactory()
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.SECRET, join_policy=Space.JoinPolicy.INVITATION)
    group.cover.save("cover.webp", webp())
    return group, owner


def test_a_secret_groups_cover_is_served_to_members_only(client, secret_group):
    group, owner = secret_group
    url = reverse("spaces:cover", args=[group.slug])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, max-age=3600"
    page = client.get(group.get_absolute_url()).content.decode()
    assert url in page and "/media/" not in page  # the page never names the stored file


def test_a_private_groups_post_cover_is_served_to_its_readers_only(client, secret_group):
    group, owner = secret_group
    post = PostFactory(content__space=group, content__author=owner)
    post.cover.save("post.webp", webp())
    url = reverse("blogs:cover", args=[post.content_id])
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
    assert url in client.get(post.content.get_absolute_url()).content.decode()


def test_a_group_without_a_cover_answers_404(client):
    group = SpaceFactory()
    assert client.get(reverse("spaces:cover", args=[group.slug])).status_code == 404
