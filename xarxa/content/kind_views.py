"""The pages every content kind has, written once: the network list, the group list, the item page, and
the create, edit, publish and delete forms. Each kind declares in its registry entry (content.kinds) what differs:
its model's attribute, form, services, rows, template blocks and wording. urlpatterns_for() gives a kind
its usual addresses, with the view names its templates and tests already use."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.accounts.rules import can_post
from xarxa.content import kinds
from xarxa.content import rules as content_rules
from xarxa.content.context import comments_context
from xarxa.content.forms import AttachmentForm
from xarxa.content.models import Content
from xarxa.content.services import pick_version, reader_language
from xarxa.content.threads import access_content
from xarxa.core.refusals import attempt  # noqa: F401 (re-exported: the kinds import it from here)
from xarxa.core.rulebook import allowed, refusal
from xarxa.spaces import rules as space_rules
from xarxa.spaces.context import space_context
from xarxa.spaces.services import access_space


def access_item(user, pk, kind, related=()):
    """The kind's object for original `pk`: one 404 for missing, not for this reader (another's draft
    included: content.rules), another kind's id and a language version (edited through their original)."""
    queryset = Content.objects.visible_to(user).filter(kind=kind.key, original__isnull=True)
    content = access_content(user, pk, queryset.select_related("space", "author__profile", kind.attribute, *related))
    return getattr(content, kind.attribute)


def _url_of(item):
    return item.get_absolute_url() if hasattr(item, "get_absolute_url") else item.content.get_absolute_url()


# Lists -------------------------------------------------------------------------------------------

def _list_template(request, kind, name):
    template = kind.template(name)
    if not request.htmx:
        return template
    if kind.htmx_rows_template and request.GET.get("after"):
        return kind.htmx_rows_template
    return f"{template}#results"


def item_list(request, kind):
    kind = kinds.get(kind)
    context = kind.list_context(request, None)
    context.update(content_kind=kind, show_space=True, can_start=bool(can_post(request.user)))
    if kind.list_extra:
        context.update(kind.list_extra(request))
    return render(request, _list_template(request, kind, "list"), context)


def space_list(request, slug, kind):
    kind = kinds.get(kind)
    space = access_space(request.user, slug)
    if not space_rules.can_read_space_content(request.user, space):
        raise Http404(_("No such group."))
    context = space_context(request, space, kind.space_tab)
    context.update(kind.list_context(request, space), content_kind=kind)
    return render(request, _list_template(request, kind, "space_list"), context)


# The item page -----------------------------------------------------------------------------------

def _reading_context(request, content):
    """The version in the reader's language (or the one asked with ?lang=) and the others on offer."""
    user = request.user
    versions = [content, *Content.objects.visible_to(user).filter(original=content).order_by("language")]
    shown = pick_version(versions, request.GET.get("lang") or reader_language(request.LANGUAGE_CODE))
    return {"shown": shown, "other_versions": [v for v in versions if v.pk != shown.pk],
            "can_translate": bool(content_rules.can_translate_content(user, content))}


def readable_items(user, kind):
    """What the item page loads with each item (the kind's own row and `detail_related` included)."""
    return Content.objects.visible_to(user).filter(kind=kind.key).select_related(
        "space__organisation", "author__profile__organisation", kind.attribute, *kind.detail_related)


def detail(request, pk, kind):
    kind = kinds.get(kind)
    content = access_content(request.user, pk, readable_items(request.user, kind))
    if content.original_id:  # a version: its page is the original's, in that language
        return redirect(content.get_absolute_url())
    return render_item(request, content, kind)


def render_item(request, content, kind):
    """The item page of `content`, already read through readable_items() (a kind with other addresses,
    such as a wiki page's path, finds it its own way and renders it here)."""
    item, user = getattr(content, kind.attribute), request.user
    can_edit = bool(kind.edit_rule) and allowed(user, kind.edit_rule, item)
    context = comments_context(request, content)
    context.update(_reading_context(request, content) if kind.translatable else {"shown": content})
    context.update({
        kind.attribute: item, "item": item, "content_kind": kind, "space": content.space,
        "topics": content.topics.all(),
        "attachments": content.attachments.all(), "attachment_form": AttachmentForm(),
        "can_attach": bool(content_rules.can_attach_to_content(user, content)), "can_edit": can_edit,
        "edit_url": reverse(f"{kind.app}:edit", args=[content.pk]) if can_edit else "",
        "publish_url": reverse(f"{kind.app}:publish", args=[content.pk])
        if can_edit and kind.publish and content.is_private else "",
        "delete_url": reverse(f"{kind.app}:delete", args=[content.pk])
        if kind.delete and allowed(user, "content.delete", content) else "",
    })
    if kind.detail_context:
        context.update(kind.detail_context(request, item))
    return render(request, kind.template("detail"), context)


# Writing -----------------------------------------------------------------------------------------

def _created_text(kind, item):
    status = item.content.status
    if status == Content.Status.SCHEDULED:
        return kind.texts["scheduled"]
    if status == Content.Status.DRAFT:
        return kind.texts.get("drafted") or _("Your draft has been saved. Only you can see it.")
    return kind.texts["created"]


def _may_create(kind, user, space):
    if kind.can_create:
        return kind.can_create(user, space)
    return space_rules.can_post_in_space(user, space) if space else can_post(user)


