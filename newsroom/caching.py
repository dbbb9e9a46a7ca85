"""HTTP caching for the reader site: conditional GET and Cache-Control, decided per request."""

from functools import wraps

from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

# Short enough that an unpublished or corrected story leaves shared caches within a minute;
# long enough to absorb a front-page traffic spike.
PUBLIC_MAX_AGE = 60


def reader_page(view):
    """Let browsers and shared caches keep anonymous pages briefly; keep staff pages private.

    Every response varies on Cookie, so a shared cache never hands a logged-in reader's copy to
    anyone else, and carries an ETag (a hash of the body) plus any Last-Modified the view set,
    so a repeat request that still matches gets a 304 with no body.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            # The ETag is a hash of the body, so the template must be rendered now.
            response = response.render()
        patch_vary_headers(response, ["Cookie"])
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        # Headers set above are copied onto a 304, so it carries the same caching rules.
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    return wrapped
