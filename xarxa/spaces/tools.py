"""The tools a space offers (debates now; blogs, wiki, events and files later). Each tool's app
registers itself in its AppConfig.ready(), so spaces need not import the leaf apps."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SpaceTool:
    key: str
    label: object  # a lazy translation
    url_name: str  # takes the space's slug


_TOOLS: dict[str, SpaceTool] = {}


def register(key, label, url_name):
    _TOOLS[key] = SpaceTool(key, label, url_name)


def all_tools():
    return list(_TOOLS.values())
