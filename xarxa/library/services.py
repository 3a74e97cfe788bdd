"""Acts on the library. Each checks permission, writes in one transaction and records the activity.
The base row and what attaches to it go through content.services."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xarxa.activity.services import record_activity
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.content import services as content_services
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.rulebook import check
from xarxa.library import rules as library_rules
from xarxa.library.models import (
    KIND,
    Collection,
    CollectionItem,
    Replication,
    Resource,
    ResourceCountry,
    ResourceGoal,
    Review,
)
from xarxa.spaces.models import Space

# The resource's own columns that forms and imports fill (the base row takes title, body, language, topics).
RESOURCE_FIELDS = ["resource_kind", "summary", "external_url", "licence", "policy_area", "level", "year",
                   "problem", "solution", "results", "indicators", "budget", "team", "duration", "stage", "lessons"]
SAVED_TITLE = "Saved"  # the personal collection a bookmark lands in when none is chosen


def _index(content):
    """Reindex once the resource's own row is written (the base row's save indexed it without a summary):
    search subscribes to "content.changed"."""
    announce("content.changed", content=content)


def search_fields(content) -> dict:
    """What a resource adds to its search document: its summary, the practice's text and its country."""
    resource = getattr(content, "resource", None)
    if resource is None:
        resource = Resource.objects.filter(pk=content.pk).prefetch_related("country_rows").first()
    if resource is None:  # the base row is saved before the resource's own row
        return {}
    countries = [str(row.country) for row in resource.country_rows.all()]
    text = " ".join(part for part in (resource.summary, resource.problem, resource.solution, resource.results,
                                      resource.lessons) if part)
    return {"body": text, **({"country": countries[0]} if countries else {})}


def _set_relations(resource, *, organisations=None, countries=None, goals=None, contacts=None):
    if organisations is not None:
        resource.organisations.set(organisations)
    if countries is not None:
        ResourceCountry.objects.filter(resource=resource).exclude(country__in=countries).delete()
        have = set(ResourceCountry.objects.filter(resource=resource).values_list("country", flat=True))
        ResourceCountry.objects.bulk_create([ResourceCountry(resource=resource, country=code)
                                             for code in dict.fromkeys(countries) if code not in have])
    if goals is not None:
        ResourceGoal.objects.filter(resource=resource).exclude(goal__in=goals).delete()
        have = set(ResourceGoal.objects.filter(resource=resource).values_list("goal", flat=True))
        ResourceGoal.objects.bulk_create([ResourceGoal(resource=resource, goal=int(goal))
                                          for goal in dict.fromkeys(goals) if int(goal) not in have])
    if contacts is not None:
        resource.contacts.set(contacts)


def _check_fields(fields):
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown resource fields {sorted(unknown)}")
    resource = Resource(**fields)
    # The base row is checked by content.services; here, the resource's own columns and choices.
    resource.full_clean(exclude=["content"])


def publish_resource(author, *, space=None, title, body="", language="es", topics=(), organisations=(),
                     countries=(), goals=(), contacts=(), draft=False, **fields) -> Resource:
    """Share a resource in the open library (or in `space`), with its facets and relations; `draft` keeps it
    the author's alone until they publish it (an award nomination starts its good practice so)."""
    try:
        _check_fields(fields)
    except ValidationError as error:
        raise ValidationError(_first_message(error)) from None
    with transaction.atomic():
        content = content_services.create_content(
            author, kind=KIND, space=space, title=title, body=body, language=language, topics=topics,
            status=Content.Status.DRAFT if draft else Content.Status.PUBLISHED)
        resource = Resource.objects.create(content=content, **fields)
        _set_relations(resource, organisations=organisations, countries=countries, goals=goals, contacts=contacts)
        if not draft:
            record_activity(author, "published", content=content)
        _index(content)
    return resource


def edit_resource(actor, resource, *, title, body, topics=None, organisations=None, countries=None, goals=None,
                  contacts=None, **fields) -> Resource:
    check(actor, "library.edit_resource", resource)
    for name, value in fields.items():
        setattr(resource, name, value)
    try:
        resource.full_clean(exclude=["content"])
    except ValidationError as error:
        raise ValidationError(_first_message(error)) from None
    with transaction.atomic():
        content_services.update_content(actor, resource.content, title=title, body=body, topics=topics)
        resource.save()
        _set_relations(resource, organisations=organisations, countries=countries, goals=goals, contacts=contacts)
        _index(resource.content)
    return resource


def _first_message(error):
    return error.messages[0] if error.messages else _("Check the form.")


# Replications ------------------------------------------------------------------------------------

def recount_replications(resource):
    resource.replication_count = Replication.objects.filter(resource=resource).count()
    Resource.objects.filter(pk=resource.pk).update(replication_count=resource.replication_count)


