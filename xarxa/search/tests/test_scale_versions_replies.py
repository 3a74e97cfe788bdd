"""A search's cost bounded as matches grow (capped counts, a bounded candidate set) and honest about it;
one result per item whatever its language versions; replies finding their item. Both backends."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.debates.tests.factories import DebateFactory
from xarxa.search import services
from xarxa.search.models import SearchDocument
from xarxa.spaces import services as space_services
from xarxa.spaces.models import Space

pytestmark = pytest.mark.django_db


def debate(title, body="", language="es", author=None, **content):
    extra = {"content__author": author} if author else {}
    return DebateFactory(content__title=title, content__body=body, content__language=language, **extra,
                         **{f"content__{k}": v for k, v in content.items()}).content


def aged(item, days):
    Content.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(days=days))
    services.index_content(Content.objects.get(pk=item.pk))


@pytest.fixture
def small_bounds(monkeypatch):
    monkeypatch.setattr(services, "COUNT_LIMIT", 3)
    monkeypatch.setattr(services, "CANDIDATES", 4)


# Bounded cost, honest counts and pages ---------------------------------------------------------------

def test_counts_stop_at_the_limit_and_say_so(small_bounds):
    for n in range(6):
        debate(f"Gobierno abierto {n}")
    result = services.search(UserFactory(), "gobierno")
    assert result.counts == {"debate": 3} and result.more == {"debate"}
    assert result.total == 3 and result.total_is_more and result.is_limited


def test_only_the_newest_candidates_are_ranked_and_paged(small_bounds):
    oldest = debate("Gobierno", "El título coincide mejor que ninguno.")
    aged(oldest, 90)
    newest = [debate(f"Notas {n}", "Hablamos de gobierno entre muchas otras cosas del día.") for n in range(5)]
    result = services.search(UserFactory(), "gobierno", per_page=3)
    assert result.ranked == 4 and result.page.paginator.num_pages == 2
    shown = [row.content_id for row in result.rows]
    shown += [row.content_id for row in services.search(UserFactory(), "gobierno", page=2, per_page=3).rows]
    assert oldest.pk not in shown and set(shown) == {item.pk for item in newest[1:]}


def test_the_page_shows_capped_counts_and_explains_the_limit(client, small_bounds):
    for n in range(5):
        debate(f"Movilidad {n}")
    html = client.get(reverse("search:search"), {"q": "movilidad"}).content.decode()
    assert "3+" in html and html.count('class="search-result"') == 4
    assert "newest 4 matches" in html or "4" in html


def test_below_the_limits_counts_are_exact_and_every_match_is_ranked(small_bounds):
    old = debate("Vivienda", "Vivienda social.")
    aged(old, 300)
    debate("Otra cosa", "Se habla de vivienda de pasada, al final de un texto bastante más largo.")
    result = services.search(UserFactory(), "vivienda")
    assert result.total == 2 and not result.total_is_more and not result.is_limited
    assert result.rows[0].content_id == old.pk  # the best match wins, however old


def test_a_kind_filter_still_finds_its_newest_matches_behind_many_newer_ones_of_another(small_bounds):
    members = [UserFactory(profile__full_name=f"Ramona Gobierno {n}") for n in range(2)]
    SearchDocument.objects.filter(user__in=members).update(date=timezone.now() - timedelta(days=30))
    for n in range(8):  # newer than the members: they fill the capped sample of the newest matches
        debate(f"Gobierno abierto {n}")
    result = services.search(UserFactory(), "gobierno", {"kind": "member"})
    assert result.counts == {"debate": 3, "member": 2} and result.more == {"debate"}
    assert result.total == 2 and not result.total_is_more
    assert {row.user_id for row in result.rows} == {member.pk for member in members}


# One result per item, in the reader's language -------------------------------------------------------

@pytest.fixture
def translated():
    author = UserFactory()
    original = debate("Transparencia municipal", "Cuentas claras en el ayuntamiento.", author=author)
    version = content_services.add_translation(author, original, language="pt", title="Transparência municipal",
                                               body="Contas claras na prefeitura.")
    return original, version


def test_versions_of_one_item_show_as_one_result_in_the_readers_language(translated):
    original, version = translated
    reader = UserFactory()
    in_spanish = services.search(reader, "transparencia", language="es")
    assert [row.content_id for row in in_spanish.rows] == [original.pk] and in_spanish.counts == {"debate": 1}
    in_portuguese = services.search(reader, "transparencia", language="pt")
    assert [row.content_id for row in in_portuguese.rows] == [version.pk] and in_portuguese.total == 1
    # A reader of a language with no version sees the best-ranked matching version, once.
    assert len(services.search(reader, "transparencia", language="en").rows) == 1


def test_each_version_stays_searchable_in_its_own_language(translated):
    original, version = translated
    reader = UserFactory()
    assert [row.content_id for row in services.search(reader, "prefeitura", language="es").rows] == [version.pk]
    assert [row.content_id for row in services.search(reader, "ayuntamiento", language="pt").rows] == [original.pk]


def test_the_page_follows_the_interface_language(client, translated):
    original, version = translated
    html = client.get(reverse("search:search"), {"q": "transparencia"}, HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert html.count('class="search-result"') == 1 and "Transparência" in html


# Replies find their item -----------------------------------------------------------------------------

def test_a_reply_finds_its_item_until_hidden_or_deleted():
    item = debate("Presupuesto de la ciudad", "Texto.")
    replier, moderator, reader = UserFactory(), UserFactory(is_staff=True), UserFactory()
    comment = content_services.add_comment(replier, item, "Propongo usar contabilidad analítica.")
    assert [row.content_id for row in services.search(reader, "contabilidad analitica").rows] == [item.pk]
    content_services.edit_comment(replier, comment, "Mejor un cuadro de mando.")
    assert services.search(reader, "contabilidad").rows == []
    assert [row.content_id for row in services.search(reader, "cuadro mando").rows] == [item.pk]
    content_services.hide_comment(moderator, comment)
    assert services.search(reader, "cuadro").rows == []
    content_services.restore_comment(moderator, comment)
    assert services.search(reader, "cuadro").total == 1
    content_services.delete_comment(replier, comment)
    assert services.search(reader, "cuadro").rows == []
    assert services.search(reader, "presupuesto").total == 1


def test_a_reply_in_a_private_group_is_found_only_by_who_may_read_the_item():
    owner, outsider = UserFactory(), UserFactory()
    group = space_services.create_space(owner, name="Equipo", visibility=Space.Visibility.PRIVATE)
    item = debate("Reunión interna", space=group)
    content_services.add_comment(owner, item, "Hablamos del expediente confidencial.")
    assert services.search(outsider, "expediente").rows == [] and services.search(outsider, "expediente").counts == {}
    assert [row.content_id for row in services.search(owner, "expediente").rows] == [item.pk]


def test_deleting_an_item_with_replies_deletes_its_document():
    item = debate("Con respuestas")
    content_services.add_comment(UserFactory(), item, "Una respuesta.")
    pk = item.pk
    item.delete()
    assert not SearchDocument.objects.filter(content_id=pk).exists() and SearchDocument.objects.exists()


def test_the_rebuild_indexes_visible_replies_only():
    from django.core.management import call_command

    item = debate("Reciclaje")
    moderator = UserFactory(is_staff=True)
    content_services.add_comment(UserFactory(), item, "Compostaje comunitario.")
    hidden = content_services.add_comment(UserFactory(), item, "Publicidad engañosa.")
    content_services.hide_comment(moderator, hidden)
    call_command("rebuild_search_index", verbosity=0)
    reader = UserFactory()
    assert services.search(reader, "compostaje").total == 1 and services.search(reader, "publicidad").total == 0
