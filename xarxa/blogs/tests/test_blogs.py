"""What members do with blogs: write, draft, schedule, edit (history kept), and read the feeds."""

from datetime import timedelta
from io import BytesIO

import feedparser
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Activity
from xarxa.blogs import services
from xarxa.blogs.models import Post, PostRevision
from xarxa.blogs.tests.factories import PostFactory
from xarxa.content.models import Content
from xarxa.core.testing import make_deferred_tasks_due, run_queued_tasks
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def state():
    return (list(Content.objects.order_by("pk").values_list("pk", "title", "body", "status")),
            list(Post.objects.order_by("pk").values_list("pk", "publish_at", "cover")), PostRevision.objects.count())


def png():
    out = BytesIO()
    Image.new("RGB", (600, 200), "teal").save(out, format="PNG")
    return SimpleUploadedFile("portada.png", out.getvalue(), content_type="image/png")


def post_data(**overrides):
    data = {"title": "Lo que aprendimos abriendo datos", "body": "Primero **publicamos** el inventario. " * 20,
            "language": "es", "topic_names": "open data", "publish_at": ""}
    data.update(overrides)
    return data


def test_write_and_publish_a_post_on_my_blog_with_a_cover(client):
    ana = UserFactory(username="ana")
    client.force_login(ana)
    response = client.post(reverse("blogs:create"), {**post_data(), "cover": png(), "publish": ""})
    post = Post.objects.select_related("content").get()
    assert response.status_code == 302 and response.url == post.content.get_absolute_url()
    assert post.content.is_published and post.content.space is None and post.cover.name.endswith(".webp")
    assert post.excerpt.startswith("Primero publicamos el inventario.") and post.excerpt.endswith("…")
    assert len(post.excerpt) <= 281
    assert Activity.objects.filter(actor=ana, verb="published", content=post.content).exists()
    blog = client.get(reverse("blogs:member_blog", args=["ana"])).content.decode()
    assert "Lo que aprendimos abriendo datos" in blog and post.excerpt in blog
    client.logout()
    assert "Lo que aprendimos" in client.get(reverse("blogs:list")).content.decode()


def test_a_draft_is_only_for_its_author_until_published(client):
    ana, luis = UserFactory(username="ana"), UserFactory()
    client.force_login(ana)
    client.post(reverse("blogs:create"), {**post_data(title="Borrador secreto"), "save_draft": ""})
    post = Post.objects.select_related("content").get()
    assert post.content.status == Content.Status.DRAFT and not Activity.objects.exists()
    assert "Borrador secreto" in client.get(reverse("blogs:member_blog", args=["ana"])).content.decode()
    client.force_login(luis)
    assert client.get(post.content.get_absolute_url()).status_code == 404
    assert "Borrador secreto" not in client.get(reverse("blogs:member_blog", args=["ana"])).content.decode()
    client.force_login(ana)
    client.post(reverse("blogs:publish", args=[post.pk]))
    client.force_login(luis)
    assert client.get(post.content.get_absolute_url()).status_code == 200


def test_a_scheduled_post_is_published_by_the_task_when_its_time_comes(client):
    ana = UserFactory()
    when = timezone.now() + timedelta(hours=3)
    post = services.publish_post(ana, title="Programado", body="Hola", publish_at=when)
    assert post.content.status == Content.Status.SCHEDULED and post.is_scheduled
    run_queued_tasks()  # not due yet
    post.content.refresh_from_db()
    assert post.content.status == Content.Status.SCHEDULED
    assert services.publish_due_posts(now=when + timedelta(seconds=1)) == 1
    post.content.refresh_from_db()
    assert post.content.is_published
    assert Activity.objects.filter(verb="published", content=post.content).count() == 1


def test_the_queued_task_publishes_due_posts(django_capture_on_commit_callbacks):
    when = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.publish_post(UserFactory(), title="Más tarde", body="x", publish_at=when)
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    make_deferred_tasks_due()
    run_queued_tasks()
    post.content.refresh_from_db()
    assert post.content.is_published