def record_replication(actor, resource, *, country, level, place, outcome, started_on=None, link="",
                       organisation=None) -> Replication:
    """"We applied this too": the member (and their organisation) applied the practice somewhere."""
    check(actor, "library.replicate_resource", resource)
    replication = Replication(resource=resource, member=actor, organisation=organisation, country=country,
                              level=level, place=" ".join((place or "").split()), outcome=(outcome or "").strip(),
                              started_on=started_on, link=link or "")
    try:
        replication.full_clean(exclude=["resource", "member", "organisation"])
    except ValidationError as error:
        raise ValidationError(_first_message(error)) from None
    with transaction.atomic():
        replication.save()
        recount_replications(resource)
        record_activity(actor, "replicated", content=resource.content)
    return replication


def delete_replication(actor, replication) -> None:
    resource = replication.resource
    check(actor, "library.delete_replication", replication)
    with transaction.atomic():
        if actor.pk != replication.member_id:
            record(actor, Action.REPLICATION_DELETE, replication, snapshot=replication.outcome)
        replication.delete()
        recount_replications(resource)


# Reviews -----------------------------------------------------------------------------------------

def recount_ratings(resource):
    totals = Review.objects.filter(resource=resource).aggregate(n=Count("pk"), average=Avg("rating"))
    resource.rating_count, resource.rating_average = totals["n"], round(totals["average"] or 0, 2)
    Resource.objects.filter(pk=resource.pk).update(rating_count=resource.rating_count,
                                                   rating_average=resource.rating_average)


def review_resource(actor, resource, *, rating, text="") -> Review:
    """Rate (1–5) and review; a member's second review replaces their first."""
    check(actor, "library.review_resource", resource)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    text = content_services.check_body(text, limit=4000)
    with transaction.atomic():
        review, created = Review.objects.update_or_create(resource=resource, author=actor,
                                                          defaults={"rating": rating, "text": text})
        recount_ratings(resource)
        if created:
            record_activity(actor, "commented", content=resource.content)
    return review


def delete_review(actor, review) -> None:
    check(actor, "library.delete_review", review)
    resource = review.resource
    with transaction.atomic():
        if actor.pk != review.author_id:
            record(actor, Action.REVIEW_DELETE, review, snapshot=f"{review.rating}/5 {review.text}")
        review.delete()
        recount_ratings(resource)


# Collections -------------------------------------------------------------------------------------

def create_collection(actor, *, title, description="", curated=False) -> Collection:
    if not library_rules.can_collect(actor):
        raise PermissionDenied(_("Sign in to make collections."))
    if curated and not library_rules.can_curate(actor):
        raise PermissionDenied(_("Only moderators can publish curated collections."))
    title = content_services.check_title(title)[:120]
    description = content_services.check_body(description, limit=2000)
    with transaction.atomic():
        return Collection.objects.create(owner=actor, title=title, description=description, is_curated=curated)


def saved_collection(user) -> Collection:
    """The member's default personal collection, made on their first bookmark."""
    collection = Collection.objects.filter(owner=user, is_curated=False).order_by("created_at", "pk").first()
    return collection or Collection.objects.create(owner=user, title=_(SAVED_TITLE))


def add_to_collection(actor, resource, collection=None) -> Collection:
    if not library_rules.can_collect(actor) or not library_rules.can_read_resource(actor, resource):
        raise PermissionDenied(_("You cannot save this."))
    with transaction.atomic():
        collection = collection or saved_collection(actor)
        if not library_rules.can_edit_collection(actor, collection):
            raise PermissionDenied(_("This collection is not yours."))
        try:
            with transaction.atomic():
                CollectionItem.objects.create(collection=collection, resource=resource)
        except IntegrityError:  # already there: saving twice is harmless
            pass
        Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return collection


def remove_from_collection(actor, resource, collection) -> None:
    if not library_rules.can_edit_collection(actor, collection):
        raise PermissionDenied(_("This collection is not yours."))
    with transaction.atomic():
        removed, _rows = CollectionItem.objects.filter(collection=collection, resource=resource).delete()
        if removed:
            Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())


def collections_for_picker(user, resource):
    """The collections `user` may save `resource` into (their own, and every curated one for moderators),
    each marked `holds` when the resource is already in it: one query for the whole picker."""
    if not library_rules.can_collect(user):
        return []
    mine = Q(owner=user, is_curated=False)
    if library_rules.can_curate(user):
        mine |= Q(is_curated=True)
    holds = Exists(CollectionItem.objects.filter(collection=OuterRef("pk"), resource=resource))
    return list(Collection.objects.filter(mine).annotate(holds=holds).order_by("is_curated", "title", "pk"))


# Reading -----------------------------------------------------------------------------------------

def visible_resources(user):
    """Original, published resources `user` may read: the start of every library list."""
    return Content.objects.visible_to(user).originals().of_kind(KIND).published()


def visibility_scope(user) -> str:
    """What decides which resources `user` sees in visible_resources: the groups they may read (published
    originals only, so authorship and moderation do not matter), or everything for staff. Readers with
    the same scope see the same groups' resources, so those facet counts are cached under it (the open
    library's are everyone's: facets.parts_for). One small query."""
    if user.is_authenticated and user.is_staff:
        return "all"
    readable = Space.objects.readable_by(user).order_by("pk").values_list("pk", flat=True)
    return "spaces:" + ",".join(map(str, readable))


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)  # (row number, field, message)
    created: list = field(default_factory=list)
