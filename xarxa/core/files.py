from django.http import FileResponse, Http404


def serve_private_image(field_file, content_type="image/webp"):
    """Stream a stored image to a reader the caller has already authorised.

    Covers of private and secret groups and posts go through here rather than a public
    /media address, so the picture is exactly as visible as the thing it illustrates.
    """
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