@login_required
def create(request, kind, slug=None):
    kind = kinds.get(kind)
    space = access_space(request.user, slug) if slug else None
    initial = kind.create_initial(request) if kind.create_initial else {}
    more = kind.form_kwargs(request, space, None) if kind.form_kwargs else {}
    form = kind.form(request.POST or None, request.FILES or None,
                     initial={"language": reader_language(request.LANGUAGE_CODE), **initial}, **more)
    status = None  # set by a refused service call
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        if kind.has_drafts:
            arguments["draft"] = "save_draft" in request.POST
        item, status = attempt(lambda: kind.create(request.user, space=space, **arguments), form=form)
        if status is None:
            messages.success(request, _created_text(kind, item))
            return redirect(_url_of(item))
    context = space_context(request, space, kind.space_tab) if space else {}
    context.update(form=form, allowed=bool(_may_create(kind, request.user, space)), creating=True, content_kind=kind)
    return render(request, kind.template("form"), context, status=status or (400 if form.errors else 200))


def content_initial(content) -> dict:
    """The fields every kind's form shares, as the item has them now."""
    return {"title": content.title, "body": content.body, "language": content.language,
            "topic_names": ", ".join(t.name for t in content.topics.all())}


def _edit_arguments(form, item):
    arguments = form.service_arguments()
    arguments.pop("language", None)  # an item's language is fixed: other languages are versions
    return arguments


@login_required
def edit(request, pk, kind):
    kind = kinds.get(kind)
    item = access_item(request.user, pk, kind)
    form_kwargs = kind.edit_form_kwargs(item) if kind.edit_form_kwargs else {"initial": content_initial(item.content)}
    if kind.form_kwargs:
        form_kwargs.update(kind.form_kwargs(request, item.content.space, item))
    form = (kind.edit_form or kind.form)(request.POST or None, request.FILES or None, **form_kwargs)
    context = {"form": form, "allowed": True, kind.attribute: item, "item": item, "content_kind": kind}
    if not allowed(request.user, kind.edit_rule, item):
        context.update(allowed=False, refusal=refusal(kind.edit_rule, item))
        return render(request, kind.template("form"), context, status=403)
    status = None  # set by a refused service call
    if request.method == "POST" and form.is_valid():
        arguments = (kind.edit_arguments or _edit_arguments)(form, item)
        on_refusal = (lambda error: kind.on_refusal(form, error, context)) if kind.on_refusal else None
        _saved, status = attempt(lambda: kind.edit(request.user, item, **arguments), form=form, on_refusal=on_refusal)
        if status is None:
            messages.success(request, kind.texts["saved"])
            if kind.after_edit:
                kind.after_edit(request, item)
            return redirect(_url_of(item))
    return render(request, kind.template("form"), context, status=status or (400 if form.errors else 200))


@require_POST
@login_required
def publish(request, pk, kind):
    kind = kinds.get(kind)
    item = access_item(request.user, pk, kind)
    _published, status = attempt(lambda: kind.publish(request.user, item), request=request)
    if status is None:
        messages.success(request, kind.texts["published"])
    return redirect(_url_of(item))


@login_required
def delete(request, pk, kind):
    """Ask, then delete through the kind's service (the content lifecycle's delete transition, checked by the
    rule book): nobody reads the item any more; a refusal is shown on the item's page and changes nothing."""
    kind = kinds.get(kind)
    item = access_item(request.user, pk, kind)
    content = item.content
    if request.method != "POST":
        allowed_here = allowed(request.user, "content.delete", content)
        return render(request, "content/kind/delete.html",
                      {"item": item, "content": content, "content_kind": kind, "allowed": allowed_here,
                       "refusal": "" if allowed_here else refusal("content.delete")},
                      status=200 if allowed_here else 403)
    _deleted, status = attempt(lambda: kind.delete(request.user, item), request=request)
    if status is not None:
        return redirect(_url_of(item))
    messages.success(request, kind.texts.get("deleted") or _("It has been deleted."))
    if kind.after_delete:
        kind.after_delete(request, item)
    if content.space_id:
        return redirect(reverse(f"{kind.app}:{kind.space_list_name}", args=[content.space.slug]))
    return redirect(reverse(f"{kind.app}:{kind.list_name}"))


# Addresses ---------------------------------------------------------------------------------------

VIEWS = {
    "list": ("", item_list), "create": ("new/", create), "detail": ("<int:pk>/", detail),
    "edit": ("<int:pk>/edit/", edit), "publish": ("<int:pk>/publish/", publish),
    "delete": ("<int:pk>/delete/", delete),
}
SPACE_VIEWS = {"space_list": ("", space_list), "space_create": ("new/", create)}


def urlpatterns_for(key, prefix, space_prefix, names=(*VIEWS, *SPACE_VIEWS)):
    """The kind's generic pages at `prefix` ("debates/") and, per group, at "groups/<slug>/`space_prefix`",
    named as before (list, create, detail, edit, publish, delete, space_list, space_create) in the kind's
    namespace."""
    patterns = []
    for name in names:
        if name in VIEWS:
            route, view = VIEWS[name]
            patterns.append(path(f"{prefix}{route}", view, {"kind": key}, name=name))
        else:
            route, view = SPACE_VIEWS[name]
            patterns.append(path(f"groups/<slug:slug>/{space_prefix}{route}", view, {"kind": key}, name=name))
    return patterns
