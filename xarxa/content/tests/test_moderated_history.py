"""Text a moderator hid, then its author replaced, stays out of the public history after a restore."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.blogs import services as blog_services
from xarxa.content import services as content_services
from xarxa.spaces.models import Membership
from xarxa.spaces.tests.factories import SpaceFactory, add_member
from xarxa.wikis import services as wiki_services
from xarxa.wikis.models import WikiRevision

pytestmark = pytest.mark.django_db
SECRET = "HIDDENBYMODERATIONTOKEN"


@pytest.fixture
def group():
    space = SpaceFactory()
    author, moderator, reader = UserFactory(), UserFactory(), UserFactory()
    add_member(space, author)
    add_member(space, moderator, Membership.Role.MODERATOR)
    add_member(space, reader)
    return space, author, moderator, reader


def test_blog_history_hides_moderated_text_from_readers(client, group):
    space, author, moderator, reader = group
    post = blog_services.publish_post(author, space=space, title="Entrada", body=f"Texto {SECRET}")
    content_services.hide_content(moderator, post.content, "personal data")
    blog_services.edit_post(author, post, title="Entrada", body="Texto corregido")
    content_services.restore_content(moderator, post.content)
    url = reverse("blogs:history", args=[post.content.pk])
    for viewer, sees in ((reader, False), (None, False), (author, True), (moderator, True)):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        assert (SECRET in response.content.decode()) is sees


def test_wiki_history_revision_and_diff_hide_moderated_text_from_readers(client, group):
    space, author, moderator, reader = group
    page = wiki_services.create_page(author, space=space, title="Página", body=f"Texto {SECRET}")
    content_services.hide_content(moderator, page.content, "personal data")
    wiki_services.save_page(author, page, title="Página", body="Texto corregido", base_revision=1)
    content_services.restore_content(moderator, page.content)
    pk = page.content.pk
    first = reverse("wikis:revision", args=[pk, 1])
    for viewer, sees in ((reader, False), (author, True), (moderator, True)):
        client.force_login(viewer)
        history = client.get(reverse("wikis:history", args=[pk])).content.decode()
        assert (f'href="{first}"' in history) is sees
        for url in (first, reverse("wikis:diff", args=[pk]) + "?from=1&to=2"):
            response = client.get(url)
            assert (SECRET in response.content.decode()) is sees, url
            assert response.status_code == (200 if sees else 404)
    with pytest.raises(PermissionDenied):  # nor can a reader bring it back by reverting
        wiki_services.revert_page(reader, page, WikiRevision.objects.get(page=page, number=1))


def test_text_never_hidden_stays_in_the_public_history(client, group):
    space, author, _moderator, reader = group
    post = blog_services.publish_post(author, space=space, title="Entrada", body="Primera versión")
    blog_services.edit_post(author, post, title="Entrada", body="Segunda versión")
    client.force_login(reader)
    assert "Primera versión" in client.get(reverse("blogs:history", args=[post.content.pk])).content.decode()
