"""Every email the app sends goes through here, so sending can later be queued.

Sending never raises: a failure is logged and reported to the caller, who
tells the person who triggered it (with the link to pass on by hand).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from people.links import absolute_url
from people.models import Invitation

logger = logging.getLogger(__name__)


def send(subject, template_name, context, to):
    """Send one plain-text email; True if the mail server took it."""
    body = render_to_string(template_name, context)
    message = EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
    try:
        message.send()
    except Exception:
        logger.exception("Could not send %r to %s", subject, to)
        return False
    return True


def invitation_link(token, request=None):
    return absolute_url(Invitation.accept_path(token), request)


def send_invitation(invitation, token, request=None):
    """Email the invitation's link; returns (sent, link)."""
    link = invitation_link(token, request)
    sent = send(
        f"Invitation to join {invitation.organisation} in the Best Value self-assessment manager",
        "people/email/invitation.txt",
        {"invitation": invitation, "link": link},
        invitation.email,
    )
    return sent, link
