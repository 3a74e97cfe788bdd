"""Demo lab: two challenges from two administrations. The first took three mixed teams, now at different
stages: one project went through every gate, was tested and transferred to the library; one is
prototyping; one is defining its problem. The second is open: one team has applied, one member is on the
"looking for a team" board. Everything goes through lab.services, so the rows are what members would make.

Called by seed_demo once members exist: seed_lab(rng, users, today).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import translation

from xarxa.accounts.models import Profile
from xarxa.lab import services
from xarxa.lab.models import DELIVERABLE_FIELDS, Stage
from xarxa.organisations.models import Organisation

KINDS = [Organisation.Kind.ADMINISTRATION, Organisation.Kind.UNIVERSITY, Organisation.Kind.COMPANY,
         Organisation.Kind.NONPROFIT]


@dataclass
class LabSeedReport:
    lab_challenges: int = 0
    lab_teams: int = 0
    lab_projects: int = 0
    lab_transferred: int = 0


def _by_kind(users):
    """Members with an organisation, by their organisation's kind, in the order given (deterministic)."""
    ids = [user.pk for user in users]
    rows = (get_user_model().objects.filter(pk__in=ids, profile__organisation__isnull=False)
            .select_related("profile__organisation"))
    found = {user.pk: user for user in rows}
    grouped = {kind: [] for kind in KINDS}
    for pk in ids:
        user = found.get(pk)
        if user is not None and user.profile.organisation.kind in grouped:
            grouped[user.profile.organisation.kind].append(user)
    return grouped


def _verified(user):
    if not user.profile.verification:
        Profile.objects.filter(user=user).update(verification=Profile.Verification.MODERATOR)
        user.profile.verification = Profile.Verification.MODERATOR
    return user


def _hand_in(project, user, rng):
    fields = {name: ("https://prototipo.example.org/citas" if name.endswith("_link")
                     else rng.choice(["Entrevistas con 12 familias y 4 funcionarias del registro.",
                                      "Mapa del proceso actual: 7 pasos, 3 ventanillas.",
                                      "Propuesta revisada con el equipo del registro civil."]))
              for name, _label in DELIVERABLE_FIELDS[project.stage]}
    services.save_deliverable(user, project, fields=fields)


def _advance(project, lead, mentor, rng, until):
    while project.stage != until:
        _hand_in(project, lead, rng)
        services.ask_for_review(lead, project)
        services.pass_gate(mentor, project, project.next_stage, "Buen trabajo: seguid así.")


def seed_lab(rng, users, today) -> LabSeedReport:
    report = LabSeedReport()
    grouped = _by_kind(users)
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    administrations = grouped[Organisation.Kind.ADMINISTRATION]
    owners = []
    for user in administrations:  # two posters from two different administrations
        if all(user.profile.organisation_id != owner.profile.organisation_id for owner in owners):
            owners.append(user)
        if len(owners) == 2:
            break
    others = {kind: [u for u in grouped[kind] if u not in owners] for kind in KINDS}
    if staff is None or len(owners) < 2 or not all(others[kind] for kind in KINDS[1:]):
        return report
    with translation.override("es"):
        return _seed(rng, today, report, staff, [_verified(owner) for owner in owners], others)


def _challenge(owner, staff, **fields):
    challenge = services.create_challenge(owner, language="es", topics=[], **fields)
    services.approve_challenge(staff, challenge)
    return challenge


