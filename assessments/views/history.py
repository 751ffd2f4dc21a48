"""History pages (placeholder until implemented)."""

from django.http import Http404


def assessment_history(request, pk):
    raise Http404("Not built yet.")


def assessment_as_of(request, pk):
    raise Http404("Not built yet.")


def entry_history(request, pk, entry_pk):
    raise Http404("Not built yet.")
