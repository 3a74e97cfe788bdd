"""Writes for the awards' categories and nominations. Each checks its rule first (rules.py), writes in one
transaction and changes nothing when refused. The vote lives in voting.py, the jury in jury.py, the results
and the library in results.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.awards import rules as award_rules
from xarxa.awards.eligibility import check_eligibility
from xarxa.awards.lifecycles import NOMINATION
from xarxa.awards.models import NOMINATION_KIND, Category, EligibilityDecision, Nomination, Stage
from xarxa.congress.services import access_edition, ensure_space_member
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.rulebook import check

CATEGORY_FIELDS = ("name", "description", "nominee_kind", "organisation_kinds", "organisation_levels", "countries",
                   "work_from", "work_until", "self_nomination", "finalists", "voters", "nominations_open_at",
                   "vote_opens_at", "jury_opens_at", "announce_at", "position")


def access_category(user, edition_slug, slug) -> Category:
    """The category of an edition whose inside `user` may read, or Http404 (missing and secret alike)."""
    edition = access_edition(user, edition_slug)
    category = Category.objects.select_related("edition__space").filter(edition=edition, slug=slug).first()
    if category is None or not award_rules.can_read_category(user, category):
        raise Http404(_("No such award category."))
    return category


# Categories --------------------------------------------------------------------------------------

def create_category(actor, edition, **fields) -> Category:
    category = Category(edition=edition, **fields)
    check(actor, "awards.organise", category)
    category.slug = _unique_slug(edition, fields.get("name", ""))
    category.full_clean(exclude=["edition"])
    category.save()
    return category


def update_category(actor, category, **fields) -> Category:
    check(actor, "awards.organise", category)
    for name, value in fields.items():
        setattr(category, name, value)
    category.full_clean(exclude=["edition", "slug"])
    category.save()
    return category


RESERVED_SLUGS = {"new", "winners", "transparency"}  # the edition's awards pages beside the categories


def _unique_slug(edition, name):
    base = slugify(name)[:50] or "category"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Category.objects.filter(edition=edition, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Nominations -------------------------------------------------------------------------------------

def clean_links(links):
    from django.core.validators import URLValidator

    validate, cleaned = URLValidator(schemes=["http", "https"]), []
    for link in links:
        link = link.strip()
        if not link:
            continue
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(_("“%(link)s” is not a web address (http:// or https://).") % {"link": link},
                                  code="link") from None
        cleaned.append(link)
    return cleaned[:10]


def nominate(author, category, *, title, summary="", nominee, organisation, work_started_on, problem, solution,
             results, evidence_links=(), practice=None, create_practice=False, language="es") -> Nomination:
    """Put a project or a person forward. The eligibility rules are checked first (a refusal names the rule);
    the nominee is told and answers (a self-nomination is accepted at once). `practice` links an existing
    library good practice the author may read; `create_practice` starts one as the author's draft."""
    check(author, "awards.nominate", category)
    check_eligibility(category, organisation=organisation, work_started_on=work_started_on, author=author,
                      nominee=nominee)
    if practice is not None and not Content.objects.visible_to(author).filter(pk=practice.pk).exists():
        raise ValidationError(_("Choose a good practice of the library that you can read."), code="practice")
    if Nomination.objects.filter(category=category, nominee=nominee, organisation=organisation,
                                 content__title__iexact=title.strip()).exists():
        raise ValidationError(_("This nomination has already been made in this category."), code="duplicate")
    links = clean_links(evidence_links)
    with transaction.atomic():
        ensure_space_member(category.edition, author)
        content = content_services.create_content(author, kind=NOMINATION_KIND, space=category.edition.space,
                                                  title=title, body=summary, language=language)
        if create_practice:
            practice = _draft_practice(author, title=title, summary=summary, organisation=organisation,
                                       work_started_on=work_started_on, problem=problem, solution=solution,
                                       results=results, links=links, language=language)
        nomination = Nomination(content=content, category=category, nominee=nominee, organisation=organisation,
                                work_started_on=work_started_on, problem=problem.strip(), solution=solution.strip(),
                                results=results.strip(), evidence_links=links, practice=practice)
        if nomination.is_self_nomination:
            NOMINATION.transition(nomination, "accept")
            nomination.answered_at = timezone.now()
        nomination.full_clean(exclude=["content", "category", "nominee", "organisation", "practice"])
        nomination.save()
        if not nomination.is_self_nomination:
            announce("awards.nominated", nomination=nomination)
    return nomination


def _draft_practice(author, *, title, summary, organisation, work_started_on, problem, solution, results, links,
                    language):
    from xarxa.library.choices import ResourceKind
    from xarxa.library.services import publish_resource

    return publish_resource(
        author, title=title, body=summary, language=language, draft=True, resource_kind=ResourceKind.PRACTICE,
        summary=(summary or solution)[:600], year=work_started_on.year, problem=problem, solution=solution,
        results=results, external_url=links[0] if links else "", organisations=[organisation],
        countries=[str(organisation.country)] if organisation.country else [])


def edit_nomination(actor, nomination, *, title, summary, organisation, work_started_on, problem, solution,
                    results, evidence_links=()) -> Nomination:
    check(actor, "awards.edit_nomination", nomination)
    check_eligibility(nomination.category, organisation=organisation, work_started_on=work_started_on,
                      author=nomination.content.author, nominee=nomination.nominee)
    links = clean_links(evidence_links)
    with transaction.atomic():
        nomination.organisation, nomination.work_started_on = organisation, work_started_on
        nomination.problem, nomination.solution, nomination.results = problem.strip(), solution.strip(), results.strip()
        nomination.evidence_links = links
        nomination.full_clean(exclude=["content", "category", "nominee", "organisation", "practice"])
        content_services.update_content(actor, nomination.content, title=title, body=summary)
        nomination.save()
    return nomination


def answer_nomination(nominee, nomination, *, accept: bool) -> Nomination:
    """The nominee accepts (or declines) being nominated; declining takes the nomination out of the running."""
    check(nominee, "awards.answer_nomination", nomination)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        NOMINATION.transition(locked, "accept" if accept else "decline")
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        nomination.status, nomination.answered_at = locked.status, locked.answered_at
        announce("awards.nomination_answered", nomination=nomination, accepted=accept)
    return nomination


def decide_eligibility(actor, nomination, *, eligible: bool, reason: str) -> EligibilityDecision:
    """The organisers' check, with the reason kept beside the nomination and on the audit trail."""
    check(actor, "awards.organise_nomination", nomination)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for this decision: it is kept with the nomination."), code="reason")
    if nomination.category.is_past(Stage.NOMINATIONS) and nomination.category.is_at_least(Stage.JURY):
        raise ValidationError(_("Eligibility is decided before the jury deliberates."), code="too_late")
    with transaction.atomic():
        NOMINATION.transition(nomination, "admit" if eligible else "refuse")
        nomination.save(update_fields=["status"])
        decision = EligibilityDecision.objects.create(nomination=nomination, decided_by=actor, eligible=eligible,
                                                      reason=reason)
        record(actor, Action.AWARD_ELIGIBILITY, nomination.content, space=nomination.category.edition.space,
               reason=reason, eligible=eligible)
    return decision


def delete_nomination(actor, nomination):
    return content_services.delete_item(actor, nomination)
