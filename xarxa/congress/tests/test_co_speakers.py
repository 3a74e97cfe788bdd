import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import speakers
from xarxa.congress.models import CoSpeaker, Phase, Proposal
from xarxa.congress.tests.factories import edition_in, proposal_for
from xarxa.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def proposal():
    edition = edition_in(Phase.CALL)
    return proposal_for(edition, UserFactory())


def fresh(proposal):
    return Proposal.objects.select_related("content", "edition__space").get(pk=proposal.pk)


def test_the_author_invites_by_username_the_invitee_confirms_and_shows_on_the_proposal(client, proposal):
    author, colleague = proposal.content.author, UserFactory()
    client.force_login(author)
    client.post(reverse("congress:invite_co_speaker", args=[proposal.pk]), {"invitee": f"@{colleague.username}"})
    invitation = CoSpeaker.objects.get(proposal=proposal)
    assert invitation.user == colleague and invitation.status == CoSpeaker.Status.PENDING
    assert Notification.objects.filter(recipient=colleague, kind=Kind.CONGRESS).exists()
    page = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert [row.pk for row in page.context["pending_co_speakers"]] == [invitation.pk]
    assert page.context["co_speakers"] == []

    client.force_login(colleague)
    listing = client.get(reverse("congress:speaking"), HTTP_ACCEPT_LANGUAGE="en")
    assert proposal.content.title in listing.content.decode()
    client.post(reverse("congress:answer_co_speaking", args=[invitation.pk]), {"answer": "confirm"})
    invitation.refresh_from_db()
    assert invitation.status == CoSpeaker.Status.CONFIRMED
    assert Notification.objects.filter(recipient=author, kind=Kind.CONGRESS, detail="co_speaker_confirmed").exists()
    page = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert colleague.display_name in page.content.decode()
    assert page.context["pending_co_speakers"] == []  # only the author sees who is still invited


def test_a_confirmed_co_speaker_edits_the_proposal_while_the_call_is_open(client, proposal):
    colleague = UserFactory()
    invitation = speakers.invite_co_speaker(proposal.content.author, proposal, username=colleague.username)
    speakers.answer_invitation(colleague, invitation, confirm=True)
    client.force_login(colleague)
    edition = proposal.edition
    response = client.post(reverse("congress:edit", args=[proposal.pk]), {
        "title": "Un título mejor", "abstract": "Otro resumen.", "description": "Más detalle.",
        "session_format": edition.formats.first().pk, "track": "", "language": "es",
        "audience_level": "experts", "notes_for_committee": ""})
    assert response.status_code == 302
    proposal = fresh(proposal)
    assert proposal.content.title == "Un título mejor" and proposal.audience_level == "experts"
    assert proposal.content.author != colleague  # still the author's proposal


def test_an_invited_but_unconfirmed_member_cannot_edit(client, proposal):
    colleague = UserFactory()
    speakers.invite_co_speaker(proposal.content.author, proposal, username=colleague.username)
    client.force_login(colleague)
    assert client.get(reverse("congress:edit", args=[proposal.pk])).status_code == 403


