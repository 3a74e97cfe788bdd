"""What the library adds to the pages every kind has (content.kind_views): its faceted rows and a
resource's facts, replications, reviews and collections; and its own pages: replications, reviews,
collections, the open-data exports and the staff import. Views parse, call a service and render."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import condition, require_POST

from xarxa.accounts.rules import can_post
from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt
from xarxa.content.models import Content
from xarxa.content.services import pick_version, reader_language
from xarxa.core.filters import chosen_filter_count
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.refusals import error_text
from xarxa.core.rulebook import allowed, check
from xarxa.core.throttle import throttle_anonymous
from xarxa.library import facets as library_facets
from xarxa.library import imports, opendata, services
from xarxa.library import rules as library_rules
from xarxa.library.forms import (
    CollectionForm,
    ImportForm,
    LibraryFilterForm,
    ReplicationForm,
    ResourceForm,
    ReviewForm,
)
from xarxa.library.models import KIND, Collection, CollectionItem, Replication, Resource, Review

PER_PAGE = 20
RELATED = 4


# The list ----------------------------------------------------------------------------------------

def library_rows(request, space=None):
    """A page of resources the reader may see, filtered by the chosen facets, with every facet's counts."""
    form = LibraryFilterForm(request.GET or None)
    filters = {key: value for key, value in (form.cleaned_data if form.is_valid() else {}).items()
               if value not in (None, "")}
    base = services.visible_resources(request.user)
    base = base.filter(space=space) if space is not None else base
    # A group's library is the same for all its readers; the network's is the open library (the same for
    # everyone) plus the groups this reader may read.
    scope = services.visibility_scope(request.user) if space is None else None
    total, facets = library_facets.build_facets(base, filters, parts=library_facets.parts_for(scope, space))
    page = _page_of(request, library_facets.ordered_ids(base, filters), total)
    page.object_list = _rows_in_order(request, page.object_list)
    _show_in_reader_language(request, page)
    return {"form": form, "facets": facets, "page": page, "rows": page.object_list, "filters": filters,
            "chosen_filters": chosen_filter_count(form, ignore={"sort"}),
            "query_string": query_without_page(request), "sort": filters.get("sort") or "newest"}


def _versions(request):
    """Each row's version in the reader's language, if they may see one: one query for the page, titles only."""
    language = reader_language(request.LANGUAGE_CODE)
    visible = Content.objects.visible_to(request.user).published().filter(language=language)
    return Prefetch("translations", queryset=visible.only("pk", "original_id", "language", "title"))


def _rows_in_order(request, ids):
    """The page's resources with what the rows show, in the order of `ids`."""
    ids = list(ids)
    rows = services.visible_resources(request.user).filter(pk__in=ids).select_related(
        "resource", "space").prefetch_related(
        "resource__country_rows", _versions(request)).in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


def _show_in_reader_language(request, page):
    """Each row once (lists hold originals), titled in the reader's language when a version exists."""
    language = reader_language(request.LANGUAGE_CODE)
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.shown = pick_version([item, *item.translations.all()], language)


def _page_of(request, ids, total):
    """Like core.pagination.paginate, but the total is already known from the facet pass: no second COUNT.
    The page holds only ids: skipping to a deep page then steps over narrow rows (no joined spaces or wide
    resource rows), and _rows_in_order fetches the 20 rows themselves by primary key."""
    paginator = Paginator(ids, PER_PAGE)
    paginator.count = total  # a cached_property: setting it skips the query
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def list_extra(request):
    """What the network library offers above its rows: sharing and, for staff, importing."""
    return {"can_share": bool(can_post(request.user)),
            "can_import": bool(library_rules.can_import_resources(request.user))}


# A resource --------------------------------------------------------------------------------------

def _access_resource(user, pk) -> Resource:
    return access_item(user, pk, kinds.get(KIND), related=("space__organisation", "author__profile__organisation"))


def related_resources(user, resource, limit=RELATED):
    """Visible resources sharing the most topics, then of the same policy area, newest first."""
    content = resource.content
    visible = services.visible_resources(user).exclude(pk=content.pk).select_related("resource")
    topic_ids = [topic.pk for topic in content.topics.all()]
    found = []
    if topic_ids:
        found = list(visible.filter(topics__in=topic_ids).annotate(
            shared=Count("topics", filter=Q(topics__in=topic_ids))).order_by("-shared", "-published_at")[:limit])
    if len(found) < limit and resource.policy_area:
        found += list(visible.filter(resource__policy_area=resource.policy_area)
                      .exclude(pk__in=[c.pk for c in found]).order_by("-published_at")[:limit - len(found)])
    return found


