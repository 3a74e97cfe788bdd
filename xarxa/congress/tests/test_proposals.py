import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.activity.models import Activity
from xarxa.congress import services
from xarxa.congress.models import Phase, Proposal
from xarxa.congress.tests.factories import SessionFormatFactory, edition_in, proposal_for
from xarxa.content import kinds
from xarxa.content.models import Content
from xarxa.spaces.models import Membership, Space

pytestmark = pytest.mark.django_db
PAGE_QUERIES = 16  # the same with 1 and 3 comments: none per comment (16th: the co-speakers)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def call():
    return edition_in(Phase.CALL)


def form_data(edition, **fields):
    data = {"title": "Datos abiertos que se usan", "abstract": "Tres casos y un método.",
            "description": "Con **ejemplos**.", "session_format": edition.formats.first().pk,
            "track": edition.tracks.first().pk, "language": "es", "audience_level": "practitioners",
            "notes_for_committee": "Podemos traer a una concejala."}
    data.update(fields)
    return data


def test_a_member_proposes_a_session_and_it_is_content_of_the_edition(client, call):
    author = UserFactory()
    client.force_login(author)
    response = client.post(reverse("congress:propose", args=[call.space.slug]), form_data(call))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    content = proposal.content
    assert (content.kind, content.space, content.author, content.status) == (
        "proposal", call.space, author, Content.Status.PUBLISHED)
    assert proposal.state == Proposal.State.SUBMITTED and proposal.submitted_at is not None
    assert proposal.audience_level == "practitioners"
    assert kinds.url_for(content) == proposal.get_absolute_url()
    assert Membership.objects.filter(space=call.space, user=author).exists()  # proposing is taking part
    assert Activity.objects.filter(actor=author, verb="published", content=content).exists()
    page = client.get(reverse("congress:proposals", args=[call.space.slug]))
    assert [c.pk for c in page.context["page"].object_list] == [content.pk]


