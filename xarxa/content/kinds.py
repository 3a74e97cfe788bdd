"""The registry of content kinds. Each kind's app registers itself in its AppConfig.ready(), so the
shared base can name an item and link to it without importing the leaf apps."""

from dataclasses import dataclass, field

from xarxa.core.reversing import reverse_cached


@dataclass(frozen=True)
class ContentKind:
    key: str
    label: object  # a lazy translation
    label_plural: object
    detail_url_name: str  # takes the original's pk
    # Optional extra buttons under each comment (a debate's "most useful answer") and their context.
    comment_actions_template: str | None = None
    comment_actions_context: object = None  # callable(content, user) -> dict
    # Optional callable(content) -> a nicer URL than the pk one, or None to use the pk one. It must not
    # query (lists call it per row), so it uses only what is already loaded.
    url_builder: object = None

    # What the generic views of content.kind_views need (see docs/architecture.md, "Adding a content kind").
    # All optional: a kind uses only the generic views it has declared what they need for.
    app: str = ""  # the URL namespace and the template folder ("debates")
    attribute: str = ""  # the one-to-one from Content to the kind's model ("debate")
    form: object = None  # the create form; its service_arguments() feed `create`
    edit_form: object = None  # the edit form when it differs from `form`
    create: object = None  # service (user, *, space, [draft,] **arguments) -> the kind's object
    edit: object = None  # service (user, item, **arguments)
    publish: object = None  # service (user, item): a draft goes out
    delete: object = None  # service (user, item): the item goes for every reader (content.services.delete_item)
    has_drafts: bool = False  # create passes draft= ("Save as a draft")
    can_create: object = None  # predicate (user, space or None); the default is the posting rule
    edit_rule: str = ""  # the rule book's name for "may edit this item" ("debates.edit_debate"), with its refusal
    create_initial: object = None  # (request) -> the create form's initial data
    edit_form_kwargs: object = None  # (item) -> the edit form's keyword arguments (initial, ...)
    form_kwargs: object = None  # (request, space, item or None) -> more keyword arguments for both forms
    on_refusal: object = None  # (form, error, context) on a refused edit: may add context, returns a status or None
    edit_arguments: object = None  # (form, item) -> the edit service's keyword arguments
    after_edit: object = None  # (request, item): what the kind tells the editor besides texts["saved"]
    after_delete: object = None  # (request, item): what the kind tells besides texts["deleted"]
    list_name: str = "list"  # the URL names of its network list and group list, where a deletion leads
    space_list_name: str = "space_list"
    list_context: object = None  # (request, space or None) -> the rows, filters and paging of a list
    list_extra: object = None  # (request) -> what the network list adds (its "new" buttons)
    detail_context: object = None  # (request, item) -> what the kind adds to its page
    detail_related: tuple = ()  # select_related for the item page, beyond author, space and the item
    translatable: bool = True  # the page shows the version in the reader's language
    space_tab: str = ""  # the group tab its group list sits under
    templates: dict = field(default_factory=dict)  # overrides of {list, space_list, detail, form}.html
    search_fields: object = None  # (content) -> fields the kind's own row adds to its search document
    search_prefetch: tuple = ()  # what search_fields reads from the base row, loaded per batch by the rebuild
    htmx_rows_template: str = ""  # "load more" (htmx with ?after=) answers with this fragment
    # created, drafted, scheduled, saved, published, deleted, delete_warning
    texts: dict = field(default_factory=dict)

    def template(self, name):
        return self.templates.get(name) or f"{self.app}/{name}.html"


_KINDS: dict[str, ContentKind] = {}


def register(key, label, label_plural, detail_url_name, **options):
    _KINDS[key] = ContentKind(key, label, label_plural, detail_url_name, **options)


def comment_context(content, user) -> dict:
    """What the kind adds to each comment's template (empty for kinds that add nothing)."""
    kind = _KINDS.get(content.kind)
    if kind is None or kind.comment_actions_template is None:
        return {}
    extra = kind.comment_actions_context(content, user) if kind.comment_actions_context else {}
    return {"comment_actions_template": kind.comment_actions_template, **extra}


def get(key) -> ContentKind | None:
    return _KINDS.get(key)


def all_kinds():
    return list(_KINDS.values())


def url_for(content) -> str:
    kind = _KINDS.get(content.kind)
    if kind is None:
        return "#"
    if kind.url_builder is not None:
        built = kind.url_builder(content)
        if built:
            return built
    url = reverse_cached(kind.detail_url_name, content.original_id or content.pk)
    return f"{url}?lang={content.language}" if content.original_id else url
