"""Setting up a new organisation: the organisation and its first administrator's invitation."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from assessments.models import Membership, Organisation
from people import invitations

# Paths under /organisations/ that are pages, not organisations.
RESERVED_SLUGS = {"new"}


class OrganisationError(Exception):
    """Refused, with a message fit to show the person who asked."""


def unique_slug(name):
    base = slugify(name)[:45] or "organisation"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_organisation(*, name, kind, admin_email, created_by=None):
    """-> (organisation, invitation, token); the caller sends the invitation."""
    name = " ".join(name.split())
    if kind not in Organisation.Kind.values:
        raise OrganisationError(
            f"Unknown kind {kind!r}: choose one of {', '.join(Organisation.Kind.values)}."
        )
    if Organisation.objects.filter(name__iexact=name).exists():
        raise OrganisationError(f"An organisation called {name} already exists.")
    try:
        with transaction.atomic():
            organisation = Organisation(name=name, slug=unique_slug(name), kind=kind)
            organisation._history_user = created_by
            organisation.save()
            invitation, token = invitations.invite(
                organisation=organisation,
                email=admin_email,
                role=Membership.Role.ADMIN,
                invited_by=created_by,
            )
    except IntegrityError:
        raise OrganisationError(f"An organisation called {name} already exists.") from None
    return organisation, invitation, token
