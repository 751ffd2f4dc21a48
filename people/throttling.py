"""Login throttling per user name and per address.

django-axes locks out when the failures counted under any lockout parameter
reach one limit. We want two: AXES_FAILURE_LIMIT for one user name from one
address, and a higher AXES_ADDRESS_FAILURE_LIMIT for one address across all
user names (an office behind one address has many honest people mistyping).
So the address's count is scaled onto the first limit: it reaches
AXES_FAILURE_LIMIT exactly when the raw count reaches AXES_ADDRESS_FAILURE_LIMIT.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class AddressLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if not counts:
            return 0
        # AXES_LOCKOUT_PARAMETERS: [["username", "ip_address"], "ip_address"]
        per_name, *per_address = counts
        limit = settings.AXES_FAILURE_LIMIT
        address_limit = max(settings.AXES_ADDRESS_FAILURE_LIMIT, 1)
        scaled = [count * limit // address_limit for count in per_address]
        return max([per_name, *scaled])
