"""Requests no view should have to guard against: NUL characters in the path or parameters.

A NUL byte cannot be stored in PostgreSQL text and is never part of a real
address, so a request carrying one in its path, its query string or a form
field's name is answered 400 with a plain explanation before a view sees it.
In a form field's value it is left to the form, which refuses it as a field
error and keeps the rest of what was typed.
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
        if request.method == "POST" and any(NUL in key for key in request.POST):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
