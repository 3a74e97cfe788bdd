"""One source for "what lists and search show": Content.objects.listed_to, and the same condition in search."""

import pytest
from django.contrib.auth.models import AnonymousUser

from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.content.models import Content
from xarxa.content.tests.factories import ContentFactory
from xarxa.organisations.models import Organisation
from xarxa.search.services import visible_documents
from xarxa.spaces.models import Membership, Space
from xarxa.spaces.tests.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def test_search_lists_exactly_what_content_lists_for_every_viewer():
    member, moderator, author = UserFactory(), UserFactory(), UserFactory()
    spaces = [None, *(SpaceFactory(visibility=v) for v in Space.Visibility.values)]
    for space in spaces[1:]:
        add_member(space, member)
        add_member(space, moderator, Membership.Role.MODERATOR)
    for space in spaces:
        for status in Content.Status.values:
            ContentFactory(space=space, author=author, status=status)
    viewers = [AnonymousUser(), UserFactory(), member, moderator, author, UserFactory(is_staff=True)]
    for viewer in viewers:
        listed = set(Content.objects.listed_to(viewer).values_list("pk", flat=True))
        assert listed == set(Content.objects.visible_to(viewer).published().values_list("pk", flat=True))
        found = set(visible_documents(viewer).filter(content__isnull=False).values_list("content_id", flat=True))
        assert found == listed


def test_organisations_visible_to():
    proposer = UserFactory()
    approved = OrganisationFactory()
    proposed = OrganisationFactory(status=Organisation.Status.PROPOSED, proposed_by=proposer)
    for viewer, expected in ((AnonymousUser(), {approved}), (UserFactory(), {approved}),
                             (proposer, {approved, proposed}), (UserFactory(is_staff=True), {approved, proposed})):
        assert set(Organisation.objects.visible_to(viewer)) == expected