def test_a_draft_is_the_authors_alone_until_submitted(client, call):
    author, other = UserFactory(), UserFactory()
    proposal = proposal_for(call, author, submit=False)
    assert proposal.content.status == Content.Status.DRAFT
    client.force_login(other)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("congress:proposals", args=[call.space.slug])).context["page"]) == []
    client.force_login(author)
    assert client.get(proposal.get_absolute_url()).status_code == 200
    assert [c.pk for c in client.get(reverse("congress:proposals", args=[call.space.slug])).context["mine"]] == [
        proposal.pk]
    client.post(reverse("congress:publish", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.SUBMITTED
    client.force_login(other)
    assert client.get(proposal.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("phase", [Phase.ANNOUNCED, Phase.VOTE, Phase.AFTERWARDS])
def test_a_proposal_outside_the_call_is_refused_and_nothing_is_created(client, phase):
    edition = edition_in(phase)
    client.force_login(UserFactory())
    page = client.get(reverse("congress:propose", args=[edition.space.slug]))
    assert page.context["refusal"]
    response = client.post(reverse("congress:propose", args=[edition.space.slug]), form_data(edition))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() or response.context["refusal"]
    assert not Content.objects.exists() and not Proposal.objects.exists()
    with pytest.raises(ValidationError) as refused:
        proposal_for(edition, UserFactory())
    assert refused.value.code == "call_closed"


def test_the_author_edits_until_the_call_closes(client, call):
    author = UserFactory()
    proposal = proposal_for(call, author)
    client.force_login(author)
    client.post(reverse("congress:edit", args=[proposal.pk]), form_data(call, title="Nuevo título"))
    proposal.refresh_from_db()
    assert proposal.content.title == "Nuevo título"
    # The call closes (the vote opens an hour ago):
    call.vote_opens_at = call.call_opens_at + (call.vote_opens_at - call.call_opens_at) / 60
    call.save()
    assert call.phase == Phase.VOTE
    response = client.post(reverse("congress:edit", args=[proposal.pk]), form_data(call, title="Tarde"))
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.content.title == "Nuevo título"


def test_only_the_author_edits_or_withdraws(client, call):
    proposal = proposal_for(call, UserFactory())
    intruder = UserFactory()
    with pytest.raises(PermissionDenied):
        services.edit_proposal(intruder, proposal, title="Mío", abstract="x", description="",
                               session_format=proposal.session_format, audience_level="everyone",
                               notes_for_committee="")
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(intruder, proposal)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.SUBMITTED and proposal.content.title != "Mío"


def test_withdrawing_takes_it_out_of_the_call_and_cannot_be_repeated(client, call):
    author = UserFactory()
    proposal = proposal_for(call, author)
    client.force_login(author)
    client.post(reverse("congress:withdraw_proposal", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.WITHDRAWN
    assert list(client.get(reverse("congress:proposals", args=[call.space.slug])).context["page"]) == []
    with pytest.raises(ValidationError) as refused:
        services.withdraw_proposal(author, proposal)
    assert refused.value.code == "transition"
    with pytest.raises(PermissionDenied):
        services.edit_proposal(author, proposal, title="x", abstract="x", description="",
                               session_format=proposal.session_format, audience_level="everyone",
                               notes_for_committee="")


def test_a_format_of_another_edition_is_refused(call):
    other_format = SessionFormatFactory()
    with pytest.raises(ValidationError):
        proposal_for(call, UserFactory(), session_format=other_format)
    assert not Proposal.objects.exists()
    assert not Content.objects.exists()


def test_the_form_offers_only_this_editions_formats(client, call):
    SessionFormatFactory()  # another edition's
    client.force_login(UserFactory())
    response = client.post(reverse("congress:propose", args=[call.space.slug]),
                           form_data(call, session_format=SessionFormatFactory().pk))
    assert response.status_code == 400
    assert "session_format" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_notes_for_the_committee_are_for_the_author_and_the_committee(client):
    organiser, reviewer, author, reader = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    edition = edition_in(Phase.CALL, space__owner=organiser)
    services.add_committee_member(organiser, edition, reviewer)
    proposal = proposal_for(edition, author, notes_for_committee="Secreto: traemos a la alcaldesa.")
    for user, sees in ((author, True), (reviewer, True), (organiser, True), (reader, False)):
        client.force_login(user)
        assert ("traemos a la alcaldesa" in client.get(proposal.get_absolute_url()).content.decode()) is sees


def test_a_secret_editions_proposals_are_invisible_to_outsiders(client):
    organiser, author, outsider = UserFactory(), UserFactory(), UserFactory()
    edition = edition_in(Phase.CALL, space__owner=organiser, space__visibility=Space.Visibility.SECRET)
    services.add_committee_member(organiser, edition, author)  # a member of the space, so may propose
    proposal = proposal_for(edition, author)
    assert list(Content.objects.visible_to(outsider).of_kind("proposal")) == []
    assert list(Content.objects.visible_to(author).of_kind("proposal")) == [proposal.content]
    client.force_login(outsider)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.get(reverse("congress:proposals", args=[edition.space.slug])).status_code == 404
    assert client.get(reverse("congress:propose", args=[edition.space.slug])).status_code == 404
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_members_take_part_and_discuss_proposals_in_their_comments(client, call):
    proposal = proposal_for(call, UserFactory())
    reader = UserFactory()
    client.force_login(reader)
    assert client.get(proposal.get_absolute_url()).context["can_reply"] is False
    client.post(reverse("congress:join", args=[call.space.slug]))
    assert client.get(proposal.get_absolute_url()).context["can_reply"] is True
    client.post(reverse("content:add_comment", args=[proposal.pk]), {"body": "¿Cabe en 60 minutos?"})
    assert proposal.content.comments.get().author == reader


@pytest.mark.parametrize("items", [1, 3])
def test_proposal_list_queries(client, django_assert_num_queries, call, items):
    for _n in range(items):
        proposal_for(call, UserFactory())
    member = UserFactory()
    client.force_login(member)
    # session, user, edition, moderator groups (visibility), count, rows, mine, verified e-mail (may propose),
    # membership and committee row (may see the vote counts), the header's profile: none per proposal
    with django_assert_num_queries(11):
        assert client.get(reverse("congress:proposals", args=[call.space.slug])).status_code == 200


@pytest.mark.parametrize("comments", [1, 3])
def test_proposal_page_queries(client, django_assert_num_queries, call, comments):
    from xarxa.content.models import Comment

    proposal = proposal_for(call, UserFactory())
    for _n in range(comments):
        Comment.objects.create(content=proposal.content, author=UserFactory(), body="Sí", body_html="<p>Sí</p>")
    client.force_login(UserFactory())
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(proposal.get_absolute_url()).status_code == 200
