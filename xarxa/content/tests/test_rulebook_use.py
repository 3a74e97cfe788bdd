"""Permission decisions come from the rule book: the kind pages, the templates and the services ask the same
named rules, and a refusal is the rule's own words."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content import kinds
from xarxa.content import services as content_services
from xarxa.content.models import Flag
from xarxa.core.rulebook import allowed, refusal
from xarxa.debates.tests.factories import DebateFactory
from xarxa.wikis import services as wiki_services

pytestmark = pytest.mark.django_db


def test_every_kind_with_an_edit_page_names_its_edit_rule():
    for kind in kinds.all_kinds():
        if kind.edit:
            assert kind.edit_rule and refusal(kind.edit_rule), kind.key


def test_nobody_reports_their_own_item_but_may_report_a_reply_on_it(client):
    debate = DebateFactory()
    author = debate.content.author
    with pytest.raises(PermissionDenied, match=gettext("You cannot report your own post.")):
        content_services.flag(author, debate.content, reason=Flag.Reason.values[0])
    assert not Flag.objects.exists()
    client.force_login(author)
    report = reverse("content:flag", args=[debate.content.pk])
    assert f'href="{report}"' not in client.get(debate.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert f'href="{report}"' in client.get(debate.get_absolute_url()).content.decode()


def test_a_rule_can_word_its_refusal_after_the_object(client):
    author, member = UserFactory(), UserFactory()
    page = wiki_services.create_page(author, title="Normas")
    assert refusal("wikis.edit_page", page) == gettext("Only members who can post here can edit this wiki.")
    page.is_protected = True
    page.save()
    assert not allowed(member, "wikis.edit_page", page)
    client.force_login(member)
    response = client.get(reverse("wikis:edit", args=[page.pk]))
    assert response.status_code == 403
    assert gettext("This page is protected: only moderators can edit it.") in response.content.decode()
