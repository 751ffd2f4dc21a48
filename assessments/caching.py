"""Rendered page content, cached until the data it shows changes.

Each organisation carries a ``cache_token`` that is replaced whenever anything
of its own changes: an assessment, entry, evidence item, action, progress
note, recommendation, cover detail, stored report or membership, through the
app or the admin (signals below). Frameworks are shared, so a change to one
replaces every organisation's token. Cached content is keyed by the tokens of
the organisations it shows, so a change makes the old content unreachable at
once: nothing stale is ever served, and no cache needs clearing.

The key also holds today's date (what is overdue changes at midnight) and
whatever else the caller says the content depends on (the role, the query).

Content is rendered without the request, so a cached copy holds nothing of
the user who first asked for it; CSRF tokens are rendered as a placeholder
and replaced with the reader's own token on the way out.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

# Long enough to matter, short enough that nothing unused stays for days.
TIMEOUT = 60 * 60 * 6

_CSRF_TAG = Template("{% csrf_token %}")
_CSRF_PLACEHOLDER = "csrf-token-of-the-reader"


def _csrf_input(token):
    return _CSRF_TAG.render(Context({"csrf_token": token}))


_PLACEHOLDER_INPUT = _csrf_input(_CSRF_PLACEHOLDER)


def content_key(name, organisations, parts):
    tokens = sorted(
        (organisation.pk, str(organisation.cache_token)) for organisation in organisations
    )
    raw = repr((name, tokens, timezone.localdate().isoformat(), [str(part) for part in parts]))
    return f"content:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_content(request, template, *, organisations, parts, context):
    """``template`` rendered with ``context()``, from the cache when nothing has changed.

    ``organisations``: the organisations whose data the content shows.
    ``parts``: everything else the content depends on (object keys, role, query).
    ``context``: a callable, so the queries behind the content run only on a miss.
    """
    key = content_key(template, organisations, parts)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, {**context(), "csrf_token": _CSRF_PLACEHOLDER})
        cache.set(key, html, TIMEOUT)
    if _PLACEHOLDER_INPUT in html:
        html = html.replace(_PLACEHOLDER_INPUT, _csrf_input(get_token(request)))
    return mark_safe(html)


def rendered_content(request, template, context):
    """The same content rendered for this request only (bound forms, errors, conflicts)."""
    return mark_safe(render_to_string(template, context, request=request))


def query_key(request):
    """The query string in a stable order, as a key part."""
    return sorted(request.GET.lists())


# Keeping the tokens current -------------------------------------------------


def renew_tokens(organisations):
    organisations.update(cache_token=uuid.uuid4())


def _organisations_of(instance):
    from assessments import models

    Organisation = models.Organisation
    if isinstance(instance, (models.Assessment, models.Membership)):
        return Organisation.objects.filter(pk=instance.organisation_id)
    if isinstance(instance, models.Entry):
        return Organisation.objects.filter(assessments=instance.assessment_id)
    if isinstance(instance, models.Evidence):
        return Organisation.objects.filter(assessments__entries=instance.entry_id)
    if isinstance(instance, models.ProgressNote):
        return Organisation.objects.filter(assessments__actions=instance.action_id)
    # Action, Recommendation, ReportDetails, StoredReport
    return Organisation.objects.filter(assessments=instance.assessment_id)


def _changed(sender, instance, **kwargs):
    renew_tokens(_organisations_of(instance))


def _framework_changed(sender, **kwargs):
    from assessments.models import Organisation

    renew_tokens(Organisation.objects.all())


def _user_changed(sender, instance, update_fields=None, **kwargs):
    """Names appear on pages (owners, authors, approvers); logins change nothing shown."""
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    from assessments.models import Organisation

    renew_tokens(Organisation.objects.filter(memberships__user=instance.pk))


def connect_signals():
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from assessments import models

    receivers = [
        (_changed, model)
        for model in (
            models.Assessment,
            models.Membership,
            models.Entry,
            models.Evidence,
            models.Action,
            models.ProgressNote,
            models.Recommendation,
            models.ReportDetails,
            models.StoredReport,
        )
    ]
    receivers += [
        (_framework_changed, model) for model in apps.get_app_config("frameworks").get_models()
    ]
    receivers.append((_user_changed, get_user_model()))
    for receiver, model in receivers:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"cache-token-{model._meta.label}")
