"""The registry of content kinds. Each kind's app registers itself in its AppConfig.ready(), so the
shared base can name an item and link to it without importing the leaf apps."""

from dataclasses import dataclass

from django.urls import reverse


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


_KINDS: dict[str, ContentKind] = {}


def register(key, label, label_plural, detail_url_name, comment_actions_template=None,
             comment_actions_context=None, url_builder=None):
    _KINDS[key] = ContentKind(key, label, label_plural, detail_url_name, comment_actions_template,
                              comment_actions_context, url_builder)


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
    url = reverse(kind.detail_url_name, args=[content.original_id or content.pk])
    return f"{url}?lang={content.language}" if content.original_id else url
