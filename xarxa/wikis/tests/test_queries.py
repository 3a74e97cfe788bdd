"""Lists and pages cost the same whatever their length (1 and 3 items, one literal count).

Counts for a signed-in member: 2 of them are the session and the user. `member_in_group` is in conftest.py.
"""

import pytest
from django.urls import reverse

from xarxa.wikis import services as wiki_services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("items", [1, 3])
def test_wiki_indexes(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    for number in range(items):
        top = wiki_services.create_page(owner, space=group, title=f"Página {number}")
        wiki_services.create_page(owner, space=group, title=f"Hija {number}", parent=top)
        wiki_services.create_page(owner, title=f"Abierta {number}", body=f"[[Página {number}]] [[Abierta 0]]")
    with django_assert_num_queries(8):
        assert client.get(reverse("wikis:space_index", args=[group.slug])).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("wikis:index")).status_code == 200
    links = " ".join(f"[[Abierta {n}]]" for n in range(items))
    page = wiki_services.create_page(owner, title="Con enlaces", body=links)
    with django_assert_num_queries(13):
        assert client.get(page.content.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_history(client, django_assert_num_queries, member_in_group, items):
    group, owner, member = member_in_group
    page = wiki_services.create_page(owner, space=group, title="Página", body="Primera")
    for number in range(items):
        wiki_services.save_page(owner, page, title="Página", body=f"Versión {number}", base_revision=number + 1)
    with django_assert_num_queries(8):
        assert client.get(reverse("wikis:history", args=[page.content.pk])).status_code == 200
