"""Wiki pages addressed by their path: readable URLs from the slugs of the page and its parents, unique
among siblings; the old id URLs redirect, also after a rename or a move; the same 404 as before."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.spaces.models import Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member
from xarxa.wikis import services
from xarxa.wikis.models import WikiPage

pytestmark = pytest.mark.django_db


def test_pages_get_readable_paths_from_their_parents(client):
    ana = UserFactory()
    top = services.create_page(ana, title="Guía de datos abiertos", body="Ver [[Licencias]].")
    child = services.create_page(ana, title="Licencias", parent=top, body="Volver a [[Guía de datos abiertos]].")
    assert (top.path, child.path) == ("guia-de-datos-abiertos", "guia-de-datos-abiertos/licencias")
    assert child.get_absolute_url() == "/wiki/guia-de-datos-abiertos/licencias/"
    html = client.get("/wiki/guia-de-datos-abiertos/licencias/").content.decode()
    assert "Licencias" in html and 'href="/wiki/guia-de-datos-abiertos/"' in html  # breadcrumb and [[link]]
    assert 'href="/wiki/guia-de-datos-abiertos/licencias/"' in client.get("/wiki/").content.decode()
    # The old id address redirects to the path, keeping its query.
    response = client.get(reverse("wikis:detail", args=[child.pk]) + "?lang=es")
    assert response.status_code == 302 and response.url == "/wiki/guia-de-datos-abiertos/licencias/?lang=es"


def test_group_wiki_paths_live_under_the_group(client):
    owner = UserFactory()
    group = SpaceFactory(visibility=Space.Visibility.PUBLIC)
    add_member(group, owner)
    page = services.create_page(owner, space=group, title="Actas")
    assert page.get_absolute_url() == f"/groups/{group.slug}/wiki/actas/"
    assert client.get(page.get_absolute_url()).status_code == 200
    assert page.content.get_absolute_url() == page.get_absolute_url()
    # The same path in another wiki is another page, or none.
    assert client.get("/wiki/actas/").status_code == 404
    other = SpaceFactory(visibility=Space.Visibility.PUBLIC)
    assert client.get(f"/groups/{other.slug}/wiki/actas/").status_code == 404


def test_slugs_are_unique_among_siblings_and_reserved_words_avoided():
    ana = UserFactory()
    first = services.create_page(ana, title="Datos: abiertos")
    second = services.create_page(ana, title="Datos abiertos!")  # another title, the same slug
    assert (first.path, second.path) == ("datos-abiertos", "datos-abiertos-2")
    assert services.create_page(ana, title="New").path == "new-2"  # /wiki/new/ is the form
    assert services.create_page(ana, title="Pages").path == "pages-2"
    # Under a parent a reserved word is fine, and the same slug as a page elsewhere too.
    under = services.create_page(ana, title="Datos  abiertos.", parent=first)
    assert under.path == "datos-abiertos/datos-abiertos"
    assert services.create_page(ana, title="数据").path == "page"


def test_renaming_or_moving_rewrites_the_paths_below_and_id_urls_keep_working(client):
    ana = UserFactory()
    top = services.create_page(ana, title="Guía")
    child = services.create_page(ana, title="Licencias", parent=top)
    grandchild = services.create_page(ana, title="CC BY", parent=child)
    other = services.create_page(ana, title="Manual")
    services.save_page(ana, top, title="Guía nueva", body="", base_revision=1)
    child.refresh_from_db()
    grandchild.refresh_from_db()
    assert (top.path, child.path, grandchild.path) == ("guia-nueva", "guia-nueva/licencias",
                                                      "guia-nueva/licencias/cc-by")
    assert client.get("/wiki/guia/licencias/").status_code == 404
    assert client.get(reverse("wikis:detail", args=[grandchild.pk])).url == "/wiki/guia-nueva/licencias/cc-by/"
    services.save_page(ana, child, title="Licencias", body="", base_revision=1, parent=other)
    grandchild.refresh_from_db()
    assert (child.path, grandchild.path) == ("manual/licencias", "manual/licencias/cc-by")
    assert client.get("/wiki/manual/licencias/cc-by/").status_code == 200
    assert client.get(reverse("wikis:detail", args=[child.pk])).url == "/wiki/manual/licencias/"
    # Moved back to the top, it takes a free slug there.
    services.save_page(ana, child, title="Licencias", body="", base_revision=2, parent=None)
    assert child.path == "licencias"


def test_edit_form_rename_redirects_to_the_new_path(client):
    ana = UserFactory()
    page = services.create_page(ana, title="Guía")
    client.force_login(ana)
    response = client.post(reverse("wikis:edit", args=[page.pk]), {"title": "Manual", "body": "x", "parent": "",
                                                                   "comment": "", "base_revision": 1})
    assert response.status_code == 302 and response.url == "/wiki/manual/"


def test_a_refused_move_changes_no_path():
    ana = UserFactory()
    top = services.create_page(ana, title="Guía")
    child = services.create_page(ana, title="Licencias", parent=top)
    with pytest.raises(ValidationError):
        services.save_page(ana, top, title="Guía", body="", base_revision=1, parent=child)
    assert list(WikiPage.objects.order_by("path").values_list("path", flat=True)) == ["guia", "guia/licencias"]


@pytest.mark.parametrize("visibility", [Space.Visibility.PRIVATE, Space.Visibility.SECRET])
def test_path_urls_give_the_same_404_for_missing_and_not_visible(client, visibility):
    owner, outsider = UserFactory(), UserFactory()
    group = SpaceFactory(visibility=visibility)
    add_member(group, owner)
    page = services.create_page(owner, space=group, title="Actas")
    client.force_login(outsider)
    hidden = client.get(page.get_absolute_url())
    missing = client.get(f"/groups/{group.slug}/wiki/nothing-here/")
    by_id = client.get(reverse("wikis:detail", args=[page.pk]))
    assert hidden.status_code == missing.status_code == by_id.status_code == 404
    assert hidden.content == missing.content
    client.force_login(owner)
    assert client.get(page.get_absolute_url()).status_code == 200


def test_pages_made_without_the_services_still_get_a_path():
    from xarxa.content.models import Content

    ana = UserFactory()
    content = Content.objects.create(kind="wiki_page", author=ana, title="Hecha a mano", status="published")
    page = WikiPage.objects.create(content=content, title_key="hecha a mano")
    assert page.path == "hecha-a-mano"
