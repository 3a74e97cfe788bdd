"""Demo groups: every visibility and join policy, with members, debates, replies and reactions in
Spanish, Portuguese, Catalan and English. Deterministic for a given random.Random and input order.

Called by seed_demo once members exist: seed_spaces(rng, users, topics, organisations).
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from xarxa.content.models import Comment, Content, Mention, Reaction
from xarxa.content.text import render_body
from xarxa.core.markdown import render_markdown
from xarxa.debates.models import Debate
from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation

V, J = Space.Visibility, Space.JoinPolicy


@dataclass
class DebateSeed:
    language: str
    title: str
    body: str
    replies: list = field(default_factory=list)


@dataclass
class GroupSeed:
    name: str
    description: str
    visibility: str
    join_policy: str
    topic_words: tuple  # matched against topic slugs
    debates: list


GROUPS = [
    GroupSeed(
        "Transformación digital de la administración local",
        "Ayuntamientos y diputaciones que **digitalizan trámites** sin dejar a nadie atrás: sede electrónica, "
        "carpeta ciudadana, interoperabilidad y atención multicanal.",
        V.PUBLIC, J.OPEN, ("transformacion-digital", "administracion-electronica", "gobierno-local"),
        [
            DebateSeed("es", "¿Cómo medís la satisfacción con la sede electrónica?",
                       "Estamos rediseñando la sede y queremos indicadores más allá del número de trámites. "
                       "¿Usáis encuestas al final del trámite, analítica web, pruebas con usuarios?",
                       ["Nosotros lanzamos una encuesta de una sola pregunta al terminar cada trámite. La tasa de "
                        "respuesta ronda el 8 %, suficiente para ver tendencias.",
                        "Ojo con medir solo a quien termina: el abandono a mitad del formulario dice mucho más.",
                        "En la Diputación hacemos sesiones mensuales con cinco personas mayores. Barato y revelador.",
                        "¿Alguien comparte el cuestionario? Nos ahorraría semanas."]),
            DebateSeed("es", "Interoperabilidad con el padrón: ¿plataforma propia o la del Estado?",
                       "Tenemos que decidir si integramos la consulta de empadronamiento vía la plataforma estatal "
                       "o con un desarrollo propio. ¿Experiencias?",
                       ["La plataforma estatal funciona y evita mantener un conector propio. El cuello de botella "
                        "fue la firma del convenio, no la técnica.",
                        "Nosotros hicimos desarrollo propio en 2019 y hoy lo lamentamos: cada cambio normativo "
                        "es un proyecto."]),
            DebateSeed("ca", "Atenció multicanal: quin paper hi té el WhatsApp?",
                       "Hi ha ajuntaments que ja responen consultes per WhatsApp. Com ho feu amb la protecció de "
                       "dades i el registre?",
                       ["Nosaltres només hi donem informació general, mai dades personals. Per a tràmits redirigim "
                        "a la seu.",
                        "El DPD ens va demanar una avaluació d'impacte abans de començar. Recomanable."]),
        ],
    ),
    GroupSeed(
        "Compra pública innovadora",
        "Consultas preliminares al mercado, compra precomercial, lotes y **cláusulas sociales**. "
        "Compartimos pliegos que funcionaron y errores que no repetiríamos.",
        V.PUBLIC, J.REQUEST, ("compra-publica", "innovacion-publica"),
        [
            DebateSeed("es", "¿Qué lotes usáis para contratar servicios digitales?",
                       "Queremos abrir el mercado a pymes. ¿Dividís por perfiles, por fases o por producto?",
                       ["Por perfiles nos dio buen resultado: diseño, desarrollo y mantenimiento por separado.",
                        "Cuidado con los lotes demasiado pequeños: nadie se presenta y quedan desiertos.",
                        "Nosotros exigimos entregas cada dos semanas en el pliego. Cambió la relación con la "
                        "empresa.",
                        "¿Cómo valoráis la calidad sin que todo se decida por precio?",
                        "Con criterios sujetos a juicio de valor y una prueba práctica. Dejamos el precio en un "
                        "40 %."]),
            DebateSeed("pt", "Encomenda tecnológica: alguém já aplicou?",
                       "Estamos estudando usar a encomenda tecnológica para um desafio de mobilidade urbana. "
                       "Quais foram os maiores obstáculos jurídicos?",
                       ["O maior obstáculo foi convencer o controle interno. Vale envolver a procuradoria desde o "
                        "início.",
                        "Recomendo o guia do TCU, ajudou muito a estruturar a justificativa."]),
            DebateSeed("en", "Pre-commercial procurement: how long did yours take?",
                       "We are planning our first PCP. How long from the open market consultation to the "
                       "first prototype?",
                       ["About 14 months in our case, and the consultation was the most useful part.",
                        "Budget for legal support: we underestimated it badly."]),
        ],
    ),
    GroupSeed(
        "Gobierno abierto y transparencia",
        "Portales de transparencia, planes de gobierno abierto, rendición de cuentas. "
        "Red abierta a toda Iberoamérica.",
        V.PUBLIC, J.OPEN, ("gobierno-abierto", "transparencia", "datos-abiertos"),
        [
            DebateSeed("es", "¿Publicáis las agendas de los cargos públicos en datos abiertos?",
                       "La ley nos obliga a publicarlas, pero en PDF. ¿Alguien las publica en CSV o con API?",
                       ["Sí, en CSV diario desde hace dos años. Los periodistas las reutilizan mucho.",
                        "Nosotros usamos el estándar de Open Contracting para contratos y nos planteamos algo "
                        "parecido para agendas.",
                        "La clave fue que el gabinete rellenara un formulario estructurado en lugar de un Word."]),
            DebateSeed("pt", "Como engajar a sociedade civil no plano de ação de governo aberto?",
                       "No último plano tivemos pouca participação fora das capitais.",
                       ["Fizemos oficinas itinerantes em cinco cidades médias. Mudou completamente o perfil dos "
                        "compromissos.",
                        "Parcerias com universidades locais ajudaram a mobilizar."]),
        ],
    ),
    GroupSeed(
        "Participació ciutadana",
        "Pressupostos participatius, processos deliberatius i assemblees ciutadanes. "
        "Compartim metodologies i eines de codi obert.",
        V.PUBLIC, J.OPEN, ("participacion-ciudadana", "gobierno-local"),
        [
            DebateSeed("ca", "Pressupostos participatius: com evitar que sempre guanyin els mateixos barris?",
                       "Els barris més organitzats s'emporten gairebé tots els projectes.",
                       ["Nosaltres reservem un percentatge per a cada districte segons renda.",
                        "El vot presencial als mercats ens va ajudar a arribar a gent que no vota en línia.",
                        "Hem provat el sorteig de propostes finalistes. Polèmic però funciona."]),
            DebateSeed("es", "Asambleas ciudadanas por sorteo: ¿qué hacéis con las recomendaciones?",
                       "El miedo de los equipos de gobierno es comprometerse de antemano.",
                       ["Nosotros nos comprometimos a responder por escrito a cada recomendación en tres meses, "
                        "aunque fuera para decir que no.",
                        "Publicar el seguimiento en la web da credibilidad al siguiente proceso."]),
        ],
    ),
    GroupSeed(
        "Data and AI in the public sector",
        "Responsible use of data and artificial intelligence: algorithm registers, impact assessments, "
        "procurement of AI systems and data governance.",
        V.PUBLIC, J.OPEN, ("inteligencia-artificial", "datos-abiertos"),
        [
            DebateSeed("en", "Who keeps an algorithm register, and what goes in it?",
                       "We want to publish the algorithms our city uses. What fields do you include?",
                       ["Purpose, data used, human oversight and a contact person. Keep it short or nobody "
                        "maintains it.",
                        "We added the procurement file of each system; journalists asked for it first.",
                        "Do you include simple rule-based systems too?",
                        "Yes: citizens do not care whether it is machine learning or an Excel macro."]),
            DebateSeed("es", "¿Usáis modelos de lenguaje para responder a la ciudadanía?",
                       "Tenemos una prueba piloto con un asistente para dudas sobre tributos.",
                       ["Nosotros lo limitamos a redactar borradores que revisa una persona.",
                        "Importante: registrar qué versión del modelo y qué fuentes usa cada respuesta."]),
        ],
    ),
    GroupSeed(
        "Personas y talento en el sector público",
        "Selección, carrera, teletrabajo, relevo generacional y aprendizaje. Espacio para responsables de "
        "**recursos humanos** de cualquier administración.",
        V.MEMBERS, J.OPEN, ("recursos-humanos",),
        [
            DebateSeed("es", "Relevo generacional: ¿cómo atraéis talento joven?",
                       "La mitad de la plantilla se jubila en diez años y las oposiciones no atraen a perfiles "
                       "técnicos.",
                       ["Hemos reducido temarios y añadido pruebas prácticas. Se presentó el doble de gente.",
                        "Las becas de prácticas con universidades son nuestra mejor cantera.",
                        "Comunicar el propósito del trabajo público importa más que el salario, según nuestras "
                        "encuestas."]),
            DebateSeed("pt", "Teletrabalho no setor público: como avaliar resultados?",
                       "Estamos saindo do controle de ponto para um modelo por entregas.",
                       ["Planos de trabalho trimestrais com metas claras funcionaram para nós.",
                        "Cuidado para não transformar tudo em planilha: conversa de acompanhamento é essencial."]),
        ],
    ),
    GroupSeed(
        "Innovación en gobiernos locales de Iberoamérica",
        "Municipios de América Latina, España y Portugal que comparten proyectos y se visitan.",
        V.MEMBERS, J.REQUEST, ("gobierno-local", "innovacion-publica", "smart-cities"),
        [
            DebateSeed("es", "Laboratorios de innovación municipal: ¿dentro o fuera del organigrama?",
                       "Nos debatimos entre crear una unidad formal o un equipo transversal temporal.",
                       ["Dentro del organigrama da estabilidad; fuera da libertad. Nosotros empezamos fuera y "
                        "luego lo consolidamos.",
                        "Lo importante es que reporte a alguien con capacidad de decisión."]),
            DebateSeed("pt", "Cidades inteligentes sem dependência de fornecedor",
                       "Como evitar o aprisionamento tecnológico em plataformas de cidade inteligente?",
                       ["Exigir padrões abertos e APIs documentadas no edital.",
                        "Adotamos a plataforma FIWARE e hoje trocamos de fornecedor sem dor."]),
        ],
    ),
    GroupSeed(
        "Lenguaje claro",
        "Textos administrativos que se entienden a la primera: guías, pruebas con personas y reescrituras.",
        V.MEMBERS, J.OPEN, ("lenguaje-claro",),
        [
            DebateSeed("es", "¿Reescribimos las notificaciones de sanciones?",
                       "Son las cartas que más quejas generan. Compartimos un antes y un después.",
                       ["Nosotros empezamos por poner en la primera línea qué tiene que hacer la persona y hasta "
                        "cuándo.",
                        "La asesoría jurídica fue nuestra aliada cuando vio que bajaban los recursos."]),
        ],
    ),
    GroupSeed(
        "Red de responsables de protección de datos",
        "Espacio reservado para delegados y delegadas de protección de datos de administraciones públicas. "
        "Las conversaciones son solo para miembros.",
        V.PRIVATE, J.REQUEST, ("ciberseguridad", "transparencia"),
        [
            DebateSeed("es", "Brecha de seguridad en un proveedor: ¿quién notifica?",
                       "Un encargado del tratamiento sufrió un incidente. Dudas sobre plazos y responsabilidades.",
                       ["El responsable eres tú: el encargado debe avisarte sin dilación y tú notificas en 72 "
                        "horas.",
                        "Revisa el contrato de encargo: muchas veces no fija plazos y conviene corregirlo.",
                        "Nosotros hicimos un simulacro con el proveedor después. Muy recomendable."]),
        ],
    ),
    GroupSeed(
        "Evaluació de polítiques públiques",
        "Grup de treball d'avaluadors i avaluadores de l'administració catalana i d'altres territoris.",
        V.PRIVATE, J.INVITATION, ("evaluacion-de-politicas-publicas",),
        [
            DebateSeed("ca", "Avaluacions d'impacte amb dades administratives",
                       "Quins convenis feu servir per accedir a dades d'altres departaments?",
                       ["Un conveni marc amb l'institut d'estadística ens ha simplificat molt la feina.",
                        "Pseudonimitzar abans de compartir és condició indispensable."]),
        ],
    ),
    GroupSeed(
        "Comité de programa del congreso",
        "Preparación del programa del próximo congreso de innovación pública. Grupo secreto de trabajo.",
        V.SECRET, J.INVITATION, ("innovacion-publica",),
        [
            DebateSeed("es", "Propuesta de ejes temáticos para la próxima edición",
                       "Primera ronda de ideas: ¿qué ejes proponéis?",
                       ["Inteligencia artificial responsable, sin duda.",
                        "Me gustaría un eje sobre cuidado de los equipos públicos y salud laboral."]),
        ],
    ),
    GroupSeed(
        "Grupo de trabajo de ciberseguridad municipal",
        "Intercambio de alertas e incidentes entre responsables de seguridad. Solo por invitación.",
        V.SECRET, J.INVITATION, ("ciberseguridad",),
        [
            DebateSeed("es", "Campaña de phishing suplantando a la sede electrónica",
                       "Hemos detectado correos que imitan nuestras notificaciones. Compartimos indicadores.",
                       ["Gracias, bloqueados en nuestro correo también.",
                        "¿Habéis avisado a la ciudadanía por redes? Nosotros sí y bajó mucho el impacto."]),
        ],
    ),
]

OPEN_NETWORK = [
    DebateSeed("es", "¿Qué libro sobre innovación pública recomendaríais a alguien que empieza?",
               "Entra una compañera nueva al equipo y quiero regalarle algo útil.",
               ["«Gobernar con datos» me abrió los ojos.", "Más que un libro, los informes de la OCDE sobre "
                "innovación pública son una gran puerta de entrada."]),
    DebateSeed("pt", "Qual foi o projeto de inovação que mais te orgulha?",
               "Vamos compartilhar boas práticas: conte em poucas linhas.",
               ["A simplificação do alvará de funcionamento: de 90 para 5 dias.",
                "Um balcão único para pessoas migrantes, construído com elas."]),
    DebateSeed("en", "Remote collaboration between administrations: which tools work for you?",
               "Our network spans three countries. Video calls are fine; shared documents are the pain.",
               ["Plain text and a shared wiki beat any fancy platform.",
                "Agree on one language per document, or translations multiply forever."]),
]

TRANSLATIONS = {
    "¿Qué lotes usáis para contratar servicios digitales?": [
        ("pt", "Que lotes vocês usam para contratar serviços digitais?",
         "Queremos abrir o mercado às pequenas empresas. Vocês dividem por perfis, por fases ou por produto?"),
        ("en", "Which lots do you use to buy digital services?",
         "We want to open the market to small companies. Do you split by profile, by phase or by product?"),
    ],
}

REACTIONS = [Reaction.Kind.LIKE, Reaction.Kind.INSIGHTFUL, Reaction.Kind.SUPPORT]
# Group size (members) by visibility: public groups are the largest.
SIZE = {V.PUBLIC: (25, 120), V.MEMBERS: (15, 70), V.PRIVATE: (6, 25), V.SECRET: (4, 10)}


@dataclass
class SpacesReport:
    groups: int = 0
    memberships: int = 0
    debates: int = 0
    comments: int = 0
    reactions: int = 0
    join_requests: int = 0
    invitations: int = 0


@contextmanager
def _explicit_timestamps():
    """Keep the dates we compute: auto_now_add would date every demo row to this very second."""
    stamped = [Space._meta.get_field("created_at"), Content._meta.get_field("created_at"),
               Comment._meta.get_field("created_at"), Reaction._meta.get_field("created_at"),
               JoinRequest._meta.get_field("created_at"), SpaceInvitation._meta.get_field("created_at")]
    saved = [(f, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now_add in saved:
            f.auto_now_add = auto_now_add


def _topics_for(seed: GroupSeed, topics, rng):
    by_slug = {t.slug: t for t in topics}
    chosen = [by_slug[w] for w in seed.topic_words if w in by_slug]
    if not chosen and topics:
        chosen = rng.sample(list(topics), min(2, len(topics)))
    return chosen


def _unique_slug(name, taken):
    base = slugify(name)[:120] or "grupo"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def seed_spaces(rng, users, topics, organisations) -> SpacesReport:
    """Create the demo groups with their members and conversations. `users` must not be empty."""
    users, topics, organisations = list(users), list(topics), list(organisations)
    report = SpacesReport()
    if not users:
        return report
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic(), _explicit_timestamps():
        taken = set(Space.objects.filter(kind=Space.Kind.GROUP).values_list("slug", flat=True))
        for seed in GROUPS:
            _seed_group(rng, seed, users, topics, organisations, today, taken, report)
        _seed_debates(rng, None, OPEN_NETWORK, users, [], topics, today, report)
    return report


def _seed_group(rng, seed, users, topics, organisations, today, taken, report):
    created = today - timedelta(days=rng.randint(120, 900), minutes=rng.randint(0, 1439))
    low, high = SIZE[seed.visibility]
    size = min(len(users), rng.randint(low, high))
    people = rng.sample(users, size)
    organisation = rng.choice(organisations) if organisations and rng.random() < 0.3 else None
    space = Space(kind=Space.Kind.GROUP, name=seed.name, slug=_unique_slug(seed.name, taken),
                  description=seed.description, description_html=render_markdown(seed.description),
                  visibility=seed.visibility, join_policy=seed.join_policy, organisation=organisation,
                  created_by=people[0], member_count=len(people), created_at=created)
    Space.objects.bulk_create([space])
    space.topics.set(_topics_for(seed, topics, rng))
    roles = [Membership.Role.OWNER, Membership.Role.ADMIN, Membership.Role.MODERATOR]
    # The owner and about one member in seven follow the group closely (told of each new post). A generator
    # of its own, so the rest of the network stays what the same seed always gave.
    closely = random.Random(space.slug)
    Membership.objects.bulk_create([
        Membership(space=space, user=user, role=roles[i] if i < len(roles) else Membership.Role.MEMBER,
                   follows_closely=i == 0 or closely.random() < 0.15, is_translator=rng.random() < 0.05,
                   joined_at=created + timedelta(days=rng.randint(0, max(1, (today - created).days))))
        for i, user in enumerate(people)
    ])
    report.groups += 1
    report.memberships += len(people)
    joined = set(people)
    outsiders = [u for u in users if u not in joined]
    if seed.join_policy == J.REQUEST and outsiders:
        waiting = rng.sample(outsiders, min(len(outsiders), rng.randint(1, 3)))
        JoinRequest.objects.bulk_create([
            JoinRequest(space=space, user=user, message=rng.choice(REQUEST_MESSAGES),
                        created_at=today - timedelta(days=rng.randint(0, 10))) for user in waiting])
        report.join_requests += len(waiting)
        outsiders = [u for u in outsiders if u not in waiting]
    if seed.join_policy == J.INVITATION and outsiders:
        invited = rng.choice(outsiders)
        SpaceInvitation.objects.bulk_create([SpaceInvitation(
            space=space, invited_by=people[0], user=invited, email=invited.email,
            created_at=today - timedelta(days=rng.randint(0, 10)))])
        report.invitations += 1
    _seed_debates(rng, space, seed.debates, people, _topics_for(seed, topics, rng), topics, today, report,
                  since=created)


REQUEST_MESSAGES = [
    "Trabajo en este ámbito en mi ayuntamiento y me gustaría aprender de vuestra experiencia.",
    "Trabalho com este tema na prefeitura e gostaria de participar.",
    "M'agradaria participar-hi: porto aquests temes a la diputació.",
    "I lead a similar team and would love to join the conversation.",
]


def _seed_debates(rng, space, seeds, people, group_topics, topics, today, report, since=None):
    """Debates with their replies (two levels), reactions and mentions, in bulk."""
    earliest = max(since or today - timedelta(days=365), today - timedelta(days=365))
    span = max(1, int((today - earliest).total_seconds() // 60))
    contents = []
    for seed in seeds:
        author = rng.choice(people)
        published = earliest + timedelta(minutes=rng.randint(span // 3, span - 1))
        rendered = render_body(seed.body)
        contents.append(Content(kind="debate", space=space, author=author, title=seed.title, body=seed.body,
                                body_html=rendered.html, language=seed.language, published_at=published,
                                last_activity_at=published, created_at=published,
                                is_pinned=space is not None and rng.random() < 0.15))
    Content.objects.bulk_create(contents)
    Debate.objects.bulk_create([Debate(content=c) for c in contents])
    report.debates += len(contents)
    through = Content.topics.through
    links = []
    for content in contents:
        chosen = group_topics or rng.sample(topics, min(2, len(topics)))
        links += [through(content_id=content.pk, topic_id=t.pk) for t in chosen]
    through.objects.bulk_create(links, ignore_conflicts=True)
    for seed, content in zip(seeds, contents, strict=True):
        _seed_replies(rng, seed, content, people, today, report)
        _seed_translations(seed, content)
    reactions = []
    for content in contents:
        for user in rng.sample(people, min(len(people), rng.randint(0, 12))):
            reactions.append(Reaction(user=user, content=content, kind=rng.choice(REACTIONS),
                                      created_at=content.published_at + timedelta(hours=rng.randint(1, 200))))
    Reaction.objects.bulk_create(reactions)
    report.reactions += len(reactions)


def _seed_replies(rng, seed, content, people, today, report):
    moment = content.published_at
    roots, replies, mentions = [], [], []
    for text in seed.replies:
        moment = min(today, moment + timedelta(minutes=rng.randint(20, 3000)))
        author = rng.choice(people)
        if rng.random() < 0.2 and content.author_id != author.pk:
            text = f"@{content.author.username} {text}"
        comment = Comment(content=content, author=author, body=text, created_at=moment)
        rendered = render_body(text)
        comment.body_html = rendered.html
        comment.mentioned = rendered.mentioned
        (replies if roots and rng.random() < 0.35 else roots).append(comment)
    Comment.objects.bulk_create(roots)
    for reply in replies:
        reply.parent = reply.root = rng.choice(roots)
    Comment.objects.bulk_create(replies)
    every = roots + replies
    for comment in every:
        mentions += [Mention(user=user, by=comment.author, content=content, comment=comment)
                     for user in comment.mentioned if user.pk != comment.author_id]
    Mention.objects.bulk_create(mentions, ignore_conflicts=True)
    reactions = [Reaction(user=user, comment=comment, kind=rng.choice(REACTIONS), created_at=comment.created_at)
                 for comment in every for user in rng.sample(people, min(len(people), rng.randint(0, 4)))]
    Reaction.objects.bulk_create(reactions)
    if every:
        Content.objects.filter(pk=content.pk).update(comment_count=len(every),
                                                     last_activity_at=max(c.created_at for c in every))
        if rng.random() < 0.5:
            Debate.objects.filter(content=content).update(useful_answer=rng.choice(roots))
    report.comments += len(every)
    report.reactions += len(reactions)


def _seed_translations(seed, content):
    versions = [
        Content(kind=content.kind, space=content.space, author=content.author, original=content, title=title,
                body=body, body_html=render_markdown(body), language=language, published_at=content.published_at,
                last_activity_at=content.published_at, created_at=content.published_at)
        for language, title, body in TRANSLATIONS.get(seed.title, [])
    ]
    Content.objects.bulk_create(versions)
