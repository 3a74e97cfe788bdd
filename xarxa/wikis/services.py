"""Acts on wiki pages. Every save is a revision; a save that started from an old revision is refused
with what changed meanwhile (EditConflict), so nobody's work is silently overwritten."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xarxa.activity.models import Verb
from xarxa.activity.services import record_activity
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.content import services as content_services
from xarxa.content.mentions import record_mentions
from xarxa.content.models import Content
from xarxa.core.events import announce
from xarxa.core.rulebook import check, refusal
from xarxa.wikis import rules as wiki_rules
from xarxa.wikis.diff import word_diff
from xarxa.wikis.links import render_wiki_body
from xarxa.wikis.models import KIND, WikiPage, WikiRevision, title_key

MAX_COMMENT = 300


class EditConflict(ValidationError):
    """Someone saved the page after the editor opened it. Carries the current revision and the diff."""

    def __init__(self, current, changes):
        super().__init__(_("Someone else saved this page while you were editing it. Your text has not been "
                           "saved: look at what changed, then merge your changes and save again."),
                         code="conflict")
        self.current, self.changes = current, changes


def index_for_search(content):
    """Tell whoever indexes (search subscribes) that the item changed beyond what the base row's save shows."""
    announce("content.changed", content=content)


def _check_title_free(space, title, page=None):
    taken = WikiPage.objects.filter(space=space, title_key=title_key(title))
    if page is not None:
        taken = taken.exclude(pk=page.pk)
    if taken.exists():
        raise ValidationError(_("There is already a page with this title in this wiki."), code="title_taken")


def _check_parent(space, parent, page=None):
    if parent is None:
        return
    if parent.space_id != (space.pk if space else None):
        raise ValidationError(_("The parent page must be in the same wiki."), code="bad_parent")
    if page is not None and (parent.pk == page.pk or page in parent.ancestors()):
        raise ValidationError(_("A page cannot be placed under itself."), code="parent_loop")


def create_page(author, *, space=None, title, body="", parent=None, comment="", language="es") -> WikiPage:
    if not wiki_rules.can_write_in_wiki(author, space):
        raise PermissionDenied(_("Only members who can post here can write in this wiki."))
    title, comment = content_services.check_title(title), (comment or "").strip()[:MAX_COMMENT]
    _check_title_free(space, title)
    _check_parent(space, parent)
    with transaction.atomic():
        content = content_services.create_content(author, kind=KIND, space=space, title=title, body=body,
                                                  language=language)
        rendered = render_wiki_body(content.body, space)
        Content.objects.filter(pk=content.pk).update(body_html=rendered.html)
        content.body_html = rendered.html
        page = WikiPage(content=content, space=space, parent=parent, title_key=title_key(title), revision_number=1)
        page.assign_path(title)
        page.save()
        WikiRevision.objects.create(page=page, number=1, title=title, body=content.body, author=author,
                                    comment=comment or _("Page created"))
        record_activity(author, Verb.PUBLISHED, content=content)
        index_for_search(content)
    return page


def save_page(actor, page, *, title, body, comment="", base_revision: int, parent=...) -> WikiRevision:
    """Save a new revision. `base_revision` is the number the editor started from."""
    check(actor, "wikis.edit_page", page)
    title = content_services.check_title(title)
    body = content_services.check_body(body)
    space = page.content.space
    with transaction.atomic():
        locked = WikiPage.objects.select_for_update().get(pk=page.pk)
        if locked.revision_number != base_revision:
            base = WikiRevision.objects.filter(page=page, number=base_revision).first()
            current = WikiRevision.objects.get(page=page, number=locked.revision_number)
            raise EditConflict(current, word_diff(base.body if base else "", current.body))
        _check_title_free(space, title, page)
        if page.content.status == Content.Status.HIDDEN:
            # The text being replaced was hidden by a moderator: it stays out of the public history.
            WikiRevision.objects.filter(page=page, number=locked.revision_number).update(is_moderated=True)
        old_title, old_parent_id = page.content.title, page.parent_id
        if parent is not ...:
            _check_parent(space, parent, page)
            page.parent = parent
        rendered = render_wiki_body(body, space)
        content = page.content
        content.title, content.body, content.body_html = title, body, rendered.html
        content.save(update_fields=["title", "body", "body_html", "updated_at"])
        content.topics.add(*rendered.topics)
        record_mentions(content, None, actor, rendered.mentioned)
        page.revision_number = locked.revision_number + 1
        page.title_key = title_key(title)
        if title != old_title or page.parent_id != old_parent_id:
            _move(page, title)
        page.save(update_fields=["revision_number", "title_key", "parent", "slug", "path"])
        revision = WikiRevision.objects.create(page=page, number=page.revision_number, title=title, body=body,
                                               author=actor, comment=(comment or "").strip()[:MAX_COMMENT])
        record_activity(actor, Verb.EDITED, content=content)
        index_for_search(content)
    return revision


def _move(page, title):
    """A new slug and path after a rename or a move, and the same change to every page below it (their
    id URLs keep working; the old paths do not)."""
    old_path = page.path
    page.assign_path(title)
    if page.path == old_path:
        return
    below = list(WikiPage.objects.filter(space_id=page.space_id, path__startswith=f"{old_path}/"))
    for child in below:
        child.path = f"{page.path}{child.path[len(old_path):]}"
    # The new prefix was free, so no rewritten path can clash with another page's.
    WikiPage.objects.bulk_update(below, ["path"], batch_size=500)


def revert_page(actor, page, revision) -> WikiRevision:
    """Bring back an old revision's text, as a new revision (history is never rewritten)."""
    if revision.page_id != page.pk:
        raise ValidationError(_("This revision belongs to another page."))
    if not WikiRevision.objects.shown_to(actor, page.content).filter(pk=revision.pk).exists():
        raise PermissionDenied(refusal("content.see_moderated_text"))
    return save_page(actor, page, title=revision.title, body=revision.body,
                     comment=_("Reverted to revision %(number)d") % {"number": revision.number},
                     base_revision=page.revision_number)


def delete_page(actor, page) -> WikiPage:
    """Delete a page (the base's rule and transition). A page with pages under it is refused: they would
    lose their place in the tree and their paths."""
    if WikiPage.objects.filter(parent=page).exclude(content__status=Content.Status.DELETED).exists():
        raise ValidationError(_("Move or delete the pages under this one first."), code="has_children")
    content_services.delete_content(actor, page.content)
    return page


def set_protected(actor, page, protected: bool) -> WikiPage:
    check(actor, "wikis.protect_page", page)
    with transaction.atomic():
        page.is_protected = protected
        page.save(update_fields=["is_protected"])
        record(actor, Action.WIKI_PROTECT if protected else Action.WIKI_UNPROTECT, page)
    return page
