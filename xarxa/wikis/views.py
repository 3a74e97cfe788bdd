"""Wiki pages: the open wiki and each group's, a page (with [[links]]), its history, old revisions,
differences between two revisions, editing (with conflict refusal), reverting and protecting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.content import rules as content_rules
from xarxa.content.context import comments_context
from xarxa.content.forms import AttachmentForm
from xarxa.content.models import Content
from xarxa.content.services import reader_language
from xarxa.content.threads import access_content
from xarxa.core.refusals import error_text
from xarxa.spaces import rules as space_rules
from xarxa.spaces.context import space_context
from xarxa.spaces.services import access_space
from xarxa.wikis import rules as wiki_rules
from xarxa.wikis import services
from xarxa.wikis.diff import word_diff
from xarxa.wikis.forms import PageForm
from xarxa.wikis.links import render_wiki_body
from xarxa.wikis.models import KIND, WikiPage, WikiRevision

# Indexes -----------------------------------------------------------------------------------------

def _pages_of(user, space):
    contents = Content.objects.visible_to(user).originals().of_kind(KIND)
    contents = contents.filter(space=space) if space is not None else contents.filter(space__isnull=True)
    return (WikiPage.objects.filter(content__in=contents).select_related("content__author__profile", "space",
                                                                        "parent__content")
            .order_by("title_key"))


def _tree(pages):
    """Top-level pages, each with `child_pages` (any depth), from one flat list."""
    by_parent = {}
    for page in pages:
        by_parent.setdefault(page.parent_id, []).append(page)
    known = {page.pk for page in pages}
    for page in pages:
        page.child_pages = by_parent.get(page.pk, [])
    return [page for page in pages if page.parent_id is None or page.parent_id not in known]


def network_index(request):
    pages = list(_pages_of(request.user, None))
    context = {"roots": _tree(pages), "count": len(pages),
               "can_write": wiki_rules.can_write_in_wiki(request.user, None)}
    return render(request, "wikis/index.html", context)


def space_index(request, slug):
    space = access_space(request.user, slug)
    if not space_rules.can_read_space_content(request.user, space):
        raise Http404(_("No such group."))
    pages = list(_pages_of(request.user, space))
    context = space_context(request, space, "wiki")
    context.update(roots=_tree(pages), count=len(pages), can_write=wiki_rules.can_write_in_wiki(request.user, space))
    return render(request, "wikis/space_index.html", context)


# A page ------------------------------------------------------------------------------------------

def _access_page(user, pk) -> WikiPage:
    content = access_content(user, pk, Content.objects.filter(kind=KIND, original__isnull=True).select_related(
        "space", "author__profile", "wiki_page__parent__content"))
    page = content.wiki_page
    page.space = content.space  # already loaded: the page's URL needs its slug
    return page


def _access_page_by_path(user, path, space_slug=None) -> WikiPage:
    """The page at `path` of the open wiki or of group `space_slug`: the same 404 as _access_page for a
    missing page and for one the reader may not see (the group's own visibility included)."""
    pages = WikiPage.objects.filter(path=path)
    pages = pages.filter(space__slug=space_slug) if space_slug else pages.filter(space__isnull=True)
    return _access_page(user, Subquery(pages.values("pk")[:1]))  # one query, as by id


def detail(request, pk):
    """The old id address: it stays valid for good (renames and moves too) and points to the path."""
    page = _access_page(request.user, pk)
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{page.get_absolute_url()}?{query}" if query else page.get_absolute_url())


def page_detail(request, path):
    return _render_page(request, _access_page_by_path(request.user, path))


def space_page_detail(request, slug, path):
    return _render_page(request, _access_page_by_path(request.user, path, slug))


def _render_page(request, page):
    content, user = page.content, request.user
    children = list(WikiPage.objects.filter(parent=page, content__in=Content.objects.visible_to(user))
                    .select_related("content").order_by("title_key"))
    for child in children:
        child.space = content.space
    context = comments_context(request, content)
    context.update(
        page=page, space=content.space, body_html=render_wiki_body(content.body, content.space).html,
        ancestors=page.ancestors(),
        children=children,
        attachments=content.attachments.all(), attachment_form=AttachmentForm(),
        can_edit=bool(wiki_rules.can_edit_page(user, page)),
        can_protect=bool(wiki_rules.can_protect_page(user, page)),
        can_attach=bool(content_rules.can_attach_to_content(user, content)),
        last_revision=page.revisions.select_related("author__profile").first(),
    )
    return render(request, "wikis/detail.html", context)


def history(request, pk):
    page = _access_page(request.user, pk)
    revisions = list(page.revisions.shown_to(request.user, page.content).select_related("author__profile"))
    return render(request, "wikis/history.html", {"page": page, "content": page.content, "revisions": revisions,
                                                  "can_edit": bool(wiki_rules.can_edit_page(request.user, page))})


def revision(request, pk, number):
    page = _access_page(request.user, pk)
    old = get_object_or_404(WikiRevision.objects.shown_to(request.user, page.content).select_related(
        "author__profile"), page=page, number=number)
    return render(request, "wikis/revision.html", {
        "page": page, "content": page.content, "revision": old,
        "body_html": render_wiki_body(old.body, page.content.space).html,
        "can_edit": bool(wiki_rules.can_edit_page(request.user, page))})


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

@login_required
def create(request, slug=None):
    space = access_space(request.user, slug) if slug else None
    if space is not None and not space_rules.can_read_space_content(request.user, space):
        raise Http404(_("No such group."))
    initial = {"language": reader_language(request.LANGUAGE_CODE), "title": request.GET.get("title", "")[:200]}
    form = PageForm(request.POST or None, space=space, initial=initial)
    allowed = wiki_rules.can_write_in_wiki(request.user, space)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = services.create_page(request.user, space=space, title=data["title"], body=data["body"],
                                        parent=data["parent"], comment=data["comment"], language=data["language"])
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The page has been created."))
            return redirect(page.get_absolute_url())
    context = space_context(request, space, "wiki") if space else {}
    context.update(form=form, allowed=allowed)
    return render(request, "wikis/form.html", context, status=400 if form.errors else 200)


@login_required
def edit(request, pk):
    page = _access_page(request.user, pk)
    content = page.content
    if not wiki_rules.can_edit_page(request.user, page):
        raise PermissionDenied(_("This page is protected: only moderators can edit it.") if page.is_protected
                               else _("Only members who can post here can edit this wiki."))
    initial = {"title": content.title, "body": content.body, "parent": page.parent_id,
               "base_revision": page.revision_number, "language": content.language}
    form = PageForm(request.POST or None, space=content.space, page=page, initial=initial)
    conflict, status = None, 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_page(request.user, page, title=data["title"], body=data["body"], comment=data["comment"],
                               base_revision=data["base_revision"] or 0, parent=data["parent"])
        except services.EditConflict as error:
            conflict, status = error, 409
            # Their text stays in the form; the next save starts from the revision they have now seen.
            form.data = form.data.copy()
            form.data["base_revision"] = error.current.number
            form.add_error(None, error_text(error))
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The page has been saved."))
            return redirect(page.get_absolute_url())
    if form.errors and status == 200:
        status = 400
    return render(request, "wikis/form.html", {"form": form, "allowed": True, "page": page, "conflict": conflict,
                                               "space": None}, status=status)


@require_POST
@login_required
def revert(request, pk, number):
    page = _access_page(request.user, pk)
    old = get_object_or_404(WikiRevision, page=page, number=number)
    try:
        services.revert_page(request.user, page, old)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The page is back to revision %(number)d.") % {"number": number})
    return redirect(page.get_absolute_url())


@require_POST
@login_required
def protect(request, pk):
    page = _access_page(request.user, pk)
    try:
        services.set_protected(request.user, page, request.POST.get("protected") == "1")
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The page is protected.") if page.is_protected else _("The page is open again."))
    return redirect(page.get_absolute_url())


