"""Demo members as plain Python records: names, addresses, jobs, topics. No database here.

Faker is slow per call, so each locale gets a pool of first names and surnames (drawn from a
Faker instance seeded for that locale alone) and members combine pool entries. The same seed
always gives the same members, whatever order the locales are first needed in.
"""

import random
import re
from bisect import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from itertools import accumulate

from django.utils.text import slugify
from faker import Faker

from xarxa.core.markdown import render_markdown
from xarxa.demo import data, phrases

POOL_FIRST_NAMES = 400  # draws per gender; repeats are kept so common names stay common
POOL_SURNAMES = 600
SPAN_SECONDS = 3 * 365 * 24 * 3600  # members joined over the last three years
KIND_WEIGHTS = {"administration": 8, "university": 2, "company": 1, "nonprofit": 1, "international": 1}
BIO_VARIANTS = 3

# Names stay as they are inside a sentence ("la Agenda 2030", not "la agenda 2030").
KEEP_CASE = {"Agenda 2030", "2030 Agenda"}
# Catalan drops the vowel of "de" before a vowel or h: "Cap del Servei d'Atenció Ciutadana".
CATALAN_ELISION = re.compile(r"\bde (\**[AEIOUHÀÈÉÍÒÓÚaeiouhàèéíòóú])")  # also before *emphasis*


@dataclass(slots=True)
class Member:
    username: str
    email: str
    first_name: str
    last_name: str
    full_name: str
    language: str  # es, pt, ca or en: how the member writes
    country: str
    organisation: int | None  # index into data.ORGANISATIONS
    position: str
    headline: str
    topics: list  # indexes into data.TOPICS, most important first
    languages: list
    visibility: str
    allow_indexing: bool
    email_verified: bool
    domain_verified: bool
    joined: float  # POSIX timestamp
    bio_key: tuple | None = None  # key into BioPool
    moderator_verified: bool = False


def lower_first(text: str) -> str:
    if text in KEEP_CASE or len(text) < 2 or text[1].isupper():
        return text
    return text[0].lower() + text[1:]


def topic_name(index: int, language: str) -> str:
    return getattr(data.TOPICS[index], language)


class NamePools:
    """First names (female, male) and surnames per Faker locale, built on first use."""

    def __init__(self, seed):
        self.seed = seed

    def get(self, locale: str):
        return _name_pool(self.seed, locale)


