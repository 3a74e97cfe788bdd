import os
import time

from django.conf import settings

# base.html keeps its parts that are the same for every reader in the cache under this process's start:
# new code (a deploy, a restart) never meets the layout an older one wrote.
LAYOUT_VERSION = f"{os.getpid()}-{time.time_ns()}"
LAYOUT_SECONDS = 600


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "LAYOUT_VERSION": LAYOUT_VERSION, "LAYOUT_SECONDS": LAYOUT_SECONDS}


def sections(request):
    from xarxa.core.sections import header_sections

    items, here = header_sections(request)
    return {"site_sections": items, "site_section": here.key}
