"""Who may do what in the library. Reading a resource is reading its base row (content.rules)."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import can_post, is_approved_member, is_moderator
from xarxa.content.rules import can_read_content
from xarxa.core.rulebook import rule


@rules.predicate
def can_read_resource(user, resource):
    return resource is not None and bool(can_read_content(user, resource.content))


@rules.predicate
def is_resource_author(user, resource):
    return user.is_authenticated and resource is not None and resource.content.author_id == user.pk


@rules.predicate
def is_verified_employee(user):
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile is not None and profile.is_verified_employee


@rules.predicate
def owns_collection(user, collection):
    return user.is_authenticated and collection is not None and collection.owner_id == user.pk


@rules.predicate
def collection_is_curated(_user, collection):
    return collection is not None and collection.is_curated


can_edit_resource = can_read_resource & is_resource_author
# Recording a replication is a contribution like a post: a confirmed account that can read the practice.
can_replicate_resource = can_read_resource & can_post
# Ratings carry weight because they come from people who work in public administrations.
can_review_resource = can_read_resource & is_approved_member & is_verified_employee
can_collect = is_approved_member
can_curate = is_moderator
can_view_collection = collection_is_curated | owns_collection | rules.is_staff
# A personal collection is its owner's alone; curated collections are the moderators' shared work, so any
# moderator may add to or prune any of them (from the resource page's "Save in" picker).
can_edit_collection = (owns_collection & ~collection_is_curated) | (collection_is_curated & is_moderator)
can_import_resources = rules.is_staff


@rules.predicate
def is_review_author(user, review):
    return user.is_authenticated and review is not None and review.author_id == user.pk


@rules.predicate
def recorded_replication(user, replication):
    return user.is_authenticated and replication is not None and replication.member_id == user.pk


# Members take back what they wrote; moderators remove what should not stay.
can_delete_review = is_review_author | is_moderator
can_delete_replication = recorded_replication | is_moderator

rule("library.edit_resource", can_edit_resource, _("Only the author can edit this resource."))
rule("library.replicate_resource", can_replicate_resource,
     _("Confirm your e-mail address to record that you applied this."))
rule("library.review_resource", can_review_resource, _("Only verified public employees can rate resources."))
rule("library.curate", can_curate)
rule("library.import_resources", can_import_resources)
rule("library.delete_review", can_delete_review, _("Only its author can remove this review."))
rule("library.delete_replication", can_delete_replication, _("Only the member who recorded it can remove this."))
