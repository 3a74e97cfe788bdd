"""The congress in the demo: a past edition with its venue, rooms, tracks and formats, and a published
programme (sessions in rooms, breaks, materials links, a second version with a room change), with
Ana's agenda starred. Written through the congress's own services, so it is what organisers would make."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from xarxa.congress import programme
from xarxa.congress.models import Edition, Room, SessionFormat, Track, Venue
from xarxa.congress.services import create_edition

PAST_TITLES = [
    "Compra pública de innovación: lo que aprendimos en tres años",
    "Datos abiertos que la ciudadanía usa de verdad",
    "Laboratorios de innovación en ayuntamientos pequeños",
    "Diseño de servicios con las personas usuarias",
    "Presupuestos participativos: evaluar el impacto",
    "Inteligencia artificial en la administración: límites y garantías",
    "Lenguaje claro en las comunicaciones oficiales",
    "Interoperabilidad entre administraciones: casos reales",
    "Innovación abierta con universidades y empresas",
    "Gobierno abierto en el ámbito local",
    "Sostenibilidad y contratación verde",
    "Cultura de la experimentación en equipos públicos",
    "Transformación digital sin dejar a nadie atrás",
    "Evaluación de políticas públicas con evidencia",
    "Redes de innovadores públicos en Iberoamérica",
    "Cocreación de normativa con la ciudadanía",
    "Software libre y reutilización en el sector público",
    "Liderazgo para la innovación pública",
    "Mapas de actores y ecosistemas de innovación",
    "Accesibilidad digital: de la norma a la práctica",
]


@dataclass
class CongressReport:
    congress_editions: int = 0
    congress_sessions: int = 0
    congress_programme_versions: int = 0


def seed_congress(rng, users, today) -> CongressReport:
    report = CongressReport()
    organiser = next((user for user in users if user.username == "admin"), users[0])
    if Edition.objects.filter(space__created_by=organiser, space__name__startswith="Congreso").exists():
        return report
    starts_on = (today - timedelta(days=150)).date()
    edition = create_edition(
        organiser, name=f"Congreso de Innovación Pública {starts_on.year}", starts_on=starts_on,
        ends_on=starts_on + timedelta(days=1), time_zone="Europe/Madrid", languages=["es", "pt", "en"],
        description="El encuentro anual de la red: talleres, diálogos y debates **co-diseñados** por sus miembros.",
        call_text="Proponed talleres, diálogos y charlas sobre innovación pública.",
        call_opens_at=today - timedelta(days=300), vote_opens_at=today - timedelta(days=250),
        review_opens_at=today - timedelta(days=220), programme_at=today - timedelta(days=190))
    report.congress_editions = 1
    venue = Venue.objects.create(edition=edition, name="Palau de Congressos", address="Avinguda Reina Maria "
                                 "Cristina s/n, Barcelona", map_link="https://www.openstreetmap.org/#map=18/41.371/2.151")
    rooms = [Room.objects.create(venue=venue, name=name, capacity=capacity, position=n, accessibility=notes,
                                 stream_link=stream)
             for n, (name, capacity, notes, stream) in enumerate([
                 ("Auditori", 400, "Acceso sin escalones, bucle magnético, interpretación en lengua de signos.",
                  "https://stream.example.org/auditori"),
                 ("Sala Gaudí", 80, "Acceso sin escalones.", ""),
                 ("Sala Miró", 60, "Acceso sin escalones, bucle magnético.", ""),
                 ("Sala Rodoreda", 30, "Ascensor hasta la segunda planta.", "")])]
    tracks = [Track.objects.create(edition=edition, name=name, position=n) for n, name in enumerate(
        ["Datos y tecnología", "Participación", "Contratación y servicios"])]
    talk = SessionFormat.objects.create(edition=edition, kind="talk", duration_minutes=45)
    workshop = SessionFormat.objects.create(edition=edition, kind="workshop", duration_minutes=90, capacity=25,
                                            needs_signup=True)
    dialogue = SessionFormat.objects.create(edition=edition, kind="dialogue", duration_minutes=60)
    zone = edition.zone
    people = [user for user in users if user.pk != organiser.pk]

    def moment(day, hour, minute=0):
        return datetime.combine(starts_on + timedelta(days=day), time(hour, minute), tzinfo=zone)

    opening = programme.create_session(organiser, edition, title="Apertura: la red en un año",
                                       abstract="Bienvenida y lo que la red ha hecho este año.", is_plenary=True,
                                       speakers=[organiser], session_format=None)
    programme.schedule_session(organiser, opening, room=rooms[0], starts_at=moment(0, 9), ends_at=moment(0, 9, 45))
    sessions = [opening]
    slots = [(day, hour) for day in (0, 1) for hour in (10, 12, 15, 17)]
    titles, turn = iter(PAST_TITLES), rng.randrange(len(people))
    for day, hour in slots:
        busy = set()  # nobody speaks in two rooms at once, however small the demo network
        for room in rooms[1:] + rooms[:1]:
            title = next(titles, None)
            if title is None:
                break
            fmt = rng.choice([talk, workshop, dialogue]) if room.capacity >= 60 else talk
            if fmt.needs_signup and fmt.capacity > room.capacity:
                fmt = talk
            count = 2 if fmt is not talk else 1
            speakers, turn = _speakers_in_turn(people, turn, count, busy)
            if not speakers:
                continue
            session = programme.create_session(
                organiser, edition, title=title, abstract=f"{title}: experiencias y herramientas para llevarse.",
                description="Una sesión **práctica** con casos de la red y tiempo para preguntas.",
                session_format=fmt, track=rng.choice(tracks), speakers=speakers,
                links=[{"title": "Diapositivas", "url": f"https://example.org/congreso/{len(sessions)}.pdf"}])
            programme.schedule_session(organiser, session, room=room, starts_at=moment(day, hour),
                                       ends_at=moment(day, hour) + timedelta(minutes=fmt.duration_minutes))
            sessions.append(session)
    for day in (0, 1):
        programme.add_break(organiser, edition, title="Café", starts_at=moment(day, 11, 30),
                            ends_at=moment(day, 12))
        programme.add_break(organiser, edition, title="Comida", starts_at=moment(day, 14),
                            ends_at=moment(day, 15))
    programme.publish_programme(organiser, edition)
    # A change after publication, as happens every year: a session too popular for its room moves to the
    # auditorium, later in the day.
    moved = sessions[-2]
    programme.schedule_session(organiser, moved, room=rooms[0], starts_at=moment(1, 12),
                               ends_at=moment(1, 12) + (moved.ends_at - moved.starts_at))
    programme.publish_programme(organiser, edition)
    report.congress_programme_versions = 2
    # Published back then: the first at the programme date, the change a month before the congress.
    edition.programme_versions.filter(number=1).update(published_at=edition.programme_at)
    edition.programme_versions.filter(number=2).update(published_at=moment(0, 9) - timedelta(days=30))
    report.congress_sessions = len(sessions)
    ana = next((user for user in users if user.username == "ana"), None)
    if ana is not None and len(sessions) > 6:  # a demo network of a handful of people has fewer
        from xarxa.congress.services import ensure_space_member

        ensure_space_member(edition, ana)
        for session in (sessions[0], sessions[1], sessions[2], sessions[6]):  # two of them overlap
            programme.star(ana, session)
    return report


def _speakers_in_turn(people, turn, count, busy):
    """The next `count` people in turn who are not already speaking in this slot (marked busy)."""
    chosen = []
    for step in range(len(people)):
        person = people[(turn + step) % len(people)]
        if person.pk not in busy:
            chosen.append(person)
            busy.add(person.pk)
            if len(chosen) == count:
                return chosen, turn + step + 1
    return chosen, turn + len(people)
