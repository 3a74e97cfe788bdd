"""Demo library: a few hundred good practices and other resources across policy areas and countries, with
replications, reviews by verified public employees and a curated collection. Deterministic for a given
random.Random and input order.

Called by seed_demo once members exist: seed_library(rng, users, topics, organisations, count=300).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from xarxa.content.models import Content
from xarxa.core.markdown import render_markdown
from xarxa.library.choices import Budget, Goal, Licence, ResourceKind, Stage
from xarxa.library.models import (
    Collection,
    CollectionItem,
    Replication,
    Resource,
    ResourceCountry,
    ResourceGoal,
    Review,
)


@dataclass(frozen=True)
class PracticeSeed:
    area: str
    language: str
    title: str
    problem: str
    solution: str
    results: str
    indicators: str
    lessons: str
    goals: tuple
    topic_words: tuple


PRACTICES = [
    PracticeSeed("digital", "es", "Cita previa única para todos los servicios municipales",
                 "Cada servicio tenía su propio sistema de citas y la ciudadanía no sabía dónde pedirla.",
                 "Una agenda común en la sede electrónica, por teléfono y en persona, con recordatorios por SMS.",
                 "Las esperas bajaron de 40 a 12 minutos y las ausencias a la cita, un 30 %.",
                 "Tiempo medio de espera\nCitas perdidas\nSatisfacción tras la cita",
                 "Implicar desde el principio al personal de atención presencial.", (9, 16),
                 ("administracion-electronica", "transformacion-digital")),
    PracticeSeed("governance", "es", "Portal de datos abiertos con publicación automática",
                 "Los conjuntos de datos se publicaban a mano y quedaban desactualizados.",
                 "Procesos que extraen y publican cada noche los datos de los sistemas de gestión.",
                 "De 40 a 320 conjuntos de datos en dos años; 15 aplicaciones de terceros los reutilizan.",
                 "Conjuntos actualizados en plazo\nDescargas mensuales\nReutilizaciones conocidas",
                 "Empezar por los datos que ya piden los periodistas.", (16, 17), ("datos-abiertos", "transparencia")),
    PracticeSeed("participation", "es", "Presupuestos participativos con voto digital y presencial",
                 "Muy poca gente participaba en las asambleas presenciales.",
                 "Propuestas y votación en línea, con puntos de voto asistido en bibliotecas y mercados.",
                 "La participación pasó del 0,5 % al 6 % del censo.",
                 "Participación sobre censo\nPropuestas ejecutadas", "Ejecutar rápido lo votado genera confianza.",
                 (11, 16), ("participacion-ciudadana",)),
    PracticeSeed("procurement", "pt", "Compras públicas sustentáveis com critérios ambientais",
                 "As compras não consideravam o ciclo de vida dos produtos.",
                 "Cláusulas ambientais padrão e formação dos compradores.",
                 "40 % dos contratos incluem hoje critérios ambientais verificáveis.",
                 "Contratos com critérios ambientais\nEmissões evitadas", "Modelos prontos a usar poupam meses.",
                 (12, 13), ("contratacion-publica",)),
    PracticeSeed("health", "pt", "Teleconsulta para unidades de saúde rurais",
                 "Pacientes viajavam horas para consultas de seguimento.",
                 "Teleconsulta com enfermeiros nas unidades locais e especialistas na cidade.",
                 "Redução de 60 % nas deslocações para consultas de seguimento.",
                 "Deslocações evitadas\nTempo até à consulta", "A conectividade é o primeiro projeto.", (3, 10),
                 ("salud",)),
    PracticeSeed("education", "es", "Escuela de datos para personal público",
                 "El personal no sabía analizar los datos que ya tenía.",
                 "Cursos cortos y prácticos con los datos reales de cada unidad.",
                 "600 personas formadas; 45 cuadros de mando nuevos en uso.",
                 "Personas formadas\nCuadros de mando en uso", "Trabajar con datos propios motiva más.", (4, 16),
                 ("datos-abiertos", "innovacion-publica")),
    PracticeSeed("social", "ca", "Finestreta única de serveis socials",
                 "Les famílies havien d'explicar la seva situació a cada servei.",
                 "Una sola fitxa compartida i una persona de referència per família.",
                 "Les primeres respostes han passat de 21 a 7 dies.", "Dies fins a la primera resposta",
                 "La protecció de dades s'ha de dissenyar des del principi.", (1, 10), ("servicios-sociales",)),
    PracticeSeed("environment", "es", "Comunidades energéticas en edificios municipales",
                 "Las cubiertas de los edificios públicos no se aprovechaban.",
                 "Placas solares en colegios y polideportivos compartidas con el vecindario.",
                 "300 hogares reciben energía más barata; 450 toneladas de CO₂ evitadas al año.",
                 "Hogares participantes\nToneladas de CO₂ evitadas", "El modelo jurídico llevó más tiempo que la obra.",
                 (7, 11, 13), ("sostenibilidad",)),
    PracticeSeed("mobility", "pt", "Dados de mobilidade em tempo real para o transporte público",
                 "Os passageiros não sabiam quando chegaria o autocarro.",
                 "Dados abertos em tempo real (GTFS-RT) e painéis nas paragens.",
                 "A satisfação com a informação subiu 25 pontos.", "Satisfação\nAplicações que reutilizam os dados",
                 "Publicar em formato padrão atrai programadores.", (9, 11), ("movilidad", "datos-abiertos")),
    PracticeSeed("workforce", "es", "Programa de mentoría entre administraciones",
                 "El conocimiento se perdía con cada jubilación.",
                 "Parejas de mentoría entre personas de distintas administraciones durante seis meses.",
                 "El 85 % de quienes participaron lo recomiendan; 120 parejas en tres ediciones.",
                 "Parejas formadas\nSatisfacción", "Dar tiempo de trabajo reconocido para la mentoría.", (8, 16),
                 ("talento-publico",)),
    PracticeSeed("urban", "en", "Open urban planning with 3D city models",
                 "Residents could not picture planned developments.",
                 "An online 3D model where people comment on each proposal.",
                 "Comments on plans tripled and appeals fell by a third.", "Comments per plan\nAppeals",
                 "Keep the model simple enough for a phone.", (11,), ("urbanismo", "participacion-ciudadana")),
    PracticeSeed("finance", "es", "Factura electrónica y pago a proveedores en 20 días",
                 "Las pymes esperaban más de 60 días para cobrar.",
                 "Factura electrónica obligatoria y conformidad automática.",
                 "El periodo medio de pago bajó a 18 días.", "Periodo medio de pago",
                 "Comunicar el cambio a los proveedores con tiempo.", (8, 16), ("contratacion-publica",)),
]
PLACES = {
    "ES": ["Ayuntamiento de Gijón", "Diputación de Badajoz", "Ayuntamiento de Valencia", "Junta de Andalucía"],
    "PT": ["Câmara Municipal do Porto", "Câmara Municipal de Braga"],
    "BR": ["Prefeitura de Recife", "Governo do Estado do Ceará", "Prefeitura de Curitiba"],
    "MX": ["Gobierno de la Ciudad de México", "Municipio de Guadalajara"],
    "AR": ["Municipio de Rosario", "Provincia de Mendoza"],
    "CO": ["Alcaldía de Medellín", "Gobernación de Antioquia"],
    "CL": ["Municipalidad de Santiago", "Gobierno Regional de Valparaíso"],
    "UY": ["Intendencia de Montevideo"],
    "PE": ["Municipalidad de Lima"],
    "CR": ["Municipalidad de San José"],
}
LEVEL_WORDS = {"Ayuntamiento": "local", "Câmara": "local", "Prefeitura": "local", "Municipio": "local",
               "Alcaldía": "local", "Municipalidad": "local", "Intendencia": "regional", "Diputación": "regional",
               "Junta": "regional", "Governo": "regional", "Gobierno": "regional", "Provincia": "regional",
               "Gobernación": "regional"}
OTHER_KINDS = [k for k in ResourceKind.values if k != ResourceKind.PRACTICE]
OUTCOMES = ["Lo adaptamos en seis meses y funciona.", "Funcionou, com ajustes ao nosso contexto.",
            "Piloto en curso: los primeros datos son buenos.", "Nos costó más de lo previsto, pero mereció la pena."]
REVIEWS = ["Muy útil y bien documentada.", "Clara, aunque faltan costes detallados.", "Aplicável noutros municípios.",
           "Buena práctica, la recomendaría.", ""]


@dataclass
class LibraryReport:
    resources: int = 0
    replications: int = 0
    reviews: int = 0


def _level_of(place):
    return LEVEL_WORDS.get(place.split()[0], "local")


def seed_library(rng, users, topics, organisations, count=300) -> LibraryReport:
    """Create `count` resources in the open library (two thirds good practices) with what attaches to them."""
    users, topics, organisations = list(users), list(topics), list(organisations)
    report = LibraryReport()
    if not users:
        return report
    reviewers = [u for u in users if getattr(getattr(u, "profile", None), "is_verified_employee", False)] or users[:20]
    by_slug = {topic.slug: topic for topic in topics}
    now = timezone.now()
    countries = list(PLACES)
    with transaction.atomic():
        plans, contents = [], []
        for number in range(count):
            seed = PRACTICES[number % len(PRACTICES)]
            country = rng.choice(countries)
            place = rng.choice(PLACES[country])
            kind = ResourceKind.PRACTICE if rng.random() < 0.67 else rng.choice(OTHER_KINDS)
            title = f"{seed.title} — {place}"
            if kind != ResourceKind.PRACTICE:
                title = f"{seed.title}: guía y materiales ({place})"
            published = now - timedelta(days=rng.randint(1, 1500), minutes=rng.randint(0, 1439))
            body = f"{seed.solution}\n\n**{seed.results}**"
            contents.append(Content(kind="resource", author=rng.choice(users), title=title[:200], body=body,
                                    body_html=render_markdown(body), language=seed.language, status="published",
                                    published_at=published, last_activity_at=published))
            plans.append((seed, country, place, kind, published))
        contents = Content.objects.bulk_create(contents)
        resources = []
        for content, (seed, _country, place, kind, published) in zip(contents, plans, strict=True):
            practice = kind == ResourceKind.PRACTICE
            resources.append(Resource(
                content=content, resource_kind=kind, summary=seed.problem + " " + seed.solution,
                licence=rng.choice([Licence.CC_BY] * 4 + [Licence.CC_BY_SA, Licence.CC0, Licence.EUPL]),
                policy_area=seed.area, level=_level_of(place), year=published.year,
                external_url="" if practice else f"https://example.org/recursos/{content.pk}",
                problem=seed.problem if practice else "", solution=seed.solution if practice else "",
                results=seed.results if practice else "", indicators=seed.indicators if practice else "",
                lessons=seed.lessons if practice else "", stage=rng.choice(Stage.values) if practice else "",
                budget=rng.choice(Budget.values) if practice else "",
                team=rng.choice(["Dos personas", "Un equipo de cinco", "Tres personas y un proveedor"])
                if practice else "",
                duration=rng.choice(["Seis meses", "Un año", "Dieciocho meses"]) if practice else ""))
        Resource.objects.bulk_create(resources)
        ResourceCountry.objects.bulk_create([ResourceCountry(resource=r, country=plan[1])
                                             for r, plan in zip(resources, plans, strict=True)])
        ResourceGoal.objects.bulk_create([ResourceGoal(resource=r, goal=g) for r, plan in zip(resources, plans,
                                                                                               strict=True)
                                          for g in plan[0].goals if g in Goal.values])
        through = Content.topics.through
        through.objects.bulk_create([through(content_id=r.content_id, topic_id=by_slug[w].pk)
                                     for r, plan in zip(resources, plans, strict=True)
                                     for w in plan[0].topic_words if w in by_slug])
        if organisations:
            org_through = Resource.organisations.through
            org_through.objects.bulk_create([org_through(resource_id=r.pk, organisation_id=rng.choice(organisations).pk)
                                             for r in resources if rng.random() < 0.5])
        replications, reviews = [], []
        for resource in resources:
            for _n in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
                country = rng.choice(countries)
                place = rng.choice(PLACES[country])
                replications.append(Replication(resource=resource, member=rng.choice(users), country=country,
                                                level=_level_of(place), place=place, outcome=rng.choice(OUTCOMES),
                                                started_on=(now - timedelta(days=rng.randint(30, 700))).date()))
            for author in rng.sample(reviewers, min(len(reviewers), rng.choice([0, 1, 2, 4]))):
                reviews.append(Review(resource=resource, author=author, rating=rng.choice([3, 4, 4, 5, 5]),
                                      text=rng.choice(REVIEWS)))
        Replication.objects.bulk_create(replications)
        Review.objects.bulk_create(reviews)
        _recount(resources, replications, reviews)
        curator = next((u for u in users if u.is_staff), users[0])
        best = Collection.objects.create(owner=curator, title="Lo mejor de 2026", is_curated=True,
                                         description="Prácticas que otras administraciones ya han replicado.")
        top = sorted(resources, key=lambda r: (-r.replication_count, r.pk))[:12]
        CollectionItem.objects.bulk_create([CollectionItem(collection=best, resource=r) for r in top])
    report.resources, report.replications, report.reviews = len(resources), len(replications), len(reviews)
    return report


def _recount(resources, replications, reviews):
    replicated, ratings = {}, {}
    for replication in replications:
        replicated[replication.resource_id] = replicated.get(replication.resource_id, 0) + 1
    for review in reviews:
        ratings.setdefault(review.resource_id, []).append(review.rating)
    for resource in resources:
        given = ratings.get(resource.pk, [])
        resource.replication_count = replicated.get(resource.pk, 0)
        resource.rating_count = len(given)
        resource.rating_average = round(sum(given) / len(given), 2) if given else 0
    Resource.objects.bulk_update(resources, ["replication_count", "rating_count", "rating_average"], batch_size=500)
