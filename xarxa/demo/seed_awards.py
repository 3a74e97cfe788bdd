"""The congress's awards in the demo, written through the awards' own services as members, jurors and
organisers would (the category dates are moved along as the year would move them):

- the past edition: two categories decided. A public vote with ordinary votes and built fraud (a burst from
  one network, fresh accounts on one unusual domain, disposable addresses, votes never confirmed), the
  signals computed, the suspicious votes invalidated with a reason and the rest validated; finalists by the
  validated votes, a jury (one juror from a finalist's organisation: the conflict hides it), scores, winners
  and a mention, the finalists in the library;
- the coming edition: two categories with nominations open, one nomination waiting for its nominee's answer.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.db.models import F
from django.utils import timezone

from xarxa.accounts.models import Profile, User
from xarxa.accounts.rules import can_post
from xarxa.awards import fraud, jury, results, services, voting
from xarxa.awards.models import STAGE_ORDER, Category, Nomination, Stage
from xarxa.awards.vote_models import Vote
from xarxa.congress.models import Edition
from xarxa.organisations.models import Organisation

CASES = [
    ("Licencias de obra en tres semanas", "De seis meses de espera a tres semanas con un tramitador en línea.",
     "Las licencias menores tardaban seis meses.", "Tramitación en línea con revisión técnica en paralelo.",
     "Tiempo medio de 21 días; quejas reducidas un 70 %."),
    ("Datos abiertos de calidad del aire", "Sensores de bajo coste y un portal que usan los colegios.",
     "Nadie consultaba los datos de calidad del aire.", "Sensores en 40 colegios y visualizaciones sencillas.",
     "12.000 consultas al mes; dos proyectos escolares premiados."),
    ("Presupuestos participativos evaluados", "Cinco ediciones evaluadas con la universidad.",
     "No sabíamos qué cambiaba de verdad.", "Evaluación independiente de cada edición.",
     "Participación del 9 % y obras entregadas a tiempo en el 85 % de los casos."),
    ("Lenguaje claro en las notificaciones", "Reescribimos 60 cartas con quienes las reciben.",
     "Las notificaciones no se entendían.", "Talleres con vecinos y una guía de estilo.",
     "Llamadas de consulta reducidas un 40 %."),
]


@dataclass
class AwardsReport:
    award_categories: int = 0
    award_nominations: int = 0
    award_votes: int = 0
    award_votes_invalidated: int = 0


def _move(category, stage, today):
    """Put `today` a day into `stage` (stages ten days apart)."""
    index = STAGE_ORDER.index(stage)
    starts = {n: today + timedelta(days=10 * (n - index) - 1) for n in range(1, 5)}
    Category.objects.filter(pk=category.pk).update(nominations_open_at=starts[1], vote_opens_at=starts[2],
                                                   jury_opens_at=starts[3], announce_at=starts[4])
    category.nominations_open_at, category.vote_opens_at = starts[1], starts[2]
    category.jury_opens_at, category.announce_at = starts[3], starts[4]


def _organisations():
    return list(Organisation.objects.listed().filter(kind="administration", level__in=["local", "regional"])
                .order_by("slug")[:8])


def _new_voter(name, domain, days_old, now):
    user = User.objects.create(username=name, email=f"{name}@{domain}", is_approved=True,
                               date_joined=now - timedelta(days=days_old))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Profile.objects.create(user=user, full_name=name.replace("-", " ").title(), visibility=Profile.Visibility.MEMBERS)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def seed_awards(rng, users, today) -> AwardsReport:
    report = AwardsReport()
    organiser = next((user for user in users if user.username == "admin"), users[0])
    editions = list(Edition.objects.filter(space__created_by=organiser).order_by("starts_on"))
    if not editions or Category.objects.filter(edition__in=editions).exists():
        return report
    organisations = _organisations()
    if len(organisations) < 4:
        return report
    people = [user for user in users if user.pk != organiser.pk and can_post(user)]
    past = [e for e in editions if e.starts_on < today.date()]
    coming = [e for e in editions if e.starts_on >= today.date()]
    if past:
        _decided_edition(rng, past[-1], organiser, people, organisations, today, report)
    if coming:
        _open_edition(rng, coming[0], organiser, people, organisations, today, report)
    return report


def _category(organiser, edition, name, today, **fields):
    category = services.create_category(
        organiser, edition, name=name, nominations_open_at=today, vote_opens_at=today + timedelta(days=10),
        jury_opens_at=today + timedelta(days=20), announce_at=today + timedelta(days=30), **fields)
    return category


def _nominate(category, author, nominee, organisation, case, accept=True):
    title, summary, problem, solution, results_text = case
    nomination = services.nominate(author, category, title=title, summary=summary, nominee=nominee,
                                   organisation=organisation, work_started_on=date(2023, 5, 1), problem=problem,
                                   solution=solution, results=results_text,
                                   evidence_links=["https://datos.example.org/informe"], language="es")
    if accept and nomination.status == Nomination.Status.PROPOSED:
        services.answer_nomination(nominee, nomination, accept=True)
    return nomination


def _decided_edition(rng, edition, organiser, people, organisations, today, report):
    now = timezone.now()
    categories = [
        _category(organiser, edition, "Transformación digital", today, organisation_levels=["local", "regional"],
                  finalists=2, description="Servicios digitales que cambiaron la vida de la gente."),
        _category(organiser, edition, "Gobierno abierto", today, finalists=2,
                  description="Transparencia, datos abiertos y participación."),
    ]
    report.award_categories += len(categories)
    fresh_cluster = [_new_voter(f"votante-rapido-{n}", "votos-express.example", 0, now) for n in range(6)]
    throwaway = [_new_voter(f"votante-temporal-{n}", "yopmail.com", 40, now) for n in range(3)]
    for c_index, category in enumerate(categories):
        nominations = []
        for n, case in enumerate(CASES):
            author = people[(c_index * 7 + n * 3) % len(people)]
            nominee = people[(c_index * 7 + n * 3 + 1) % len(people)]
            org = organisations[(c_index + n) % len(organisations)]
            nominations.append(_nominate(category, author, nominee, org, case))
        for nomination in nominations:
            services.decide_eligibility(organiser, nomination, eligible=True, reason="Cumple las bases.")
        report.award_nominations += len(nominations)
        _move(category, Stage.VOTE, today)
        voters = rng.sample(people, min(len(people), 60))
        for n, member in enumerate(voters):
            choice = nominations[min(int(rng.random() ** 2 * len(nominations)), len(nominations) - 1)]
            voting.cast_vote(member, category, choice,
                             features={"network": f"10.{n % 200}.{n // 200}.0/24", "device": f"Navegador {n}"})
        target = nominations[-1]  # the fraud pushes the last nomination
        for n, member in enumerate(fresh_cluster):
            voting.cast_vote(member, category, target, features={"network": "203.0.113.0/24", "device": f"Bot {n}"})
        for member in throwaway:
            voting.cast_vote(member, category, target, features={"network": f"198.51.100.{rng.randint(1, 250)}",
                                                                 "device": "Móvil"})
        votes = Vote.objects.filter(category=category)
        # The vote took place days ago: most voters clicked their confirmation link, a few never did.
        votes.update(cast_at=F("cast_at") - timedelta(days=12))
        confirmed = list(votes.values_list("pk", flat=True))
        rng.shuffle(confirmed)
        fraudulent = [voting.voter_key(member.pk, category.pk) for member in fresh_cluster + throwaway]
        Vote.objects.filter(pk__in=confirmed[: int(len(confirmed) * 0.9)]).exclude(voter_key__in=fraudulent).update(
            confirmed_at=now - timedelta(days=11))
        fraud.compute_signals(category.pk)
        report.award_votes += votes.count()
        _move(category, Stage.JURY, today)
        for signal, reason in (("burst", "burst"), ("domain_cluster", "domain_cluster"),
                               ("disposable", "disposable"), ("unconfirmed", "unconfirmed")):
            report.award_votes_invalidated += voting.review_votes(
                organiser, category, action="invalidate", votes=votes.filter(**{signal: True}),
                invalid_reason=reason, reason="Revisado por el comité organizador: señal de fraude confirmada.")
        voting.review_votes(organiser, category, action="validate", votes=votes.filter(review="pending"),
                            reason="Sin indicios de fraude.")
        finalists = results.select_finalists(organiser, category)
        jury.set_rubric(organiser, category, [("Impacto", 3), ("Replicabilidad", 2), ("Innovación", 1)])
        jurors = [person for person in people[-6:-2]]
        for n, juror in enumerate(jurors):
            jury.add_juror(organiser, category, juror, is_chair=n == 0)
        criteria = list(category.criteria.all())
        for juror in jurors:
            for finalist in finalists:
                finalist.refresh_from_db()
                if jury.is_conflicted(juror, finalist):
                    continue
                jury.score(juror, finalist, {c.pk: rng.randint(5, 10) for c in criteria},
                           note="Notas privadas de deliberación.")
        if jury.tied_at_top(category):
            chair = jurors[0]
            jury.break_tie(chair, category, Nomination.objects.get(pk=jury.tied_at_top(category)[0]),
                           "El jurado valora su replicabilidad.")
        ranked = results.ranking(category)
        results.decide_awards(organiser, category, mentions=[n for n, _score in ranked[1:2]])
        _move(category, Stage.ANNOUNCED, today)
        results.to_library(organiser, category)
        # Back to the dates of the edition's year (all passed).
        start = today - timedelta(days=200)
        Category.objects.filter(pk=category.pk).update(
            nominations_open_at=start, vote_opens_at=start + timedelta(days=30),
            jury_opens_at=start + timedelta(days=45), announce_at=start + timedelta(days=50))
        votes.update(cast_at=F("cast_at") - timedelta(days=150))


def _open_edition(rng, edition, organiser, people, organisations, today, report):
    categories = [
        _category(organiser, edition, "Innovación local", today - timedelta(days=2), organisation_levels=["local"],
                  description="Proyectos de ayuntamientos y diputaciones."),
        _category(organiser, edition, "Persona innovadora del año", today - timedelta(days=2),
                  nominee_kind="person", self_nomination=False,
                  description="Una persona de la función pública que abrió camino."),
    ]
    report.award_categories += len(categories)
    local = [o for o in organisations if o.level == "local"] or organisations
    category = categories[0]
    for n, case in enumerate(CASES[:3]):
        author, nominee = people[n * 5 % len(people)], people[(n * 5 + 2) % len(people)]
        nomination = _nominate(category, author, nominee, local[n % len(local)], case, accept=n != 2)
        if n == 0:
            services.decide_eligibility(organiser, nomination, eligible=True, reason="Cumple las bases.")
        report.award_nominations += 1
