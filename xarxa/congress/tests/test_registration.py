"""Registration: tickets with places, approval and a waiting list, the organisers' questions, one
registration per member per edition, cancelling, the organisers' list and the ticket e-mail."""

import email
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory
from xarxa.congress import registration
from xarxa.congress.lifecycles import REGISTRATION
from xarxa.congress.models import Answer, Phase, Question, Registration, TicketType
from xarxa.congress.registration_models import CODE_ALPHABET, normalise_code
from xarxa.congress.tests.factories import edition_in
from xarxa.spaces.models import Membership

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    """Services' refusals are read in English here (the site's default language is Spanish)."""
    from django.utils import translation

    with translation.override("en"):
        yield
Status = Registration.Status


@pytest.fixture
def edition():
    return edition_in(Phase.PROGRAMME)


def organiser_of(edition):
    organiser = UserFactory()
    Membership.objects.create(space=edition.space, user=organiser, role=Membership.Role.OWNER)
    return organiser


def ticket(edition, **fields):
    values = {"name": "Presencial", "kind": TicketType.Kind.IN_PERSON, "capacity": 2}
    values.update(fields)
    return TicketType.objects.create(edition=edition, **values)


def test_a_member_registers_and_gets_a_confirmed_ticket_with_an_unguessable_code(edition):
    presencial = ticket(edition)
    member = UserFactory()
    row = registration.register(member, edition, ticket_type=presencial)
    assert row.status == Status.CONFIRMED
    assert len(row.code) == 12 and set(row.code) <= set(CODE_ALPHABET)
    other = registration.register(UserFactory(), edition, ticket_type=presencial)
    assert other.code != row.code
    assert normalise_code(row.code_display.lower()) == row.code


def test_registering_twice_is_refused_and_changes_nothing(edition, client):
    presencial = ticket(edition)
    member = UserFactory()
    first = registration.register(member, edition, ticket_type=presencial)
    with pytest.raises(ValidationError, match="already registered"):
        registration.register(member, edition, ticket_type=ticket(edition, name="Online", kind="online"))
    client.force_login(member)
    response = client.post(reverse("congress:registration", args=[edition.space.slug]),
                           {"ticket_type": presencial.pk}, **EN)
    assert response.status_code == 200 and "Your ticket" in response.content.decode()
    assert list(Registration.objects.values_list("pk", "code", "ticket_type")) == [
        (first.pk, first.code, presencial.pk)]