def test_an_e_mail_invitation_binds_only_through_a_verified_address(client, proposal,
                                                                  django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    author = proposal.content.author
    with django_capture_on_commit_callbacks(execute=True):
        invitation = speakers.invite_co_speaker(author, proposal, email="Marta@Example.net")
    assert invitation.user is None and invitation.email == "marta@example.net"
    assert mail.outbox[-1].to == ["marta@example.net"]
    # Someone who typed the address at sign-up without confirming it sees nothing and cannot answer.
    pretender = UserFactory(email="marta@example.net")
    EmailAddress.objects.filter(user=pretender).update(verified=False)
    assert list(speakers.invitations_for(pretender)) == []
    with pytest.raises(PermissionDenied):
        speakers.access_invitation(pretender, invitation.pk)
    client.force_login(pretender)
    client.post(reverse("congress:answer_co_speaking", args=[invitation.pk]), {"answer": "confirm"})
    invitation.refresh_from_db()
    assert invitation.status == CoSpeaker.Status.PENDING and invitation.user is None
    # Once the address is verified, the invitation is theirs to answer.
    EmailAddress.objects.filter(user=pretender).update(verified=True)
    assert [row.pk for row in speakers.invitations_for(pretender)] == [invitation.pk]
    speakers.answer_invitation(pretender, speakers.access_invitation(pretender, invitation.pk), confirm=True)
    invitation.refresh_from_db()
    assert invitation.user == pretender and invitation.status == CoSpeaker.Status.CONFIRMED


def test_declining_leaves_the_proposal_as_it_was(client, proposal):
    colleague = UserFactory()
    invitation = speakers.invite_co_speaker(proposal.content.author, proposal, username=colleague.username)
    client.force_login(colleague)
    client.post(reverse("congress:answer_co_speaking", args=[invitation.pk]), {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == CoSpeaker.Status.DECLINED
    assert speakers.speakers_of(fresh(proposal)) == [proposal.content.author]


def test_the_author_removes_a_co_speaker_and_they_can_no_longer_edit(proposal):
    colleague = UserFactory()
    invitation = speakers.invite_co_speaker(proposal.content.author, proposal, username=colleague.username)
    speakers.answer_invitation(colleague, invitation, confirm=True)
    speakers.remove_co_speaker(proposal.content.author, invitation)
    from xarxa.congress import rules

    assert not rules.can_edit_proposal(colleague, fresh(proposal))


def test_only_the_author_invites_and_removes(proposal):
    colleague, stranger = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        speakers.invite_co_speaker(stranger, proposal, username=colleague.username)
    invitation = speakers.invite_co_speaker(proposal.content.author, proposal, username=colleague.username)
    speakers.answer_invitation(colleague, invitation, confirm=True)
    with pytest.raises(PermissionDenied):
        speakers.remove_co_speaker(colleague, invitation)
    assert CoSpeaker.objects.get().status == CoSpeaker.Status.CONFIRMED


def test_bad_invitations_are_refused_with_a_clear_message_and_change_nothing(client, proposal):
    author, colleague = proposal.content.author, UserFactory()
    speakers.invite_co_speaker(author, proposal, username=colleague.username)
    for data, code in [({"username": colleague.username}, "already_invited"), ({"username": "nobody-here"},
                       "unknown_member"), ({"username": author.username}, "self"), ({"email": "not-an-address"},
                       "email"), ({}, "invitee")]:
        with pytest.raises(ValidationError) as refused:
            speakers.invite_co_speaker(author, proposal, **data)
        assert refused.value.code == code
    assert CoSpeaker.objects.count() == 1
    client.force_login(author)
    response = client.post(reverse("congress:invite_co_speaker", args=[proposal.pk]), {"invitee": "nobody-here"},
                           HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "There is no member with the username" in response.content.decode()


def test_no_invitations_once_the_call_is_closed(proposal):
    edition = proposal.edition
    from datetime import timedelta

    edition.vote_opens_at = edition.call_opens_at + timedelta(hours=1)
    edition.save()
    with pytest.raises(PermissionDenied):
        speakers.invite_co_speaker(proposal.content.author, fresh(proposal), username=UserFactory().username)
    assert not CoSpeaker.objects.exists()


def test_the_notifications_say_what_happened(client, proposal):
    from xarxa.notifications.texts import describe

    author, colleague = proposal.content.author, UserFactory()
    invitation = speakers.invite_co_speaker(author, proposal, username=colleague.username)
    told = Notification.objects.get(recipient=colleague)
    assert describe(told) == f"{author.display_name} invites you to co-present “{proposal.content.title}”"
    assert told.url == reverse("congress:speaking")
    speakers.answer_invitation(colleague, invitation, confirm=False)
    told = Notification.objects.get(recipient=author)
    assert describe(told) == f"{colleague.display_name} declined to co-present “{proposal.content.title}”"
    client.force_login(colleague)
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "invites you to co-present" in page.content.decode()


def test_an_address_and_a_username_invitation_to_the_same_member_confirm_once(proposal):
    author, colleague = proposal.content.author, UserFactory()
    by_name = speakers.invite_co_speaker(author, proposal, username=colleague.username)
    by_address = speakers.invite_co_speaker(author, proposal, email=colleague.email)
    assert by_address.user is None  # already invited: the address binds to nobody new
    with pytest.raises(ValidationError) as refused:
        speakers.answer_invitation(colleague, by_address, confirm=True)
    assert refused.value.code == "already_invited"
    speakers.answer_invitation(colleague, by_name, confirm=True)
    assert CoSpeaker.objects.filter(status=CoSpeaker.Status.CONFIRMED).count() == 1
