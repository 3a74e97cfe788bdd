import re
from html import unescape
from html.parser import HTMLParser
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from PIL import Image

from xarxa.accounts.models import User
from xarxa.accounts.tests.factories import OrganisationFactory, TopicFactory, UserFactory
from xarxa.spaces.models import Membership, Space, SpaceInvitation
from xarxa.spaces.tests.factories import SpaceFactory, add_member
from xarxa.spaces.tests.test_services import snapshot

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def png(width=1600, height=900):
    out = BytesIO()
    Image.new("RGB", (width, height), (11, 95, 107)).save(out, format="PNG")
    return SimpleUploadedFile("cover.png", out.getvalue(), content_type="image/png")


def group_form(**overrides):
    data = {"name": "Gobierno abierto local", "description": "Transparencia municipal.", "visibility": "public",
            "join_policy": "open", "topic_names": "open government", "organisation": "", "country": ""}
    data.update(overrides)
    return data


def test_directory_filters_and_my_groups(client):
    topic = TopicFactory(name="Open data", slug="open-data")
    chile = OrganisationFactory(name="Municipalidad de Santiago", country="CL")
    data_group = SpaceFactory(name="Datos abiertos", owner=UserFactory())
    data_group.topics.add(topic)
    chile_group = SpaceFactory(name="Innovación municipal", organisation=chile, owner=UserFactory())
    catalan = SpaceFactory(name="Administració digital", country="ES", owner=UserFactory())
    member = UserFactory()
    add_member(catalan, member)

    def names(query=""):
        html = client.get(reverse("spaces:directory") + query).content.decode()
        return {g.name for g in (data_group, chile_group, catalan) if g.name in html}

    assert names() == {"Datos abiertos", "Innovación municipal", "Administració digital"}
    assert names("?q=datos") == {"Datos abiertos"}
    assert names("?topic=open-data") == {"Datos abiertos"}
    assert names("?country=CL") == {"Innovación municipal"}
    assert names(f"?organisation={chile.pk}") == {"Innovación municipal"}
    client.force_login(member)
    assert names("?tab=mine") == {"Administració digital"}
    fragment = client.get(reverse("spaces:directory") + "?q=datos", **HTMX).content.decode()
    assert "<html" not in fragment and "Datos abiertos" in fragment


class _Elements(HTMLParser):
    """The start tags of a page or fragment, as (tag, attributes) pairs."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def with_id(self, id_):
        return [tag for tag, attrs in self.tags if attrs.get("id") == id_]


def swap_into_results(page, fragment):
    """The page after htmx puts `fragment` inside its #results section (innerHTML, as the form asks)."""
    opening = re.search(r'<section id="results"[^>]*>', page)
    closing = page.index("</section>", opening.end())
    return page[:opening.end()] + fragment + page[closing:]


def test_filtering_with_htmx_keeps_one_results_section_and_announces_the_count(client):
    """The form swaps the htmx answer *into* #results, so the answer brings no #results or section of its own:
    after any number of filter changes the page still has exactly one #results, with nothing nested in it."""
    SpaceFactory(name="Datos abiertos", country="ES", owner=UserFactory())
    SpaceFactory(name="Innovación municipal", country="CL", owner=UserFactory())
    url = reverse("spaces:directory")
    page = client.get(url).content.decode()
    elements = _Elements(page)
    assert elements.with_id("results") == ["section"]
    assert elements.with_id("results-status") == ["p"]  # the polite live region stays outside the swapped part
    form = next(attrs for tag, attrs in elements.tags if tag == "form" and "hx-get" in attrs)
    assert form["hx-target"] == "#results" and form.get("hx-swap", "innerHTML") == "innerHTML"
    assert form["hx-push-url"] == "true"

    for query, chosen, count in (("?country=ES", 1, 1), ("?country=CL&q=municipal", 2, 1), ("?q=nada", 1, 0)):
        fragment = client.get(url + query, **HTMX).content.decode()
        assert "<html" not in fragment
        assert "<section" not in fragment and 'id="results"' not in fragment
        page = swap_into_results(page, fragment)
        assert _Elements(page).with_id("results") == ["section"]
        results = page[re.search(r'<section id="results"', page).end():]
        assert "<section" not in results.split("</section>")[0]

        found = _Elements(fragment)
        assert found.with_id("results-heading") == ["h2"]
        announced = [attrs for tag, attrs in found.tags if attrs.get("hx-swap-oob") == "innerHTML:#results-status"]
        assert len(announced) == 1
        groups = ngettext("%(counter)s group", "%(counter)s groups", count) % {"counter": count}
        assert fragment.count(groups) == 2  # the heading, and once for the live region
        summary = re.search(r'<summary id="filters-summary"[^>]*hx-swap-oob="true"[^>]*>(.*?)</summary>', fragment)
        filters = ngettext("Filters (%(counter)s chosen)", "Filters (%(counter)s chosen)", chosen)
        assert summary and summary.group(1) == filters % {"counter": chosen}