@lru_cache(maxsize=64)
def _name_pool(seed, locale: str):
    """The same for the same (seed, locale), so a process may reuse it across runs."""
    fake = Faker(locale)
    fake.seed_instance(f"{seed}:names:{locale}")
    female = tuple(fake.first_name_female() for _ in range(POOL_FIRST_NAMES))
    male = tuple(fake.first_name_male() for _ in range(POOL_FIRST_NAMES))
    surnames = [fake.last_name() for _ in range(POOL_SURNAMES)]
    if locale == "es_CA":
        surnames += data.CATALAN_SURNAMES * (POOL_SURNAMES // len(data.CATALAN_SURNAMES))
    return female, male, tuple(surnames)


def surname_count(locale: str, rng: random.Random) -> int:
    """Most of the Spanish-speaking world uses two surnames; Argentina and the English-speaking one, one."""
    if locale.startswith("en"):
        return 1
    if locale == "es_AR":
        return 2 if rng.random() < 0.2 else 1
    if locale == "pt_BR":
        return 2 if rng.random() < 0.6 else 1
    return 2


def make_name(pools: NamePools, locale: str, rng: random.Random):
    female_names, male_names, surnames = pools.get(locale)
    female = rng.random() < 0.55
    first = rng.choice(female_names if female else male_names)
    last = [rng.choice(surnames)]
    if surname_count(locale, rng) == 2:
        second = rng.choice(surnames)
        if second != last[0]:
            last.append(second)
    return female, first, last


class UniqueNames:
    """Hands out usernames and e-mail addresses that nobody has yet."""

    def __init__(self, taken_usernames=(), taken_emails=()):
        self.usernames = set(taken_usernames)
        self.emails = {e.lower() for e in taken_emails}
        self._next_suffix = {}

    def username(self, first: str, surname: str, number: int) -> str:
        base = f"{_slug(first)}-{_slug(surname)}"[:120]
        candidate = f"{base}-{number}"
        while candidate in self.usernames:
            number += 1
            candidate = f"{base}-{number}"
        self.usernames.add(candidate)
        return candidate

    def email(self, first: str, surnames: list, domain: str) -> str:
        given = _ascii_word(first.split()[0])
        family = [_ascii_word(s) for s in surnames]
        candidates = [f"{given}.{family[0]}"]
        if len(family) > 1:
            candidates.append(f"{given}.{family[0]}.{family[1]}")
        candidates.append(f"{given[0]}{family[0]}")
        for local in candidates:
            address = f"{local}@{domain}"
            if address not in self.emails:
                self.emails.add(address)
                return address
        base = candidates[0]
        number = self._next_suffix.get((base, domain), 2)
        while f"{base}{number}@{domain}" in self.emails:
            number += 1
        self._next_suffix[(base, domain)] = number + 1
        address = f"{base}{number}@{domain}"
        self.emails.add(address)
        return address


@cache
def _slug(text: str) -> str:
    return slugify(text)  # names repeat a lot and slugify is slow


def _ascii_word(text: str) -> str:
    return _slug(text).replace("-", "") or "x"


def email_domain(org: data.Org) -> str:
    return org.domain or org.website.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")


def is_verified_domain(domain: str, verified: frozenset) -> bool:
    """The same rule as accounts.services.is_institutional_email, without a query per member."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in verified for i in range(len(parts) - 1))


class Weighted:
    """Draws items with fixed weights in O(log n)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0

    def __bool__(self):
        return bool(self.items)

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def pick_distinct(self, rng: random.Random, count: int) -> list:
        count = min(count, len(self.items))
        chosen = []
        while len(chosen) < count:
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


def bio_key(language: str, topic: int, rng: random.Random) -> tuple:
    return (language, topic, rng.randrange(BIO_VARIANTS))


class BioPool:
    """Rendered bios per bio_key (language, first topic, variant): rendering Markdown per member would be slow."""

    def __init__(self, seed):
        self.seed = seed
        self._bios = {}

    def get(self, key: tuple) -> tuple[str, str]:
        if key not in self._bios:
            self._bios[key] = self._build(*key)
        return self._bios[key]

    def _build(self, language, topic, variant):
        rng = random.Random(f"{self.seed}:bio:{language}:{topic}:{variant}")
        templates = phrases.BIOS[language]
        others = [i for i in range(len(data.TOPICS)) if i != topic]
        i1, i2 = rng.sample(others, 2)
        names = {"t1": topic_name(topic, language), "i1": topic_name(i1, language), "i2": topic_name(i2, language)}
        source = templates[(topic + variant) % len(templates)].format(
            years=rng.randint(4, 28), **names, **{f"{k}_lower": lower_first(v) for k, v in names.items()}
        )
        if language == "ca":
            source = CATALAN_ELISION.sub(r"d'\1", source)
        return source, render_markdown(source)


class MemberFactory:
    """Builds believable members one after another from a single random stream."""

    def __init__(self, seed, now: datetime, unique: UniqueNames):
        self.rng = random.Random(f"{seed}:members")
        self.names = NamePools(seed)
        self.unique = unique
        self.now = now.timestamp()
        self.verified_domains = frozenset(domain for domain, _note in data.VERIFIED_DOMAINS)
        self.countries = Weighted(data.COUNTRIES, [c.weight for c in data.COUNTRIES])
        self.topics = Weighted(range(len(data.TOPICS)), [t.weight for t in data.TOPICS])
        self.orgs_by_country = self._organisations_by_country()
        self.international = Weighted(
            [i for i, o in enumerate(data.ORGANISATIONS) if o.kind == "international"],
            [1] * sum(o.kind == "international" for o in data.ORGANISATIONS),
        )

    @staticmethod
    def _organisations_by_country():
        grouped = {}
        for index, org in enumerate(data.ORGANISATIONS):
            if org.kind != "international":
                grouped.setdefault(org.country, []).append(index)
        return {
            code: Weighted(indexes, [KIND_WEIGHTS[data.ORGANISATIONS[i].kind] for i in indexes])
            for code, indexes in grouped.items()
        }

    def make(self, number: int) -> Member:
        rng = self.rng
        country = self.countries.pick(rng)
        org_index = self._pick_organisation(country, rng)
        org = data.ORGANISATIONS[org_index] if org_index is not None else None
        language, locale = country.language, country.faker_locale
        if org and org.lang == "ca" and country.code == "ES" and rng.random() < 0.7:
            language, locale = "ca", "es_CA"
        female, first, surnames = make_name(self.names, locale, rng)
        full_name = f"{first} {' '.join(surnames)}"
        topics = self.topics.pick_distinct(rng, rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5)))
        domain, institutional = self._pick_email_domain(org, country, rng)
        email_verified = rng.random() < 0.97
        position = self._position(language, org, country.code, female, rng)
        joined = self.now - SPAN_SECONDS * rng.random() ** 1.4  # more members joined recently
        visibility = _pick_visibility(rng)
        member = Member(
            username=self.unique.username(first, surnames[0], number),
            email=self.unique.email(first, surnames, domain),
            first_name=first,
            last_name=" ".join(surnames),
            full_name=full_name,
            language=language,
            country=country.code,
            organisation=org_index,
            position=position,
            headline=self._headline(language, org, position, topics, female, rng),
            topics=topics,
            languages=_spoken_languages(language, org, rng),
            visibility=visibility,
            allow_indexing=visibility == "everyone" and rng.random() < 0.6,
            email_verified=email_verified,
            domain_verified=email_verified and institutional and is_verified_domain(domain, self.verified_domains),
            joined=joined,
        )
        if rng.random() < 0.85:
            member.bio_key = bio_key(language, topics[0], rng)
        if not member.domain_verified and org and org.kind == "administration" and rng.random() < 0.1:
            member.moderator_verified = True
        return member

    def _pick_organisation(self, country: data.Country, rng):
        local = self.orgs_by_country.get(country.code)
        roll = rng.random()
        if not local:
            return self.international.pick(rng) if roll < 0.6 else None
        if roll < 0.05:
            return None
        if roll < 0.11:
            return self.international.pick(rng)
        return local.pick(rng)

    @staticmethod
    def _pick_email_domain(org, country, rng):
        """(domain, is the organisation's own): most people sign up with their work address."""
        if org is not None and rng.random() < 0.82:
            return email_domain(org), True
        return rng.choice(country.personal_domains), False

    @staticmethod
    def _position(language, org, country, female, rng):
        kind = org.kind if org else "none"
        choices = phrases.POSITIONS[language][kind]
        if country == "BR" and kind == "administration" and rng.random() < 0.25:
            choices = phrases.BRAZILIAN_CAREERS
        masculine, feminine = rng.choice(choices)
        position = (feminine if female else masculine).format(area=rng.choice(phrases.AREAS[language]))
        if language == "ca":
            position = CATALAN_ELISION.sub(r"d'\1", position)
        return position[:150]

    @staticmethod
    def _headline(language, org, position, topics, female, rng):
        t1 = topic_name(topics[0], language)
        t2 = topic_name(topics[1] if len(topics) > 1 else (topics[0] + 7) % len(data.TOPICS), language)
        values = {"position": position, "t1": t1, "t2": t2, "t1_lower": lower_first(t1), "t2_lower": lower_first(t2)}
        templates = phrases.HEADLINES[language]
        if org and rng.random() < 0.6:
            values["org"] = org.short or org.name
            headline = rng.choice(templates["with_org"]).format(**values)
            if len(headline) <= 160:
                return headline
        template = rng.choice(templates["any"])
        if isinstance(template, tuple):
            template = template[1] if female else template[0]
        return template.format(**values)[:160]