def detail_context(request, resource):
    """What a resource's page adds to every kind's: its facts, replications, reviews, collections and
    related resources."""
    user = request.user
    my_review = Review.objects.filter(resource=resource, author=user).first() if user.is_authenticated else None
    my_collections = services.collections_for_picker(user, resource)
    return {
        "countries": resource.country_rows.all(), "goals": resource.goal_rows.all(),
        "organisations": resource.organisations.all(), "contacts": resource.contacts.select_related("profile"),
        "replications": resource.replications.select_related("organisation", "member__profile")[:200],
        "reviews": resource.reviews.select_related("author__profile")[:50],
        "related": related_resources(user, resource),
        "can_replicate": allowed(user, "library.replicate_resource", resource),
        "can_review": allowed(user, "library.review_resource", resource), "my_review": my_review,
        "review_form": ReviewForm(initial={"rating": my_review.rating, "text": my_review.text} if my_review else None),
        "can_collect": bool(library_rules.can_collect(user)), "can_curate": bool(library_rules.can_curate(user)),
        "my_collections": my_collections,
        "saved_in": [collection for collection in my_collections if collection.holds],
    }


# Writing -----------------------------------------------------------------------------------------

def edit_form_kwargs(resource):
    return {"initial": ResourceForm.initial_for(resource)}


