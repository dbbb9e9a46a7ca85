"""NUL characters in an address are never meant: refuse them before any view runs.

PostgreSQL cannot store or compare text containing NUL, so a `%00` in a path or query string
would otherwise reach the database inside a lookup or a search and come back as a 500.
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = "The address contains a NUL character (%00), which is never valid here."


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.path_info + "?" + request.META.get("QUERY_STRING", "")
        if "\x00" in raw or b"\x00" in unquote_to_bytes(raw):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