def test_suggested_groups_share_topics_with_the_member(client):
    topic = TopicFactory(name="Procurement", slug="procurement")
    member = UserFactory()
    member.profile.topics.add(topic)
    suggested = SpaceFactory(name="Compras públicas", owner=UserFactory())
    suggested.topics.add(topic)
    joined = SpaceFactory(name="Ya soy miembro", owner=UserFactory())
    joined.topics.add(topic)
    add_member(joined, member)
    SpaceFactory(name="Otro tema", owner=UserFactory())
    client.force_login(member)
    response = client.get(reverse("spaces:directory"))
    assert [s.name for s in response.context["suggested"]] == ["Compras públicas"]


def test_creating_a_group_with_a_cover(client):
    client.force_login(UserFactory())
    response = client.post(reverse("spaces:create"), {**group_form(), "cover_upload": png()})
    group = Space.objects.get()
    assert response.status_code == 302
    assert group.cover.name.startswith("spaces/covers/") and group.cover.name.endswith(".webp")
    with Image.open(group.cover.open()) as image:
        assert image.size == (1200, 400)


def test_a_bad_cover_or_empty_name_changes_nothing(client):
    client.force_login(UserFactory())
    before = snapshot()
    response = client.post(reverse("spaces:create"),
                           {**group_form(), "cover_upload": SimpleUploadedFile("x.png", b"not an image")})
    assert response.status_code == 200
    assert gettext("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF picture.") in (
        response.content.decode())
    response = client.post(reverse("spaces:create"), group_form(name=" "))
    assert response.context["form"].errors["name"]
    assert snapshot() == before


def test_an_unverified_member_is_told_to_confirm_before_creating(client):
    client.force_login(UserFactory(verified_email=False))
    response = client.get(reverse("spaces:create"), follow=True)
    assert gettext("Confirm your e-mail address before creating a group.") in response.content.decode()


