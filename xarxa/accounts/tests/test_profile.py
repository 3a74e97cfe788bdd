"""Profiles: privacy for each kind of viewer, and bad input that changes nothing."""

from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from xarxa.accounts.models import Profile
from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def image_file(name="photo.png", size=(800, 600), fmt="PNG"):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def profile_form_data(profile, **changes):
    data = {
        "full_name": profile.full_name, "headline": profile.headline, "position": profile.position,
        "organisation": profile.organisation_id or "", "country": profile.country.code or "", "bio": profile.bio,
        "visibility": profile.visibility, "topic_names": "", "links_text": "", "email_language": "es",
    }
    data.update(changes)
    return data


@pytest.fixture
def private_members():
    return {
        visibility: UserFactory(username=f"m-{visibility}", profile__full_name=f"Persona {visibility}",
                                profile__headline=f"Cargo secreto {visibility}", profile__visibility=visibility)
        for visibility in ("everyone", "members", "staff")
    }


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("anonymous", {"everyone"}),
        ("unverified", {"everyone"}),  # "members" means members with a confirmed address
        ("member", {"everyone", "members"}),
        ("staff", {"everyone", "members", "staff"}),
    ],
)
def test_profile_details_follow_the_owners_choice(client, private_members, viewer, sees):
    if viewer != "anonymous":
        viewer_account = UserFactory(is_staff=viewer == "staff", is_approved=viewer != "unapproved")
        if viewer == "unverified":
            EmailAddress.objects.filter(user=viewer_account).update(verified=False)
        client.force_login(viewer_account)
    for visibility, member in private_members.items():
        page = client.get(reverse("accounts:profile", args=[member.username])).content.decode()
        assert f"Persona {visibility}" in page  # the name is always shown, like an author's byline
        assert (f"Cargo secreto {visibility}" in page) == (visibility in sees)
    listing = client.get(reverse("accounts:directory")).content.decode()
    for visibility in private_members:
        assert (f"Cargo secreto {visibility}" in listing) == (visibility in sees)


def test_members_always_see_their_own_profile(client, private_members):
    member = private_members["staff"]
    client.force_login(member)
    page = client.get(reverse("accounts:profile", args=[member.username])).content.decode()
    assert "Cargo secreto staff" in page


def test_directory_filters_never_reveal_hidden_details(client):
    organisation = OrganisationFactory()
    UserFactory(profile__organisation=organisation, profile__visibility="staff", profile__full_name="Oculta Ruiz")
    page = client.get(reverse("accounts:directory"), {"organisation": organisation.pk}).content.decode()
    assert "Oculta Ruiz" not in page


def test_search_engines_are_told_not_to_index_unless_the_member_allows_it(client):
    shy = UserFactory(profile__visibility="everyone", profile__allow_indexing=False)
    open_ = UserFactory(profile__visibility="everyone", profile__allow_indexing=True)
    assert '<meta name="robots" content="noindex">' in client.get(shy.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex">' not in client.get(open_.get_absolute_url()).content.decode()


def test_photo_is_checked_resized_and_stored(client):
    member = UserFactory()
    client.force_login(member)
    data = profile_form_data(member.profile, photo_upload=image_file(size=(1200, 900)))
    response = client.post(reverse("accounts:edit_profile"), data)
    assert response.status_code == 302
    member.profile.refresh_from_db()
    with Image.open(member.profile.photo.path) as stored:
        assert stored.size == (400, 400)
        assert stored.format == "WEBP"


def test_oversized_photo_is_refused_and_nothing_changes(client, settings):
    settings.XARXA_PHOTO_MAX_BYTES = 1000
    member = UserFactory(profile__headline="Antes")
    client.force_login(member)
    data = profile_form_data(member.profile, headline="Después", photo_upload=image_file())
    response = client.post(reverse("accounts:edit_profile"), data)
    assert response.status_code == 200
    assert "La imagen es demasiado grande" in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.headline == "Antes" and not member.profile.photo


def test_a_file_that_is_not_an_image_is_refused(client):
    member = UserFactory()
    client.force_login(member)
    fake = SimpleUploadedFile("cv.png", b"%PDF-1.4 not really a picture", content_type="image/png")
    response = client.post(reverse("accounts:edit_profile"), profile_form_data(member.profile, photo_upload=fake))
    assert response.status_code == 200
    assert "no es una imagen que podamos leer" in response.content.decode()
    member.profile.refresh_from_db()
    assert not member.profile.photo


def test_invalid_link_is_refused_with_its_line_number(client):
    member = UserFactory()
    client.force_login(member)
    data = profile_form_data(member.profile, links_text="https://ok.example.org\njavascript:alert(1)")
    response = client.post(reverse("accounts:edit_profile"), data)
    assert response.status_code == 200
    assert "La línea 2 no es una dirección web válida" in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.links == []


def test_bio_markdown_is_rendered_and_sanitised():
    member = UserFactory()
    profile = member.profile
    profile.bio = "Hola **mundo** <script>alert(1)</script> [x](javascript:alert(2))"
    profile.save()
    assert "<strong>mundo</strong>" in profile.bio_html
    assert "<script>" not in profile.bio_html
    assert "href=\"javascript" not in profile.bio_html


def test_topics_are_shared_tags(client):
    first, second = UserFactory(), UserFactory()
    for member in (first, second):
        client.force_login(member)
        client.post(reverse("accounts:edit_profile"),
                    profile_form_data(member.profile, topic_names="Datos abiertos, compra pública"))
    assert set(first.profile.topics.values_list("slug", flat=True)) == {"datos-abiertos", "compra-publica"}
    assert list(first.profile.topics.order_by("slug")) == list(second.profile.topics.order_by("slug"))


def test_moderator_verifies_a_member_by_hand(client):
    moderator, member = UserFactory(is_staff=True), UserFactory()
    client.force_login(moderator)
    client.post(reverse("accounts:set_verification", args=[member.username]), {"verified": "1"})
    member.profile.refresh_from_db()
    assert member.profile.verification == Profile.Verification.MODERATOR
    assert member.profile.verified_by == moderator


def test_a_member_cannot_verify_others(client):
    member, other = UserFactory(), UserFactory()
    client.force_login(member)
    response = client.post(reverse("accounts:set_verification", args=[other.username]), {"verified": "1"})
    assert response.status_code == 403
    other.profile.refresh_from_db()
    assert not other.profile.is_verified_employee


def test_deactivated_members_have_no_profile_page(client):
    gone = UserFactory(is_active=False)
    assert client.get(reverse("accounts:profile", args=[gone.username])).status_code == 404
