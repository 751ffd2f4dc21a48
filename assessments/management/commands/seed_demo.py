"""Create the demo logins (idempotent): ``python manage.py seed_demo``."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


def ensure_user(username, password, **flags):
    """Create or refresh a demo user so its password is always the advertised one."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    for name, value in flags.items():
        setattr(user, name, value)
    user.set_password(password)
    user.save()
    return user


class Command(BaseCommand):
    help = "Create the demo logins. The password is 'demo' unless DEMO_PASSWORD is set."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or "demo"
        with transaction.atomic():
            ensure_user("admin", password, is_staff=True, is_superuser=True)
        self.stdout.write(f"Demo logins (password: {password}):")
        self.stdout.write("  admin      administrator, also of the Django admin site")