def _pick_visibility(rng) -> str:
    roll = rng.random()
    if roll < 0.70:
        return "members"
    return "everyone" if roll < 0.95 else "staff"


def _spoken_languages(language, org, rng) -> list:
    """Codes from accounts.models.LANGUAGE_CHOICES, the member's own first."""
    spoken = {"ca": ["ca", "es"], "es": ["es"], "pt": ["pt"], "en": ["en"]}[language]
    if org and org.lang in ("ca", "eu", "gl") and org.lang not in spoken and rng.random() < 0.5:
        spoken.append(org.lang)
    extras = {"es": (("en", 0.55), ("pt", 0.12), ("fr", 0.08)), "ca": (("en", 0.6), ("fr", 0.12)),
              "pt": (("es", 0.45), ("en", 0.5), ("fr", 0.05)), "en": (("es", 0.7), ("pt", 0.25), ("fr", 0.15))}
    for code, share in extras[language]:
        if rng.random() < share:
            spoken.append(code)
    return spoken


def joined_datetime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(int(timestamp), tz=UTC)


def verified_after(joined: float, rng: random.Random) -> datetime:
    """Badges come minutes or days after joining: the time it takes to confirm an address or to be reviewed."""
    return joined_datetime(joined) + timedelta(minutes=rng.randint(3, 60 * 24 * 4))
