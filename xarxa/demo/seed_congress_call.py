"""The coming congress in the demo: its call for proposals has just closed and the network is voting on
what came in. Proposals (some with co-speakers, one invitation still waiting), comments and votes, a
programme committee (Ana sits on it) with a rubric, one reviewer from a speaker's organisation (the
conflict of interest the committee's page shows), and reviewers assigned. Written through the congress's
own services, as organisers and members would."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError

from xarxa.accounts.rules import can_post
from xarxa.congress import review, services, speakers
from xarxa.congress.models import Edition, SessionFormat, Track
from xarxa.content.services import add_comment

PROPOSALS = [
    ("Compra pública de innovación en 90 minutos", "Un taller para preparar una consulta preliminar al mercado."),
    ("Datos abiertos para los barrios", "Cómo tres ayuntamientos publican datos que los vecinos usan."),
    ("Laboratorio ciudadano en un pueblo de 2.000 habitantes", "Lo que funcionó y lo que no en dos años."),
    ("Lenguaje claro en las multas de tráfico", "Reescribimos las notificaciones con quienes las reciben."),
    ("Inteligencia artificial y garantías en los servicios sociales", "Un diálogo sobre límites y controles."),
    ("Presupuestos participativos evaluados", "Qué cambió de verdad tras cinco ediciones."),
    ("Interoperabilidad sin dolor", "Casos reales de intercambio de datos entre administraciones."),
    ("Diseño de servicios con personas mayores", "Prototipos de ventanilla presencial y digital."),
]
COMMENTS = ["Muy interesante: en mi ayuntamiento tenemos el mismo problema.",
            "¿Podríais contar también los costes?",
            "Me apunto si se hace en formato taller.",
            "Sería bueno invitar a alguien de la Generalitat."]


@dataclass
class CongressCallReport:
    congress_call_proposals: int = 0
    congress_call_votes: int = 0


def seed_congress_call(rng, users, today) -> CongressCallReport:
    report = CongressCallReport()
    organiser = next((user for user in users if user.username == "admin"), users[0])
    ana = next((user for user in users if user.username == "ana"), None)
    if Edition.objects.filter(space__created_by=organiser, starts_on__gt=today.date()).exists():
        return report
    starts_on = (today + timedelta(days=120)).date()
    # Created with its call open, so the proposals come in through the call as members' would.
    edition = services.create_edition(
        organiser, name=f"Congreso de Innovación Pública {starts_on.year} · próxima edición", starts_on=starts_on,
        ends_on=starts_on + timedelta(days=1), time_zone="Europe/Madrid", languages=["es", "pt", "en"],
        description="La próxima edición: la red propone, debate y vota las sesiones.",
        call_text="Proponed **talleres**, diálogos y charlas. La comunidad vota; el comité decide con esos votos "
                  "a la vista.",
        call_opens_at=today - timedelta(days=30), vote_opens_at=today + timedelta(days=1),
        review_opens_at=today + timedelta(days=20), programme_at=today + timedelta(days=50))
    tracks = [Track.objects.create(edition=edition, name=name, position=n) for n, name in enumerate(
        ["Datos y tecnología", "Participación", "Contratación y servicios"])]
    formats = [SessionFormat.objects.create(edition=edition, kind=kind, duration_minutes=minutes, position=n,
                                            capacity=25 if kind == "workshop" else None,
                                            needs_signup=kind == "workshop")
               for n, (kind, minutes) in enumerate([("workshop", 90), ("dialogue", 60), ("talk", 30),
                                                    ("lightning", 10)])]
    # Only members who may post propose, co-present and vote, as the congress's rules require.
    people = [user for user in users if user.pk not in {organiser.pk, getattr(ana, "pk", None)}
              and can_post(user)]
    if len(people) < len(PROPOSALS) + 4:  # authors, co-speakers and reviewers: too few people to show a call
        return report
    rng.shuffle(people)
    authors, voters = people[:len(PROPOSALS)], people[len(PROPOSALS) + 4:]
    proposals = []
    for n, ((title, abstract), author) in enumerate(zip(PROPOSALS, authors, strict=False)):
        proposal = services.propose(
            author, edition, title=title, abstract=abstract, submit=True,
            description=f"{abstract}\n\nLa sesión combina casos de la red, un ejercicio práctico y preguntas.",
            session_format=formats[n % len(formats)], track=tracks[n % len(tracks)],
            audience_level=rng.choice(["everyone", "practitioners", "newcomers"]),
            notes_for_committee="Necesitamos proyector y una sala con mesas." if n % 3 == 0 else "")
        proposals.append(proposal)
    # Co-speakers: two confirmed, and one invitation for Ana still waiting for her answer.
    for proposal, colleague in zip(proposals[:2], people[len(PROPOSALS):len(PROPOSALS) + 2], strict=False):
        try:
            invitation = speakers.invite_co_speaker(proposal.content.author, proposal, username=colleague.username)
        except ValidationError:  # a colleague whose profile the author may not see (their privacy setting)
            continue
        speakers.answer_invitation(colleague, invitation, confirm=True)
    if ana is not None and len(proposals) > 2:
        speakers.invite_co_speaker(proposals[2].content.author, proposals[2], username=ana.username)
    for proposal in proposals:
        for text in rng.sample(COMMENTS, rng.randint(0, 2)):
            commenter = rng.choice(voters or people)
            services.ensure_space_member(edition, commenter)
            add_comment(commenter, proposal.content, text)
    # The committee: Ana, and two reviewers, one of them from the first speaker's organisation.
    committee = [user for user in (ana, *people[len(PROPOSALS) + 2:len(PROPOSALS) + 4]) if user is not None]
    first_organisation = getattr(proposals[0].content.author.profile, "organisation", None)
    if first_organisation is not None and len(committee) > 1:
        committee[-1].profile.organisation = first_organisation
        committee[-1].profile.save(update_fields=["organisation"])
    for member in committee:
        services.add_committee_member(organiser, edition, member)
    for name, weight, description in [
            ("Relevancia para la red", 3, "¿Responde a un problema común de las administraciones?"),
            ("Calidad de la propuesta", 2, "¿Está clara, es realista en su formato y su tiempo?"),
            ("Participación", 1, "¿Hace participar a quien asiste?")]:
        review.add_criterion(organiser, edition, name=name, weight=weight, description=description)
    review.assign_reviewers(organiser, edition, per_proposal=2)
    # The call closes: the community vote opens (as the phase task would record it).
    services.update_edition(organiser, edition, vote_opens_at=today - timedelta(hours=1))
    edition = Edition.objects.select_related("space").get(pk=edition.pk)
    votes = 0
    for voter in voters:
        for proposal in rng.sample(proposals, rng.randint(0, 3)):
            proposal.edition = edition
            try:
                services.cast_vote(voter, proposal)
            except (PermissionDenied, ValidationError):  # a voter the rules refuse (unverified e-mail...)
                continue
            votes += 1
    report.congress_call_proposals, report.congress_call_votes = len(proposals), votes
    return report