def test_join_and_leave_with_htmx(client):
    group = SpaceFactory(owner=UserFactory())
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("spaces:join", args=[group.slug]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="membership-actions"' in html and reverse("spaces:leave", args=[group.slug]) in html
    assert Membership.objects.filter(space=group, user=member).exists()
    response = client.post(reverse("spaces:leave", args=[group.slug]), **HTMX)
    assert reverse("spaces:join", args=[group.slug]) in response.content.decode()


def test_joining_a_private_open_group_with_htmx_reloads_the_page(client):
    group = SpaceFactory(owner=UserFactory(), visibility=Space.Visibility.PRIVATE)
    client.force_login(UserFactory())
    response = client.post(reverse("spaces:join", args=[group.slug]), **HTMX)
    assert response["HX-Refresh"] == "true"


def test_the_last_owner_is_told_to_hand_over(client):
    owner = UserFactory()
    group = SpaceFactory(owner=owner)
    client.force_login(owner)
    before = snapshot()
    response = client.post(reverse("spaces:leave", args=[group.slug]), follow=True)
    assert gettext("You are the group's only owner. Make another member an owner before leaving.") in (
        unescape(response.content.decode()))
    assert snapshot() == before


def test_managing_roles_and_members_through_the_page(client):
    owner, member, other = UserFactory(), UserFactory(username="mod"), UserFactory(username="gone")
    group = SpaceFactory(owner=owner)
    add_member(group, member)
    add_member(group, other)
    client.force_login(owner)
    assert client.get(reverse("spaces:manage", args=[group.slug])).status_code == 200
    client.post(reverse("spaces:change_role", args=[group.slug, "mod"]), {"role": "moderator"})
    client.post(reverse("spaces:remove_member", args=[group.slug, "gone"]))
    assert Membership.objects.get(user=member).role == "moderator"
    assert not Membership.objects.filter(user=other).exists()
    client.force_login(member)
    assert client.get(reverse("spaces:manage", args=[group.slug])).status_code == 403
    assert client.get(reverse("spaces:edit", args=[group.slug])).status_code == 403


def test_editing_a_group(client):
    owner = UserFactory()
    group = SpaceFactory(owner=owner, name="Antes")
    client.force_login(owner)
    response = client.post(reverse("spaces:edit", args=[group.slug]),
                           group_form(name="Después", visibility="members", join_policy="request"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.visibility, group.join_policy) == ("Después", "members", "request")
    assert group.slug != "despues"  # links stay stable


def test_an_invited_newcomer_signs_up_confirms_and_lands_in_the_group(client):
    owner = UserFactory()
    group = SpaceFactory(owner=owner, name="Laboratorio urbano", visibility=Space.Visibility.SECRET,
                         join_policy=Space.JoinPolicy.INVITATION)
    client.force_login(owner)
    client.post(reverse("spaces:manage", args=[group.slug]), {"username": "", "email": "nueva@example.org"})
    invitation = SpaceInvitation.objects.get()
    client.logout()

    page = client.get(invitation.get_absolute_url())
    assert "Laboratorio urbano" in page.content.decode()
    response = client.post(reverse("account_signup"), {
        "email": "nueva@example.org", "username": "nueva", "password1": "una-clave-muy-larga-42",
        "password2": "una-clave-muy-larga-42", "full_name": "Nueva Persona"})
    assert response.status_code == 302
    newcomer = User.objects.get(username="nueva")
    invitation.refresh_from_db()
    assert invitation.user == newcomer
    assert not Membership.objects.filter(space=group, user=newcomer).exists()  # not before confirming

    address = EmailAddress.objects.get(user=newcomer)
    key = EmailConfirmationHMAC(address).key
    client.post(reverse("account_confirm_email", args=[key]))
    assert Membership.objects.filter(space=group, user=newcomer).exists()
    assert client.get(group.get_absolute_url()).status_code == 200


def test_a_member_follows_the_invitation_link_while_logged_in(client):
    owner, member = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner, join_policy=Space.JoinPolicy.INVITATION)
    from xarxa.spaces.services import invite_to_space

    invitation = invite_to_space(owner, group, email="someone-else@example.org")
    client.force_login(member)
    assert client.get(invitation.get_absolute_url()).status_code == 200
    response = client.post(invitation.get_absolute_url(), {"answer": "accept"})
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert Membership.objects.filter(space=group, user=member).exists()
    assert client.get(invitation.get_absolute_url()).status_code == 404  # used up


def test_anonymous_visitors_are_asked_to_log_in(client):
    group = SpaceFactory(owner=UserFactory())
    html = client.get(group.get_absolute_url()).content.decode()
    assert reverse("account_login") in html


@pytest.mark.parametrize("mode", ["invitation", "approval"])
def test_a_group_invitation_opens_a_closed_network_and_skips_approval(client, settings, mode):
    settings.SIGNUP_MODE = mode
    owner = UserFactory()
    group = SpaceFactory(owner=owner, join_policy=Space.JoinPolicy.INVITATION)
    from xarxa.spaces.services import invite_to_space

    invitation = invite_to_space(owner, group, email="invitada@example.org")
    client.get(invitation.get_absolute_url())
    response = client.post(reverse("account_signup"), {
        "email": "invitada@example.org", "username": "invitada", "password1": "una-clave-muy-larga-42",
        "password2": "una-clave-muy-larga-42", "full_name": "Persona Invitada"})
    assert response.status_code == 302
    assert User.objects.get(username="invitada").is_approved


def test_an_expired_group_invitation_does_not_open_an_invitation_only_network(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.SIGNUP_MODE = "invitation"
    owner = UserFactory()
    group = SpaceFactory(owner=owner, join_policy=Space.JoinPolicy.INVITATION)
    from xarxa.spaces.services import invite_to_space

    invitation = invite_to_space(owner, group, email="tarde@example.org")
    client.get(invitation.get_absolute_url())
    SpaceInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.post(reverse("account_signup"), {
        "email": "tarde@example.org", "username": "tarde", "password1": "una-clave-muy-larga-42",
        "password2": "una-clave-muy-larga-42", "full_name": "Llega Tarde"})
    assert not User.objects.filter(username="tarde").exists()
