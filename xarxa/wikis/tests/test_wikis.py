"""What members do with wikis: write pages, link them, keep every revision, compare, revert, and
never lose an edit to someone saving at the same time."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Activity
from xarxa.content.models import Content
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member
from xarxa.wikis import services
from xarxa.wikis.diff import word_diff
from xarxa.wikis.models import WikiPage, WikiRevision

pytestmark = pytest.mark.django_db


def state():
    return (list(Content.objects.order_by("pk").values_list("pk", "title", "body")),
            list(WikiPage.objects.order_by("pk").values_list("pk", "revision_number", "is_protected", "parent")),
            WikiRevision.objects.count())


def test_write_a_page_with_links_red_for_missing_pages(client):
    ana = UserFactory()
    services.create_page(ana, title="Datos abiertos", body="Ver portales.")
    client.force_login(ana)
    response = client.post(reverse("wikis:create"), {"title": "Guía", "body": "Lee [[datos  ABIERTOS]] y "
                           "[[Licencias|las licencias]].", "parent": "", "comment": "", "language": "es"})
    page = WikiPage.objects.select_related("content").get(content__title="Guía")
    assert response.status_code == 302 and response.url == page.content.get_absolute_url()
    html = client.get(page.content.get_absolute_url()).content.decode()
    target = WikiPage.objects.get(content__title="Datos abiertos")
    assert f'href="{target.content.get_absolute_url()}"' in html
    assert 'href="/wiki/new/?title=Licencias"' in html and ">las licencias</a>" in html
    # One click on the red link opens the form with the title filled in.
    assert 'value="Licencias"' in client.get("/wiki/new/?title=Licencias").content.decode()
    assert Activity.objects.filter(verb="published", content=page.content).exists()


def test_revisions_history_diff_and_revert(client):
    ana, ben = UserFactory(), UserFactory()
    page = services.create_page(ana, title="Guía", body="El portal publica datos cada mes.")
    services.save_page(ben, page, title="Guía", body="El portal publica datos abiertos cada semana.",
                       comment="Más frecuente", base_revision=1)
    assert page.revision_number == 2
    history = client.get(reverse("wikis:history", args=[page.pk])).content.decode()
    assert "Más frecuente" in history
    old = client.get(reverse("wikis:revision", args=[page.pk, 1])).content.decode()
    assert "cada mes" in old
    diff = client.get(reverse("wikis:diff", args=[page.pk]) + "?from=1&to=2").content.decode()
    assert "<ins>abiertos </ins>" in diff or "<ins>abiertos</ins>" in diff
    assert "<del>mes.</del>" in diff and "<ins>semana.</ins>" in diff
    assert client.get(reverse("wikis:diff", args=[page.pk]) + "?from=1&to=9").status_code == 404

    client.force_login(ana)
    client.post(reverse("wikis:revert", args=[page.pk, 1]))
    page.refresh_from_db()
    page.content.refresh_from_db()
    assert page.revision_number == 3 and page.content.body == "El portal publica datos cada mes."
    assert WikiRevision.objects.get(page=page, number=3).comment == gettext("Reverted to revision %(number)d") % {
        "number": 1}
    assert Activity.objects.filter(verb="edited", content=page.content).count() == 2


def test_the_second_of_two_simultaneous_saves_is_refused_with_the_diff(client):
    ana, ben = UserFactory(), UserFactory()
    page = services.create_page(ana, title="Guía", body="Uno dos tres.")
    client.force_login(ana)
    client.get(reverse("wikis:edit", args=[page.pk]))  # both open the form at revision 1
    services.save_page(ben, page, title="Guía", body="Uno dos tres cuatro.", base_revision=1)
    before = state()
    response = client.post(reverse("wikis:edit", args=[page.pk]),
                           {"title": "Guía", "body": "Uno DOS tres.", "parent": "", "comment": "",
                            "base_revision": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert gettext("Someone else saved this page while you were editing it. Your text has not been "
                   "saved: look at what changed, then merge your changes and save again.")[:30] in html
    assert re.search(r"<ins>[^<]*cuatro\.</ins>", html) and "Uno DOS tres." in html  # their text is kept in the form
    assert 'name="base_revision" value="2"' in html
    assert state() == before
    # Having seen the change, saving again works.
    response = client.post(reverse("wikis:edit", args=[page.pk]), {"title": "Guía", "body": "Uno DOS tres cuatro.",
                                                                    "parent": "", "comment": "", "base_revision": "2"})
    assert response.status_code == 302


def test_protected_pages_only_for_moderators_and_group_wikis_for_members(client):
    owner, member, outsider = UserFactory(), UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    add_member(group, member)
    page = services.create_page(member, space=group, title="Normas", body="Sé amable.")
    with pytest.raises(PermissionDenied):
        services.create_page(outsider, space=group, title="Otra")
    with pytest.raises(PermissionDenied):
        services.save_page(outsider, page, title="Normas", body="x", base_revision=1)
    with pytest.raises(PermissionDenied):
        services.set_protected(member, page, True)
    services.set_protected(owner, page, True)  # the owner moderates the group
    before = state()
    with pytest.raises(PermissionDenied, match=gettext("This page is protected: only moderators can edit it.")):
        services.save_page(member, page, title="Normas", body="x", base_revision=1)
    assert state() == before
    services.save_page(owner, page, title="Normas", body="Sé amable siempre.", base_revision=1)
    assert Membership.objects.filter(space=group).count() == 2


def test_child_pages_and_bad_input(client):
    ana = UserFactory()
    top = services.create_page(ana, title="Manual")
    child = services.create_page(ana, title="Capítulo 1", parent=top)
    html = client.get(child.content.get_absolute_url()).content.decode()
    assert f'href="{top.content.get_absolute_url()}"' in html  # the path
    assert "Capítulo 1" in client.get(top.content.get_absolute_url()).content.decode()
    before = state()
    with pytest.raises(ValidationError):
        services.create_page(ana, title="manual ")  # the same title, differently written
    with pytest.raises(ValidationError):
        services.save_page(ana, top, title="Manual", body="", base_revision=1, parent=child)  # a loop
    with pytest.raises(ValidationError):
        services.create_page(ana, title="   ")
    assert state() == before
    assert "Capítulo 1" in client.get(reverse("wikis:index")).content.decode()


def test_word_diff_is_readable():
    pieces = word_diff("a b c", "a x c")
    assert [(p.kind, p.text) for p in pieces] == [("same", "a "), ("removed", "b"), ("added", "x"), ("same", " c")]


def test_the_new_page_form_lists_as_parents_only_pages_the_member_may_read(client):
    owner, outsider = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner, visibility=Space.Visibility.PRIVATE, join_policy=Space.JoinPolicy.REQUEST)
    services.create_page(owner, space=group, title="Acta secreta del grupo")
    client.force_login(outsider)
    response = client.get(reverse("wikis:space_create", args=[group.slug]))
    html = response.content.decode()
    assert "Acta secreta del grupo" not in html
    assert gettext("Only members of this group can write in its wiki.") in html
    response = client.post(reverse("wikis:space_create", args=[group.slug]),
                           {"title": "Intrusa", "body": "", "parent": "", "comment": "", "language": "es"})
    assert response.status_code == 403 and not WikiPage.objects.filter(content__title="Intrusa").exists()


def test_the_wiki_keeps_its_addresses():
    assert reverse("wikis:index") == "/wiki/" and reverse("wikis:create") == "/wiki/new/"
    assert reverse("wikis:edit", args=[3]) == "/wiki/pages/3/edit/"
    assert reverse("wikis:space_index", args=["g"]) == "/groups/g/wiki/"
    assert reverse("wikis:space_create", args=["g"]) == "/groups/g/wiki/new/"