def test_a_publication_time_in_the_past_is_refused(client):
    client.force_login(UserFactory())
    before = state()
    response = client.post(reverse("blogs:create"), {**post_data(publish_at="2001-01-01T10:00"), "publish": ""})
    assert response.status_code == 400
    assert gettext("Choose a publication time in the future, or leave it empty to publish now.") in \
        response.content.decode()
    assert state() == before


def test_a_bad_cover_is_refused_and_changes_nothing(client):
    client.force_login(UserFactory())
    before = state()
    fake = SimpleUploadedFile("portada.png", b"not an image", content_type="image/png")
    response = client.post(reverse("blogs:create"), {**post_data(), "cover": fake, "publish": ""})
    assert response.status_code == 400
    assert state() == before


def test_editing_keeps_the_history(client):
    ana = UserFactory()
    post = services.publish_post(ana, title="Versión uno", body="Texto original")
    client.force_login(ana)
    response = client.post(reverse("blogs:edit", args=[post.pk]),
                           {"title": "Versión dos", "body": "Texto nuevo", "topic_names": ""})
    assert response.status_code == 302
    post.content.refresh_from_db()
    assert (post.content.title, post.content.body) == ("Versión dos", "Texto nuevo")
    history = client.get(reverse("blogs:history", args=[post.pk])).content.decode()
    assert "Versión uno" in history and "Texto original" in history
    client.force_login(UserFactory())
    assert client.get(reverse("blogs:edit", args=[post.pk])).status_code == 403


def test_group_blog_only_for_members(client):
    group = SpaceFactory(owner=UserFactory(), slug="gobierno")
    member, outsider = UserFactory(), UserFactory()
    add_member(group, member)
    client.force_login(outsider)
    before = state()
    assert client.post(reverse("blogs:space_create", args=["gobierno"]), {**post_data(), "publish": ""}
                       ).status_code == 403
    assert state() == before
    client.force_login(member)
    client.post(reverse("blogs:space_create", args=["gobierno"]), {**post_data(title="Del grupo"), "publish": ""})
    assert "Del grupo" in client.get(reverse("blogs:space_list", args=["gobierno"])).content.decode()


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception  # well-formed XML
    return feed


def test_feeds_are_valid_with_absolute_links_and_only_public_posts(client):
    ana = UserFactory(username="ana")
    public = SpaceFactory(owner=ana, slug="publico")
    secret = SpaceFactory(owner=ana, slug="secreto", visibility=Space.Visibility.SECRET)
    mine = PostFactory(content__author=ana, content__title="Mi entrada & más", content__body_html="<p>Hola</p>")
    PostFactory(content__author=ana, content__space=public, content__title="Entrada del grupo")
    PostFactory(content__author=ana, content__space=secret, content__title="Entrada secreta")
    PostFactory(content__author=ana, content__title="Borrador", content__status=Content.Status.DRAFT)
    client.force_login(ana)  # feeds ignore who asks: they are always the anonymous view

    feed = parse_feed(client, reverse("blogs:feed"))
    assert feed.version == "rss20"
    assert sorted(e.title for e in feed.entries) == ["Entrada del grupo", "Mi entrada & más"]
    entry = next(e for e in feed.entries if e.title == "Mi entrada & más")
    assert entry.link == f"http://testserver{mine.content.get_absolute_url()}"
    assert entry.author == ana.display_name and "Hola" in entry.summary and entry.published_parsed
    assert feed.feed.link.startswith("http://testserver/")

    atom = parse_feed(client, reverse("blogs:atom_feed"))
    assert atom.version == "atom10" and len(atom.entries) == 2
    assert [e.title for e in parse_feed(client, reverse("blogs:member_feed", args=["ana"])).entries] == \
        ["Mi entrada & más"]
    assert [e.title for e in parse_feed(client, reverse("blogs:space_feed", args=["publico"])).entries] == \
        ["Entrada del grupo"]
    assert client.get(reverse("blogs:space_feed", args=["secreto"])).status_code == 404
    assert services.excerpt_of("<p>a &amp; b</p>") == "a & b"
    assert AnonymousUser().is_anonymous