def test_a_full_ticket_puts_members_on_the_waiting_list_promoted_in_order_when_a_place_frees(edition):
    presencial = ticket(edition, capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    holder = registration.register(first, edition, ticket_type=presencial)
    waiting_2 = registration.register(second, edition, ticket_type=presencial)
    waiting_3 = registration.register(third, edition, ticket_type=presencial)
    assert [waiting_2.status, waiting_3.status] == [Status.WAITING, Status.WAITING]
    registration.cancel_registration(first, holder)
    statuses = dict(Registration.objects.values_list("user", "status"))
    assert statuses == {first.pk: Status.CANCELLED, second.pk: Status.CONFIRMED, third.pk: Status.WAITING}


def test_approval_tickets_wait_for_the_organisers(edition):
    organiser = organiser_of(edition)
    speaker_ticket = ticket(edition, name="Ponente", kind="speaker", needs_approval=True, capacity=1)
    first, second = UserFactory(), UserFactory()
    row = registration.register(first, edition, ticket_type=speaker_ticket)
    other = registration.register(second, edition, ticket_type=speaker_ticket)
    assert row.status == other.status == Status.PENDING
    with pytest.raises(PermissionDenied):
        registration.approve(first, row)
    registration.approve(organiser, row)
    with pytest.raises(ValidationError, match="No places are left"):
        registration.approve(organiser, other)
    assert Registration.objects.get(pk=other.pk).status == Status.PENDING
    registration.refuse(organiser, other)
    assert Registration.objects.get(pk=other.pk).status == Status.REFUSED
    with pytest.raises(ValidationError, match="refused your registration"):
        registration.register(second, edition, ticket_type=ticket(edition, name="Otra"))


def test_questions_required_and_choices_are_kept_and_checked(edition, client):
    presencial = ticket(edition)
    diet = Question.objects.create(edition=edition, text="Diet", kind="choice", choices="Any\nVegetarian",
                                   required=True)
    note = Question.objects.create(edition=edition, text="Anything else?")
    member = UserFactory()
    client.force_login(member)
    url = reverse("congress:registration", args=[edition.space.slug])
    response = client.post(url, {"ticket_type": presencial.pk}, **EN)
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(ValidationError, match="Answer the question “Diet”"):
        registration.register(member, edition, ticket_type=presencial, answers={note.pk: "Hola"})
    with pytest.raises(ValidationError, match="Choose one of the answers"):
        registration.register(member, edition, ticket_type=presencial, answers={diet.pk: "Fish"})
    assert not Registration.objects.exists() and not Answer.objects.exists()
    client.post(url, {"ticket_type": presencial.pk, f"question_{diet.pk}": "Vegetarian",
                      f"question_{note.pk}": "Silla de ruedas"})
    assert dict(Answer.objects.values_list("question__text", "value")) == {"Diet": "Vegetarian",
                                                                           "Anything else?": "Silla de ruedas"}


def test_a_paid_ticket_asks_for_the_payment_reference(edition):
    paid = ticket(edition, price_note="120 € por transferencia", needs_payment_reference=True)
    member = UserFactory()
    with pytest.raises(ValidationError, match="reference of your payment"):
        registration.register(member, edition, ticket_type=paid)
    row = registration.register(member, edition, ticket_type=paid, payment_reference=" TR-2031-77 ")
    assert row.payment_reference == "TR-2031-77"


def test_a_ticket_of_another_edition_or_a_closed_one_is_refused(edition):
    other = edition_in(Phase.PROGRAMME)
    member = UserFactory()
    with pytest.raises(ValidationError, match="Choose a ticket of this edition"):
        registration.register(member, edition, ticket_type=ticket(other))
    with pytest.raises(ValidationError, match="Choose a ticket of this edition"):
        registration.register(member, edition, ticket_type=ticket(edition, is_open=False))
    assert not Registration.objects.exists()


def test_registration_closes_when_the_congress_is_over():
    edition = edition_in(Phase.AFTERWARDS)
    with pytest.raises(PermissionDenied, match="until the congress is over"):
        registration.register(UserFactory(), edition, ticket_type=ticket(edition))


def test_a_secret_editions_registration_page_is_not_found_for_outsiders(client):
    edition = edition_in(Phase.PROGRAMME, space__visibility="secret")
    ticket(edition)
    client.force_login(UserFactory())
    assert client.get(reverse("congress:registration", args=[edition.space.slug])).status_code == 404


def test_cancel_and_register_again_gets_a_new_code(edition, client):
    presencial = ticket(edition)
    member = UserFactory()
    row = registration.register(member, edition, ticket_type=presencial)
    client.force_login(member)
    client.post(reverse("congress:cancel_registration", args=[edition.space.slug]))
    assert Registration.objects.get().status == Status.CANCELLED
    again = registration.register(member, edition, ticket_type=presencial)
    assert again.pk == row.pk and again.code != row.code and again.status == Status.CONFIRMED


def test_the_lifecycle_table():
    assert {name: target for name, _sources, target in REGISTRATION.table()} == {
        "confirm": "confirmed", "await_approval": "pending", "wait": "waiting", "approve": "confirmed",
        "refuse": "refused", "promote": "confirmed", "cancel": "cancelled", "check_in": "checked_in"}


def test_the_ticket_mail_carries_a_qr_code_and_a_calendar_file_built_by_a_task_from_the_id(
        edition, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {**settings.TASKS["default"],
                                  "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    member = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        row = registration.register(member, edition, ticket_type=ticket(edition))
    [path] = Path(settings.EMAIL_FILE_PATH).iterdir()
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == member.email and edition.name in message["Subject"]
    parts = {part.get_content_type(): part for part in message.walk()}
    assert row.code_display in parts["text/plain"].get_payload(decode=True).decode()
    assert parts["image/png"].get_payload(decode=True).startswith(b"\x89PNG")
    ics = parts["text/calendar"].get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in ics and edition.name in ics


def test_the_ticket_task_takes_only_the_id():
    from xarxa.congress.tasks import send_ticket

    result = send_ticket.enqueue(123)
    assert list(result.args) == [123] and not result.kwargs


def test_the_organisers_approve_refuse_and_promote_from_their_list(edition, client):
    organiser = organiser_of(edition)
    speaker_ticket = ticket(edition, needs_approval=True, capacity=5)
    full = ticket(edition, name="Lleno", capacity=0)
    pending = registration.register(UserFactory(), edition, ticket_type=speaker_ticket)
    waiting = registration.register(UserFactory(), edition, ticket_type=full)
    client.force_login(organiser)
    base = [edition.space.slug]
    client.post(reverse("congress:decide_registration", args=[*base, pending.pk, "approve"]))
    client.post(reverse("congress:decide_registration", args=[*base, waiting.pk, "promote"]))
    assert dict(Registration.objects.values_list("pk", "status")) == {pending.pk: Status.CONFIRMED,
                                                                      waiting.pk: Status.CONFIRMED}
    response = client.post(reverse("congress:decide_registration", args=[*base, pending.pk, "approve"]),
                           follow=True, **EN)
    assert "Only a registration awaiting approval can be approved." in response.content.decode()


def test_the_organisers_list_is_for_organisers_only(edition, client):
    ticket(edition)
    client.force_login(UserFactory())
    assert client.get(reverse("congress:registrations", args=[edition.space.slug])).status_code == 404
    assert client.get(reverse("congress:check_in", args=[edition.space.slug])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_organisers_list_queries(edition, client, django_assert_num_queries, count):
    organiser = organiser_of(edition)
    presencial = ticket(edition, capacity=None)
    question = Question.objects.create(edition=edition, text="Diet")
    for _n in range(count):
        registration.register(UserFactory(), edition, ticket_type=presencial, answers={question.pk: "Any"})
    client.force_login(organiser)
    with django_assert_num_queries(10):
        response = client.get(reverse("congress:registrations", args=[edition.space.slug]))
    assert len(response.context["page"].object_list) == count
    assert response.content.decode().count("Any") >= count


def test_the_registration_page_queries(edition, client, django_assert_num_queries):
    ticket(edition)
    Question.objects.create(edition=edition, text="Diet")
    member = UserFactory()
    client.force_login(member)
    url = reverse("congress:registration", args=[edition.space.slug])
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    registration.register(member, edition, ticket_type=TicketType.objects.get())
    with django_assert_num_queries(10):  # and the member's answers
        assert "<svg" in client.get(url).content.decode()


def test_the_organisers_set_tickets_and_questions(edition, client):
    organiser = organiser_of(edition)
    client.force_login(organiser)
    url = reverse("congress:tickets_setup", args=[edition.space.slug])
    client.post(url, {"add_ticket": "1", "ticket-name": "Online", "ticket-kind": "online", "ticket-capacity": ""})
    response = client.post(url, {"add_question": "1", "question-text": "Diet", "question-kind": "choice",
                                 "question-choices": ""}, **EN)
    assert response.status_code == 400 and "Give the choices" in response.content.decode()
    client.post(url, {"add_question": "1", "question-text": "Diet", "question-kind": "choice",
                      "question-choices": "Any\nVegan", "question-required": "on"})
    assert list(TicketType.objects.values_list("name", "capacity")) == [("Online", None)]
    assert Question.objects.get().choice_list() == ["Any", "Vegan"]
    used = TicketType.objects.get()
    registration.register(UserFactory(), edition, ticket_type=used, answers={Question.objects.get().pk: "Any"})
    client.post(reverse("congress:remove_setup_item", args=[edition.space.slug, "ticket", used.pk]))
    assert TicketType.objects.get().is_open is False  # closed, not deleted: someone holds it
