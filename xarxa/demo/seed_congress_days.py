"""Registration and the days themselves in the demo. The past edition: ticket types, registrations (most
checked in at the door, a few cancelled), workshop sign-ups, recordings, and the ratings attendees gave.
The coming edition: its tickets (one needs the organisers' approval, one is paid outside the site), a
question, and a few registrations, Ana's confirmed.

Rows are written in bulk, as they would stand after the days: the services refuse registering for a
congress that is over, and the coming edition's members get no ticket e-mails from a demo."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q

from xarxa.congress.models import (
    Edition,
    Question,
    Registration,
    Session,
    SessionRating,
    SessionSignup,
    TicketType,
)
from xarxa.congress.registration_models import new_ticket_code

COMMENTS = ["Muy práctico, me llevo ideas para mi equipo.", "Buen ritmo y buenos ejemplos.",
            "Faltó tiempo para las preguntas.", "Lo mejor del congreso.", "Interesante, aunque algo teórico.", ""]


@dataclass
class CongressDaysReport:
    congress_registrations: int = 0
    congress_check_ins: int = 0
    congress_signups: int = 0
    congress_ratings: int = 0


def _tickets(edition, specs):
    return [TicketType.objects.create(edition=edition, position=n, **spec) for n, spec in enumerate(specs)]


def seed_congress_days(rng, users, today) -> CongressDaysReport:
    report = CongressDaysReport()
    organiser = next((user for user in users if user.username == "admin"), users[0])
    editions = Edition.objects.filter(space__created_by=organiser).select_related("space")
    if not editions or TicketType.objects.filter(edition__in=editions).exists():
        return report
    people = [user for user in users if user.pk != organiser.pk]
    ana = next((user for user in users if user.username == "ana"), None)
    past = next((e for e in editions if e.ends_on < today.date()), None)
    coming = next((e for e in editions if e.starts_on > today.date()), None)
    if past is not None:
        _seed_past(rng, past, people, ana, today, report)
    if coming is not None:
        _seed_coming(rng, coming, people, ana, today, report)
    return report


def _seed_past(rng, edition, people, ana, today, report):
    in_person, online, _speaker = _tickets(edition, [
        {"name": "Presencial", "kind": "in_person", "capacity": 300},
        {"name": "En línea", "kind": "online"},
        {"name": "Ponentes", "kind": "speaker", "needs_approval": True}])
    Question.objects.create(edition=edition, text="¿Necesitas alguna adaptación de accesibilidad?", position=0)
    opened = edition.starts_at - timedelta(days=60)
    attendees = people[: min(len(people), 120)]
    if ana is not None and ana not in attendees:
        attendees.append(ana)
    rows = []
    for n, user in enumerate(attendees):
        when = opened + timedelta(hours=7 * n)
        roll = rng.random()
        status = Registration.Status.CANCELLED if roll < 0.06 else (
            Registration.Status.CONFIRMED if roll < 0.2 else Registration.Status.CHECKED_IN)
        if user == ana:
            status = Registration.Status.CHECKED_IN
        rows.append(Registration(
            edition=edition, user=user, ticket_type=online if n % 5 == 4 else in_person, status=status,
            code=new_ticket_code(), queued_at=when, decided_at=when,
            checked_in_at=edition.starts_at + timedelta(hours=8, minutes=rng.randint(0, 90))
            if status == Registration.Status.CHECKED_IN else None,
            cancelled_at=when + timedelta(days=3) if status == Registration.Status.CANCELLED else None))
    Registration.objects.bulk_create(rows)
    present = [row.user for row in rows if row.status == Registration.Status.CHECKED_IN]
    report.congress_registrations += len(rows)
    report.congress_check_ins += len(present)
    sessions = list(Session.objects.filter(edition=edition, starts_at__isnull=False)
                    .select_related("session_format", "room").order_by("starts_at", "pk"))
    signups, ratings = [], []
    for session in sessions:
        fmt = session.session_format
        if fmt is not None and fmt.needs_signup:
            capacity = fmt.capacity or (session.room.capacity if session.room else 25)
            chosen = rng.sample(present, min(len(present), capacity + 3))
            for n, user in enumerate(chosen):
                signups.append(SessionSignup(session=session, user=user, queued_at=opened + timedelta(days=n % 20),
                                             status=SessionSignup.Status.SIGNED_UP if n < capacity
                                             else SessionSignup.Status.WAITING))
            audience = chosen[:capacity]
        else:
            audience = rng.sample(present, min(len(present), rng.randint(5, 25)))
        for user in audience:
            if rng.random() < 0.4:
                ratings.append(SessionRating(session=session, user=user, score=rng.choice([3, 4, 4, 5, 5, 2]),
                                             comment=rng.choice(COMMENTS)))
        if session.is_plenary or rng.random() < 0.3:
            session.recording_link = f"https://video.example.org/congreso/{session.pk}"
    SessionSignup.objects.bulk_create(signups)
    SessionRating.objects.bulk_create(ratings)
    Session.objects.bulk_update(sessions, ["recording_link"])
    counts = dict(Session.objects.filter(edition=edition).annotate(
        n=Count("signups", filter=Q(signups__status=SessionSignup.Status.SIGNED_UP))).values_list("pk", "n"))
    for session in sessions:
        session.signup_count = counts.get(session.pk, 0)
    Session.objects.bulk_update(sessions, ["signup_count"])
    report.congress_signups += len(signups)
    report.congress_ratings += len(ratings)


def _seed_coming(rng, edition, people, ana, today, report):
    in_person, _online, speaker = _tickets(edition, [
        {"name": "Presencial", "kind": "in_person", "capacity": 250, "price_note": "60 € por transferencia",
         "needs_payment_reference": True},
        {"name": "En línea", "kind": "online", "description": "Sigue las sesiones plenarias en directo."},
        {"name": "Ponentes", "kind": "speaker", "needs_approval": True}])
    Question.objects.create(edition=edition, text="¿Necesitas alguna adaptación de accesibilidad?", position=0)
    Question.objects.create(edition=edition, text="Comida", kind=Question.Kind.CHOICE,
                            choices="Sin preferencias\nVegetariana\nVegana\nSin gluten", required=True, position=1)
    chosen = rng.sample(people, min(len(people), 12))
    if ana is not None and ana not in chosen:
        chosen.append(ana)
    rows = []
    for n, user in enumerate(chosen):
        needs_approval = n % 6 == 5
        status = Registration.Status.PENDING if needs_approval else Registration.Status.CONFIRMED
        if user == ana:
            status = Registration.Status.CONFIRMED
        rows.append(Registration(
            edition=edition, user=user, ticket_type=speaker if status == Registration.Status.PENDING else in_person,
            status=status, code=new_ticket_code(), queued_at=today - timedelta(days=10 - n % 10),
            payment_reference="" if status == Registration.Status.PENDING else f"TR-{today.year}-{100 + n}"))
    Registration.objects.bulk_create(rows)
    report.congress_registrations += len(rows)
