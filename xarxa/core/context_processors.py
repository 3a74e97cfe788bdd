from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME}


def sections(request):
    from xarxa.core.sections import header_sections

    items, here = header_sections(request)
    return {"site_sections": items, "site_section": here.key}
