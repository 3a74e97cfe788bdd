"""Demo blog posts, wiki pages (several revisions each) and events (past and upcoming, with
attendees and a waiting list). Deterministic for a given random.Random and input order.

Called by seed_demo once members and groups exist: seed_blogs(rng, users, spaces, topics).
Rows are written directly (bulk where it matters); the texts are rendered as the services would.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from xarxa.blogs.models import Post
from xarxa.blogs.services import excerpt_of
from xarxa.content.models import Content
from xarxa.content.text import render_body
from xarxa.events import recurrence
from xarxa.events.models import Event, Rsvp
from xarxa.spaces.models import Membership, Space
from xarxa.wikis.links import render_wiki_body
from xarxa.wikis.models import WikiPage, WikiRevision, title_key

POSTS = [
    ("es", "Lo que aprendimos publicando los contratos menores",
     "Durante un año publicamos **todos los contratos menores** en formato abierto. Tres lecciones: empezar por "
     "lo que ya existe, documentar cada campo y escuchar a quien reutiliza los datos.\n\nEl siguiente paso es "
     "enlazar cada contrato con su expediente."),
    ("es", "Cinco ideas para una sede electrónica que la gente entienda",
     "Lenguaje claro, un solo botón por página, pruebas con personas mayores, formularios que guardan lo escrito "
     "y un teléfono visible. Ninguna requiere presupuesto extra."),
    ("pt", "Como organizamos um laboratório de inovação com orçamento zero",
     "Começamos com uma sala emprestada e voluntários de três secretarias. Em seis meses tínhamos quatro "
     "protótipos testados com cidadãos."),
    ("ca", "Participació ciutadana més enllà de les enquestes",
     "Els pressupostos participatius funcionen quan el retorn és visible: cada proposta té un estat públic i una "
     "data de resposta."),
    ("en", "Notes from our first open-data hackathon",
     "Forty people, twelve datasets and one rule: every prototype must be usable by a civil servant on Monday."),
]

WIKI = [
    ("Guía de datos abiertos", [
        "Cómo publicar datos abiertos en la administración.",
        "Cómo publicar datos abiertos en la administración. Ver también [[Licencias]] y [[Formatos]].",
        "Cómo publicar **datos abiertos** en la administración local y regional.\n\n"
        "Ver también [[Licencias]], [[Formatos]] y [[Catálogo de datos]].",
    ]),
    ("Licencias", [
        "Usad CC BY 4.0 salvo que la ley diga otra cosa.",
        "Usad CC BY 4.0 salvo que una norma diga otra cosa. Volver a [[Guía de datos abiertos]].",
    ]),
    ("Formatos", [
        "CSV para tablas, GeoJSON para mapas.",
        "CSV (UTF-8) para tablas, GeoJSON para mapas, y siempre un diccionario de datos.",
        "CSV (UTF-8) para tablas, GeoJSON para mapas y JSON-LD para catálogos; siempre un diccionario de datos.",
    ]),
]

EVENTS = [
    ("Jornada de innovación pública", "Madrid", "Calle de Alcalá 1", "ES", "Europe/Madrid", "in_person", 30),
    ("Webinar: compra pública de innovación", "", "", "", "America/Bogota", "online", None),
    ("Encontro de laboratórios de governo", "Centro Cultural", "Av. Paulista 1000", "BR", "America/Sao_Paulo",
     "hybrid", 4),
    ("Café de datos abiertos", "Biblioteca municipal", "Plaza Mayor 2", "CL", "America/Santiago", "in_person", 12),
]


@dataclass
class KindsReport:
    posts: int = 0
    wiki_pages: int = 0
    wiki_revisions: int = 0
    events: int = 0
    rsvps: int = 0


def _content(kind, author, space, language, title, body, when, rendered_html=None, topics=()):
    rendered = render_body(body)
    content = Content.objects.create(kind=kind, space=space, author=author, title=title, body=body,
                                     body_html=rendered_html or rendered.html, language=language,
                                     published_at=when, last_activity_at=when)
    Content.objects.filter(pk=content.pk).update(created_at=when)
    if topics:
        content.topics.set(topics)
    return content


def _members(space, users):
    ids = set(Membership.objects.filter(space=space).values_list("user_id", flat=True))
    return [user for user in users if user.pk in ids] or users[:1]


def seed_blogs(rng, users, spaces, topics) -> KindsReport:
    report = KindsReport()
    users, spaces = list(users), [s for s in spaces if s.kind == Space.Kind.GROUP]
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        _seed_posts(rng, users, spaces, topics, now, report)
        _seed_wiki(rng, users, spaces, now, report)
        _seed_events(rng, users, spaces, topics, now, report)
    return report


def _seed_posts(rng, users, spaces, topics, now, report):
    posts = []
    for number, (language, title, body) in enumerate(POSTS * 2):
        space = spaces[number % len(spaces)] if spaces and number % 2 else None
        author = rng.choice(_members(space, users) if space else users)
        when = now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 23))
        suffix = "" if number < len(POSTS) else f" ({number - len(POSTS) + 2})"
        content = _content("post", author, space, language, title + suffix, body, when,
                           topics=rng.sample(list(topics), k=min(2, len(topics))))
        posts.append(Post(content=content, excerpt=excerpt_of(content.body_html)))
    Post.objects.bulk_create(posts)
    report.posts = len(posts)


def _seed_wiki(rng, users, spaces, now, report):
    for space in [None, *spaces[:2]]:
        writers = _members(space, users) if space else users
        revisions, top = [], None
        for title, texts in WIKI:
            first_author = rng.choice(writers)
            when = now - timedelta(days=rng.randint(30, 90))
            content = _content("wiki_page", first_author, space, "es", title, texts[-1], when,
                               rendered_html=render_body(texts[-1]).html)
            page = WikiPage.objects.create(content=content, space=space, title_key=title_key(title),
                                           parent=top if title != WIKI[0][0] else None,
                                           revision_number=len(texts))
            top = top or page
            for number, text in enumerate(texts, start=1):
                revisions.append(WikiRevision(page=page, number=number, title=title, body=text,
                                              author=first_author if number == 1 else rng.choice(writers),
                                              comment="" if number > 1 else "Página creada"))
            report.wiki_pages += 1
        WikiRevision.objects.bulk_create(revisions)
        report.wiki_revisions += len(revisions)
        # Links are rendered once every page of this wiki exists (red only for the missing ones).
        for page in WikiPage.objects.filter(space=space).select_related("content"):
            Content.objects.filter(pk=page.content_id).update(
                body_html=render_wiki_body(page.content.body, space).html)


def _seed_events(rng, users, spaces, topics, now, report):
    rsvps = []
    for number, (title, venue, address, country, zone, mode, capacity) in enumerate(EVENTS * 2):
        past = number >= len(EVENTS)
        space = spaces[number % len(spaces)] if spaces and number % 2 == 0 else None
        organiser = rng.choice(_members(space, users) if space else users)
        day = (now + timedelta(days=(-rng.randint(5, 60) if past else rng.randint(3, 45)))).date()
        start = datetime.combine(day, time(rng.choice([9, 10, 16, 18])), tzinfo=ZoneInfo(zone))
        content = _content("event", organiser, space, "es" if "Webinar" in title or number % 3 else "pt",
                           title + (" (edición anterior)" if past else ""),
                           "Un encuentro para compartir lo que funciona. Trae tus preguntas.",
                           now - timedelta(days=70), topics=rng.sample(list(topics), k=min(1, len(topics))))
        event = Event(content=content, starts_at=start, ends_at=start + timedelta(hours=2), time_zone=zone,
                      mode=mode, venue=venue, address=address, country=country, capacity=capacity,
                      online_url="https://meet.example.org/xarxa-demo" if mode != "in_person" else "",
                      recurrence="FREQ=MONTHLY;COUNT=6" if title.startswith("Café") and not past else "")
        event.series_ends_at = recurrence.series_end(event)
        event.save()
        attendees = rng.sample(users, k=min(len(users), rng.randint(3, 9)))
        going = 0
        for position, user in enumerate(attendees):
            if capacity is None or going < capacity:
                answer = rng.choice(["going", "going", "going", "maybe"])
                going += answer == "going"
                rsvps.append(Rsvp(event=event, occurrence=start, user=user, answer=answer))
            else:  # a waiting list, in order
                rsvps.append(Rsvp(event=event, occurrence=start, user=user, answer="waiting",
                                  waiting_since=now - timedelta(hours=len(attendees) - position)))
        event.going_count = going
        event.save(update_fields=["going_count"])
        report.events += 1
    Rsvp.objects.bulk_create(rsvps)
    report.rsvps = len(rsvps)
