"""Fail with one clear line when the configured database cannot be reached."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bestvalue import health


def describe_database_url(url):
    """The URL without its password, fit to print."""
    password = urlsplit(url).password
    return url.replace(f":{password}@", ":***@", 1) if password else url


class Command(BaseCommand):
    help = "Check that the database named by DATABASE_URL can be reached."

    def handle(self, *args, **options):
        problem = health.database_problem()
        if problem is not None:
            raise CommandError(
                f"DATABASE_URL: cannot connect to {describe_database_url(settings.DATABASE_URL)} "
                f"({problem})"
            )
        self.stdout.write(f"Database reachable: {connection.vendor}")
