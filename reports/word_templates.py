"""Storing, replacing and removing an organisation's Word template."""

import hashlib

from django.utils import timezone

from reports.models import WordTemplate


def organisation_template(organisation):
    return WordTemplate.objects.filter(organisation=organisation).first()


def save_word_template(organisation, name, data, user):
    """Keep ``data``, already passed by ``check_template``, as the organisation's template."""
    template, _ = WordTemplate.objects.update_or_create(
        organisation=organisation,
        defaults={
            "name": name[:255],
            "content": data,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "uploaded_by": user,
            "uploaded_at": timezone.now(),
        },
    )
    return template


def remove_word_template(organisation):
    """Go back to the default template; True when there was one to remove."""
    deleted, _ = WordTemplate.objects.filter(organisation=organisation).delete()
    return bool(deleted)
