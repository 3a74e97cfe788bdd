"""What wikis add to the pages every kind has (content.kind_views): the page tree of an index, a page's
readable address by path, its [[links]], children and last revision, the edit conflict; and their own
pages: history, old revisions, differences between two revisions, reverting and protecting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt, readable_items, render_item
from xarxa.content.models import Content
from xarxa.content.threads import access_content
from xarxa.core.rulebook import allowed
from xarxa.wikis import services
from xarxa.wikis.diff import word_diff
from xarxa.wikis.links import render_wiki_body
from xarxa.wikis.models import KIND, WikiPage, WikiRevision

# Indexes -----------------------------------------------------------------------------------------

def _tree(pages):
    """Top-level pages, each with `child_pages` (any depth), from one flat list."""
    by_parent = {}
    for page in pages:
        by_parent.setdefault(page.parent_id, []).append(page)
    known = {page.pk for page in pages}
    for page in pages:
        page.child_pages = by_parent.get(page.pk, [])
    return [page for page in pages if page.parent_id is None or page.parent_id not in known]


def page_rows(request, space):
    """The kind's list (content.kind_views): every page of the open wiki or of a group's, as a tree."""
    contents = Content.objects.visible_to(request.user).originals().of_kind(KIND)
    contents = contents.filter(space=space) if space is not None else contents.filter(space__isnull=True)
    pages = list(WikiPage.objects.filter(content__in=contents)
                 .select_related("content__author__profile", "space", "parent__content").order_by("title_key"))
    return {"roots": _tree(pages), "count": len(pages)}


# A page ------------------------------------------------------------------------------------------

def _wiki():
    return kinds.get(KIND)


def _access_page(user, pk) -> WikiPage:
    page = access_item(user, pk, _wiki(), related=("wiki_page__parent__content",))
    page.space = page.content.space  # already loaded: the page's URL needs its slug
    return page


def detail(request, pk):
    """The old id address: it stays valid for good (renames and moves too) and points to the path."""
    page = _access_page(request.user, pk)
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{page.get_absolute_url()}?{query}" if query else page.get_absolute_url())


def _page_at(request, path, space_slug=None):
    """The page at `path` of the open wiki or of group `space_slug`: the same 404 as by id for a missing
    page and for one the reader may not see (the group's own visibility included); one query, as by id."""
    pages = WikiPage.objects.filter(path=path)
    pages = pages.filter(space__slug=space_slug) if space_slug else pages.filter(space__isnull=True)
    readable = readable_items(request.user, _wiki()).filter(original__isnull=True)
    content = access_content(request.user, Subquery(pages.values("pk")[:1]), readable)
    return render_item(request, content, _wiki())


def page_detail(request, path):
    return _page_at(request, path)


def space_page_detail(request, slug, path):
    return _page_at(request, path, slug)


def detail_context(request, page):
    content, user = page.content, request.user
    page.space = content.space
    children = list(WikiPage.objects.filter(parent=page, content__in=Content.objects.visible_to(user))
                    .select_related("content").order_by("title_key"))
    for child in children:
        child.space = content.space
    return {
        "page": page, "body_html": render_wiki_body(content.body, content.space).html, "children": children,
        "can_protect": allowed(user, "wikis.protect_page", page),
        "last_revision": page.revisions.select_related("author__profile").first(),
    }


def history(request, pk):
    page = _access_page(request.user, pk)
    revisions = list(page.revisions.shown_to(request.user, page.content).select_related("author__profile"))
    return render(request, "wikis/history.html", {"page": page, "content": page.content, "revisions": revisions,
                                                  "can_edit": allowed(request.user, "wikis.edit_page", page)})


def revision(request, pk, number):
    page = _access_page(request.user, pk)
    old = get_object_or_404(WikiRevision.objects.shown_to(request.user, page.content).select_related(
        "author__profile"), page=page, number=number)
    return render(request, "wikis/revision.html", {
        "page": page, "content": page.content, "revision": old,
        "body_html": render_wiki_body(old.body, page.content.space).html,
        "can_edit": allowed(request.user, "wikis.edit_page", page)})


def _revision_number(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def diff(request, pk):
    page = _access_page(request.user, pk)
    newest = page.revision_number
    to_number = _revision_number(request.GET.get("to"), newest)
    from_number = _revision_number(request.GET.get("from"), to_number - 1)
    shown = WikiRevision.objects.shown_to(request.user, page.content)
    revisions = {r.number: r for r in shown.filter(page=page, number__in=[from_number, to_number])
                 .select_related("author__profile")}
    if to_number not in revisions or from_number not in revisions:
        raise Http404(_("No such revision."))
    old, new = revisions[from_number], revisions[to_number]
    return render(request, "wikis/diff.html", {
        "page": page, "content": page.content, "old": old, "new": new,
        "title_changes": word_diff(old.title, new.title) if old.title != new.title else None,
        "changes": word_diff(old.body, new.body)})


# Writing -----------------------------------------------------------------------------------------

def create_initial(request):
    return {"title": request.GET.get("title", "")[:200]}  # a red [[link]] opens the form with its title


def form_kwargs(request, space, page):
    return {"space": space, "page": page, "user": request.user}


def edit_form_kwargs(page):
    content = page.content
    return {"initial": {"title": content.title, "body": content.body, "parent": page.parent_id,
                        "base_revision": page.revision_number}}


def edit_arguments(form, page):
    data = form.cleaned_data
    return {"title": data["title"], "body": data["body"], "comment": data["comment"],
            "base_revision": data["base_revision"] or 0, "parent": data["parent"]}


def on_refusal(form, error, context):
    """Someone saved meanwhile: show what changed; their text stays in the form, and the next save
    starts from the revision they have now seen."""
    if not isinstance(error, services.EditConflict):
        return None
    form.data = form.data.copy()
    form.data["base_revision"] = error.current.number
    context["conflict"] = error
    return 409


@require_POST
@login_required
def revert(request, pk, number):
    page = _access_page(request.user, pk)
    old = get_object_or_404(WikiRevision, page=page, number=number)
    _reverted, status = attempt(lambda: services.revert_page(request.user, page, old), request=request)
    if status is None:
        messages.success(request, _("The page is back to revision %(number)d.") % {"number": number})
    return redirect(page.get_absolute_url())


@require_POST
@login_required
def protect(request, pk):
    page = _access_page(request.user, pk)
    protected = request.POST.get("protected") == "1"
    _saved, status = attempt(lambda: services.set_protected(request.user, page, protected), request=request)
    if status is None:
        messages.success(request, _("The page is protected.") if page.is_protected else _("The page is open again."))
    return redirect(page.get_absolute_url())
