"""Requests no view should have to guard against: NUL characters in the path or parameters.

A NUL byte cannot be stored in PostgreSQL text and is never part of a real
value, so any request carrying one (in the path, a query-string or form key or
value) is answered 400 with a plain explanation before a view sees it.
"""

from django.http import HttpResponseBadRequest

NUL = "\x00"

NUL_REFUSED = (
    "This request contains a NUL character, which is never part of a valid address "
    "or form value. Nothing was changed.\n"
)


def _has_nul(querydict):
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in querydict.lists()
    )


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path
            or _has_nul(request.GET)
            or NUL in request.META.get("QUERY_STRING", "")
        ):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        if request.method == "POST" and _has_nul(request.POST):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