def _seed(rng, today, report, staff, owners, others):
    day = today.date() if hasattr(today, "date") else today
    first = _challenge(
        owners[0], staff, title="Reducir las colas para inscribir un nacimiento en el registro civil",
        body="Las familias esperan una media de dos horas para inscribir a un recién nacido.",
        context="Un municipio de 40.000 habitantes con una sola oficina de registro.",
        affected="Familias con recién nacidos; el personal del registro.",
        data_available="https://datos.example.org/registro/esperas.csv", data_licence="cc-by-4.0",
        constraints="Protección de datos; presupuesto de 15.000 €.", expected_impact="Reducir la espera a la mitad.",
        support_mentors=True, support_data=True, support_pilot=True, support_notes="",
        opens_on=day - timedelta(days=90), closes_on=day + timedelta(days=20), team_count=3, min_sectors=2,
        questions="¿Por qué vuestro equipo?\n¿Qué construiríais en ocho semanas?", goals=[16, 11])
    second = _challenge(
        owners[1], staff, title="Facilitar el acceso de las personas mayores a la sede electrónica",
        body="Muchas personas mayores no consiguen completar trámites en línea sin ayuda.",
        context="Una administración regional con 120 trámites en línea.", affected="Personas mayores de 70 años.",
        data_available="", data_licence="", constraints="Accesibilidad WCAG 2.1 AA.",
        expected_impact="Más trámites completados sin ayuda.", support_mentors=True, support_data=False,
        support_pilot=True, support_notes="Un centro de mayores como lugar de pruebas.",
        opens_on=day - timedelta(days=10), closes_on=day + timedelta(days=45), team_count=2, min_sectors=3,
        questions="¿Con qué personas mayores trabajaréis?", goals=[10, 16])
    report.lab_challenges = 2

    academia, companies, civil = (others[k] for k in KINDS[1:])
    mentors = [u for u in others[Organisation.Kind.ADMINISTRATION]][:1] or [staff]
    teams = [("Equipo Cigüeña", academia[0], companies[0]), ("Registro Ágil", academia[1 % len(academia)],
             civil[0]), ("Cola Cero", companies[1 % len(companies)], civil[1 % len(civil)])]
    stops = [Stage.TRANSFER, Stage.PROTOTYPE, Stage.DEFINE]
    used = set()
    for (name, lead, colleague), until in zip(teams, stops, strict=True):
        if {lead.pk, colleague.pk} & used or lead.pk == colleague.pk:
            continue  # a small network: one team per member and challenge
        used |= {lead.pk, colleague.pk}
        application = services.apply(lead, first, team_name=name, usernames=[colleague.username],
                                     answers=["Combinamos investigación y experiencia en el sector.",
                                              "Un sistema de cita previa con recordatorios."])
        report.lab_teams += 1
        project = services.decide_application(owners[0], application, select=True,
                                              message="¡Bienvenidos al laboratorio!")
        services.assign_mentor(owners[0], project, mentors[0])
        report.lab_projects += 1
        _advance(project, lead, mentors[0], rng, Stage.TEST if until == Stage.TRANSFER else until)
        if until == Stage.TRANSFER:
            invitation = services.invite_testers(lead, project, "Personal del registro civil")
            for ease, usefulness, comment in [(4, 5, "Mucho más rápido que la ventanilla."),
                                              (3, 4, "La letra es pequeña en el móvil."), (5, 5, "")]:
                services.give_feedback(invitation, name="", role="Registro civil", ease=ease,
                                       usefulness=usefulness, comment=comment)
            _advance(project, lead, mentors[0], rng, Stage.TRANSFER)
            services.transfer(owners[0], project, evaluation="La espera media bajó de 120 a 45 minutos.",
                              solution="Cita previa en línea con recordatorios por SMS.",
                              results="Espera media de 45 minutos tras tres meses.",
                              indicators="Minutos de espera; citas perdidas", costs="12.000 €", licence="eupl-1.2")
            report.lab_transferred += 1

    lead, colleague, third = academia[-1], companies[-1], civil[-1]
    if len({lead.pk, colleague.pk, third.pk}) == 3:
        services.apply(lead, second, team_name="Mayores en Red", usernames=[colleague.username, third.username],
                       answers=["Con el centro de mayores del barrio."])
        report.lab_teams += 1
    seeker = next((u for u in companies if u.pk not in {colleague.pk}), None)
    if seeker is not None:
        services.offer_skills(seeker, second, "Diseño de servicios y pruebas con personas usuarias.")
    return report
