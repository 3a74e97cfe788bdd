"""The tools a space offers (debates, blogs, wiki, events, files) and the stream on its home page. Each
tool's app registers itself in its AppConfig.ready(), so spaces need not import the apps above it."""

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


# The group's home page shows the newest items posted in it. Content (above spaces) registers the function
# that reads them: stream(request, space) -> the items the reader may see, newest first.
_STREAM = []


def register_stream(provider):
    _STREAM[:] = [provider]


def stream(request, space) -> list:
    return _STREAM[0](request, space) if _STREAM else []
