"""The two demo logins, the same on every run: Ana, a member with a complete profile and a living
network, and the moderation team's staff account."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress

from xarxa.accounts.models import Profile, User
from xarxa.core.bulk import insert_rows
from xarxa.demo import data
from xarxa.follows.models import Follow

DEMO_PASSWORD = "xarxa-demo-2026"
ANA_EMAIL = "ana@demo.xarxa.example"
ADMIN_EMAIL = "admin@demo.xarxa.example"
ANA_TOPICS = ["Innovación pública", "Datos abiertos", "Lenguaje claro", "Participación ciudadana",
              "Transformación digital"]
ANA_FOLLOWS_ORGANISATIONS = [data.MTDFP, "Centro Latinoamericano de Administración para el Desarrollo"]
ANA_BIO = """Jefa de Servicio de Innovación Pública en el **Ayuntamiento de Madrid**.

Llevo quince años en la administración local, primero en atención a la ciudadanía y ahora
coordinando proyectos de *datos abiertos* y **lenguaje claro**.

Me interesa:

- que los trámites se entiendan a la primera,
- publicar datos que la gente reutilice de verdad,
- aprender de otras ciudades de Iberoamérica.

¿Trabajas en algo parecido? [Escríbeme](mailto:ana@demo.xarxa.example) y lo hablamos.
"""
ADMIN_BIO = """Cuenta del **equipo de moderación** de Xarxa.

Revisamos organizaciones propuestas, verificamos perfiles de personas empleadas públicas y
cuidamos que la conversación sea útil y respetuosa.
"""


@dataclass
class DemoAccounts:
    admin: User
    ana: User
    created: int  # how many of the two this run created
    ana_is_new: bool


def ensure_demo_accounts(password: str, organisations: list, topics: list, today: datetime) -> DemoAccounts:
    """The staff account and Ana; created when missing, left alone otherwise."""
    created = 0
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = _create_account(
            password, today - timedelta(days=3 * 365 + 10), username="admin", email=ADMIN_EMAIL,
            first_name="Equipo", last_name="de moderación", is_staff=True, is_superuser=True,
            profile={"full_name": "Equipo de moderación", "headline": "Moderación de la comunidad Xarxa",
                     "bio": ADMIN_BIO, "country": "ES", "languages": ["es", "pt", "ca", "en"]},
        )
        created += 1
    ana = User.objects.filter(email=ANA_EMAIL).first()
    if ana is not None:
        return DemoAccounts(admin, ana, created, ana_is_new=False)
    org_by_name = {org.name: row for org, row in zip(data.ORGANISATIONS, organisations, strict=True)}
    joined = today - timedelta(days=3 * 365 - 20)
    ana = _create_account(
        password, joined, username="ana", email=ANA_EMAIL, first_name="Ana", last_name="García Romero",
        profile={
            "full_name": "Ana García Romero",
            "headline": "Innovación pública, datos abiertos y lenguaje claro · Ayuntamiento de Madrid",
            "position": "Jefa de Servicio de Innovación Pública",
            "organisation": org_by_name[data.MADRID],
            "country": "ES",
            "languages": ["es", "en", "ca"],
            "bio": ANA_BIO,
            "visibility": Profile.Visibility.MEMBERS,
            "verification": Profile.Verification.MODERATOR,
            "verified_at": joined + timedelta(days=2),
            "verified_by": admin,
        },
    )
    topic_by_name = {t.name: t for t in topics}
    ana.profile.topics.set([topic_by_name[name] for name in ANA_TOPICS])
    return DemoAccounts(admin, ana, created + 1, ana_is_new=True)


def _create_account(password, joined, *, profile, **fields) -> User:
    user = User.objects.create(password=password, date_joined=joined, language="es", is_approved=True, **fields)
    Profile(user=user, **profile).save()  # save() renders bio_html
    # update() leaves auto_now alone: the profile dates match the join date, not this second.
    Profile.objects.filter(user=user).update(created_at=joined, updated_at=joined)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def connect_demo_member(ana: User, people: list, user_ids: list, organisations: list, topics: list, seed,
                        today: datetime) -> tuple[int, int, int]:
    """Ana follows colleagues, two organisations and her topics, and has followers: her home page is alive.

    Returns how many members, organisations and topics she follows or is followed by.
    """
    rng = random.Random(f"{seed}:ana")
    spanish = [i for i, m in enumerate(people) if m.country == "ES"] or list(range(len(people)))
    follows_whom = dict.fromkeys(_sample(rng, spanish, 10) + _sample(rng, range(len(people)), 5))
    followed_by = dict.fromkeys(_sample(rng, spanish, 30) + _sample(rng, range(len(people)), 10))
    since = ana.date_joined.timestamp()

    def when(*joined):
        start = max((since, *joined))
        return datetime.fromtimestamp(int(start + (today.timestamp() - start) * rng.random()), tz=UTC)

    members = insert_rows(Follow, [
        *({"follower_id": ana.pk, "user_id": user_ids[i], "created_at": when(people[i].joined)}
          for i in follows_whom),
        *({"follower_id": user_ids[i], "user_id": ana.pk, "created_at": when(people[i].joined)}
          for i in followed_by),
    ])
    org_by_name = {org.name: row for org, row in zip(data.ORGANISATIONS, organisations, strict=True)}
    orgs = insert_rows(Follow, [{"follower_id": ana.pk, "organisation_id": org_by_name[name].pk, "created_at": when()}
                                for name in ANA_FOLLOWS_ORGANISATIONS])
    topic_by_name = {t.name: t for t in topics}
    topics_followed = insert_rows(Follow, [
        {"follower_id": ana.pk, "topic_id": topic_by_name[name].pk, "created_at": when()} for name in ANA_TOPICS[:4]
    ])
    return members, orgs, topics_followed


def _sample(rng, population, count) -> list:
    population = list(population)
    return rng.sample(population, min(count, len(population)))
