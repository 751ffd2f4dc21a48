"""Requests no view should have to guard against: NUL characters in the path or parameters.

A NUL byte cannot be stored in PostgreSQL text and is never part of a real
address, so a request carrying one in its path, its query string or a form
field's name is answered 400 with a plain explanation before a view sees it.
In a form field's value it is left to the form, which refuses it as a field
error and keeps the rest of what was typed.
"""

from django.db import DataError
from django.http import HttpResponseBadRequest

NUL = "\x00"

OUT_OF_RANGE = (
    "A value in this request cannot be used: it is not of the kind expected there (for "
    "example text, or thirty digits, where an id belongs). Nothing was changed.\n"
)

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

    def process_exception(self, request, exception):
        """A value the database cannot hold (an id too large for an integer, text where an id
        belongs) is the sender's mistake: answer 400, not 500."""
        if isinstance(exception, OverflowError | DataError) or _refused_by_a_lookup(exception):
            return HttpResponseBadRequest(OUT_OF_RANGE, content_type="text/plain; charset=utf-8")
        return None


def _refused_by_a_lookup(exception):
    """A ValueError or TypeError raised where the ORM prepares a value for a query."""
    if not isinstance(exception, ValueError | TypeError):
        return False
    traceback = exception.__traceback__
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    filename = traceback.tb_frame.f_code.co_filename.replace("\\", "/")
    return "/django/db/models/" in filename and traceback.tb_frame.f_code.co_name in (
        "get_prep_value",
        "to_python",
    )