@login_required
def replicate(request, pk):
    resource = _access_resource(request.user, pk)
    check(request.user, "library.replicate_resource", resource)  # the form is only for those who may
    profile = request.user.profile
    form = ReplicationForm(request.POST or None, initial={"country": profile.country, "level": getattr(
        profile.organisation, "level", ""), "place": getattr(profile.organisation, "name", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = profile.organisation if data.pop("with_organisation") else None
        _recorded, refused = attempt(lambda: services.record_replication(request.user, resource,
                                                                         organisation=organisation, **data), form=form)
        if not refused:
            messages.success(request, _("Thank you: your experience is now listed with the practice."))
            return redirect(resource.get_absolute_url() + "#replications")
    return render(request, "library/replicate.html", {"form": form, "resource": resource},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def review(request, pk):
    resource = _access_resource(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        _reviewed, refused = attempt(lambda: services.review_resource(request.user, resource, **form.cleaned_data),
                                     request=request)
        if not refused:
            messages.success(request, _("Thank you for your review."))
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect(resource.get_absolute_url() + "#reviews")


@require_POST
@login_required
def collect(request, pk):
    """Save the resource in one of the member's collections (the default one when none is chosen)."""
    resource = _access_resource(request.user, pk)
    collection = None
    if request.POST.get("collection"):
        collection = _access_collection_to_edit(request.user, request.POST["collection"])
    collection, refused = attempt(lambda: services.add_to_collection(request.user, resource, collection),
                                  request=request)
    if not refused:
        messages.success(request, _("Saved in “%(collection)s”.") % {"collection": collection.title})
    return redirect(resource.get_absolute_url())


@require_POST
@login_required
def delete_review(request, pk, review_pk):
    resource = _access_resource(request.user, pk)
    review = get_object_or_404(Review, pk=review_pk, resource=resource)
    services.delete_review(request.user, review)  # a refusal (the rule book's) answers 403
    messages.success(request, _("The review has been removed."))
    return redirect(resource.get_absolute_url() + "#reviews")


@require_POST
@login_required
def delete_replication(request, pk, replication_pk):
    resource = _access_resource(request.user, pk)
    replication = get_object_or_404(Replication, pk=replication_pk, resource=resource)
    services.delete_replication(request.user, replication)  # a refusal (the rule book's) answers 403
    messages.success(request, _("The replication has been removed."))
    return redirect(resource.get_absolute_url() + "#replications")


# Collections -------------------------------------------------------------------------------------

def _access_collection_to_edit(user, pk) -> Collection:
    """A collection `user` may add to or prune; the same 404 for missing and not theirs."""
    collection = Collection.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if collection is None or not library_rules.can_edit_collection(user, collection):
        raise Http404(_("No such collection."))
    return collection


def collections(request):
    curated = Collection.objects.filter(is_curated=True).select_related("owner__profile").annotate(
        size=Count("items"))[:50]
    mine = []
    if request.user.is_authenticated:
        mine = Collection.objects.filter(owner=request.user, is_curated=False).annotate(size=Count("items"))[:100]
    return render(request, "library/collections.html", {
        "curated": curated, "mine": mine, "form": CollectionForm(),
        "can_collect": bool(library_rules.can_collect(request.user)),
        "can_curate": bool(library_rules.can_curate(request.user))})


@require_POST
@login_required
def create_collection(request):
    form = CollectionForm(request.POST)
    if form.is_valid():
        collection, refused = attempt(lambda: services.create_collection(request.user, **form.cleaned_data),
                                      request=request)
        if not refused:
            return redirect(collection.get_absolute_url())
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect("library:collections")


def collection_detail(request, pk):
    collection = Collection.objects.select_related("owner__profile").filter(pk=pk).first()
    if collection is None or not library_rules.can_view_collection(request.user, collection):
        raise Http404(_("No such collection."))
    # The items the reader may read, whatever the collection holds.
    in_collection = CollectionItem.objects.filter(collection=collection).values("resource_id")
    rows = services.visible_resources(request.user).filter(pk__in=in_collection).select_related(
        "resource", "space").prefetch_related("resource__country_rows", _versions(request)).order_by(
        "-published_at", "-pk")
    page = paginate(request, rows, per_page=PER_PAGE)
    _show_in_reader_language(request, page)
    can_edit = bool(library_rules.can_edit_collection(request.user, collection))
    return render(request, "library/collection.html", {
        "collection": collection, "page": page, "rows": page.object_list, "show_space": True,
        "can_edit": can_edit, "removable_from": collection if can_edit else None})


@require_POST
@login_required
def uncollect(request, pk, resource_pk):
    """Take a resource out of a collection. From the resource page the member goes back there; on the
    collection page htmx just drops the row."""
    collection = _access_collection_to_edit(request.user, pk)
    # Not _access_resource: a member who lost access to a resource may still tidy it out of their collection.
    resource = get_object_or_404(Resource, pk=resource_pk)
    services.remove_from_collection(request.user, resource, collection)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Removed from “%(collection)s”.") % {"collection": collection.title})
    if request.POST.get("return_to") == "resource":
        return redirect(resource.get_absolute_url())
    return redirect(collection.get_absolute_url())


# Open data ---------------------------------------------------------------------------------------

def _streamed(chunks, content_type, filename):
    response = StreamingHttpResponse((chunk.encode() for chunk in chunks), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any portal may harvest it
    return response


def _catalogue_version(request):
    if not hasattr(request, "_catalogue_version"):
        request._catalogue_version = opendata.catalogue_version()
    return request._catalogue_version


def _version_tag(request, *args, **kwargs):
    # The DCAT catalogue's title and description follow the reader's language: one tag per language.
    return f"{_catalogue_version(request)[0]}-{request.LANGUAGE_CODE}"


def _last_modified(request, *args, **kwargs):
    return _catalogue_version(request)[1]


def open_data_export(view):
    """Throttled for anonymous visitors; ETag and Last-Modified, 304 to a conditional GET that is up to date;
    shared caches may keep a copy five minutes."""
    conditional = condition(etag_func=_version_tag, last_modified_func=_last_modified)(view)

    @throttle_anonymous("open_data")
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=300)
        return response
    return wrapped


@open_data_export
def export_json(request):
    return _streamed(opendata.stream_json(), "application/json; charset=utf-8", "library.json")


@open_data_export
def export_csv(request):
    return _streamed(opendata.stream_csv(), "text/csv; charset=utf-8", "library.csv")


@open_data_export
def export_dcat(request):
    title = _("%(site)s library of good practices") % {"site": settings.SITE_NAME}
    description = _("Good practices, guides, datasets and other resources shared by people who work in public "
                    "administrations.")
    language = reader_language(request.LANGUAGE_CODE)
    return _streamed(opendata.stream_dcat(title, description, language), "application/ld+json; charset=utf-8",
                     "catalog.jsonld")


def open_data(request):
    return render(request, "library/open_data.html", {"columns": opendata.COLUMNS})


@login_required
def import_resources(request):
    if not library_rules.can_import_resources(request.user):
        raise PermissionDenied(_("Only staff can import resources."))
    form = ImportForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.read_rows(form.cleaned_data["file"])
            report = imports.import_resources(request.user, rows)
        except (PermissionDenied, ValidationError) as error:
            form.add_error("file", error_text(error))
        else:
            if not report.errors:
                count = len(report.created)
                messages.success(request, ngettext("%(count)d resource imported.", "%(count)d resources imported.",
                                                   count) % {"count": count})
                return redirect("library:list")
    if form.errors or (report and report.errors):
        status = 400
    return render(request, "library/import.html", {"form": form, "report": report}, status=status)


