"""Create the demo logins and demo data (idempotent): ``python manage.py seed_demo``."""

import datetime
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments import creation
from assessments.demo import content
from assessments.models import Action, Evidence, Membership, Organisation, Recommendation
from frameworks.models import Criterion, Framework

# username: (full name, organisation slug or None, role or None, superuser)
LOGINS = {
    "admin": ("Site Administrator", None, None, True),
    "officer": ("Olivia Officer", "demo-ijb", Membership.Role.OFFICER, False),
    "committee": ("Colin Committee", "demo-ijb", Membership.Role.COMMITTEE, False),
    "manager": ("Morag Manager", "demo-ijb", Membership.Role.ADMIN, False),
    "neighbour": ("Nina Neighbour", "neighbour-ijb", Membership.Role.OFFICER, False),
}
ORGANISATIONS = {"demo-ijb": "Demo IJB", "neighbour-ijb": "Neighbour IJB"}


def ensure_user(username, password, full_name, superuser):
    """Create or refresh a demo user so its password is always the advertised one."""
    first, _, last = full_name.partition(" ")
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.first_name, user.last_name = first, last
    user.is_staff = user.is_superuser = superuser
    user.set_password(password)
    user.save()
    return user


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


class Command(BaseCommand):
    help = (
        "Create the demo logins (password 'demo' unless DEMO_PASSWORD is set) and, once, "
        "demo assessments for Demo IJB. Needs the bv2020 and msg2019 fixtures loaded."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or "demo"
        frameworks = Framework.objects.in_bulk(["bv2020", "msg2019"], field_name="slug")
        if len(frameworks) < 2:
            raise CommandError(
                "Load the frameworks first: python manage.py loaddata bv2020 msg2019 ci_qif2019"
            )
        with transaction.atomic():
            organisations = {
                slug: Organisation.objects.get_or_create(slug=slug, defaults={"name": name})[0]
                for slug, name in ORGANISATIONS.items()
            }
            users = {}
            for username, (full_name, org_slug, role, superuser) in LOGINS.items():
                users[username] = ensure_user(username, password, full_name, superuser)
                if org_slug:
                    Membership.objects.update_or_create(
                        user=users[username],
                        organisation=organisations[org_slug],
                        defaults={"role": role},
                    )
            demo = organisations["demo-ijb"]
            created = not demo.assessments.exists()
            if created:
                self._best_value(demo, frameworks["bv2020"], users["officer"])
                self._msg(demo, frameworks["msg2019"], users["officer"])
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, (full_name, org_slug, role, _) in LOGINS.items():
            where = (
                f"{Membership.Role(role).label} of {ORGANISATIONS[org_slug]}"
                if role
                else "superuser"
            )
            self.stdout.write(f"  {username:<10} {full_name}, {where}")
        if created:
            self.stdout.write("Created the demo assessments of Demo IJB.")

    @staticmethod
    def _create(organisation, framework, officer, title, period, criteria):
        return creation.create_assessment(
            organisation=organisation,
            framework=framework,
            title=title,
            period=period,
            scale=framework.default_scale,
            criteria=criteria.filter(framework=framework),
            user=officer,
        )

    def _best_value(self, organisation, framework, officer):
        bv_criteria = Criterion.objects.filter(ref__in=content.BV_ENTRIES)
        assessment = self._create(
            organisation,
            framework,
            officer,
            "Best Value self-assessment",
            content.BV_PERIOD,
            bv_criteria,
        )
        levels = {level.label: level for level in assessment.levels()}
        for entry in assessment.entries.select_related("criterion").order_by("criterion__position"):
            rating, summary, evidence, actions = content.BV_ENTRIES[entry.criterion.ref]
            self._fill(entry, officer, levels.get(rating), summary, evidence)
            for position, (text, lead, due, timescale, status, ref) in enumerate(actions, 1):
                self._action(
                    assessment,
                    officer,
                    entry=entry,
                    position=position,
                    description=text,
                    lead_officer=lead,
                    due_date=_date(due),
                    timescale=timescale,
                    status=status,
                    report_reference=ref,
                )
        for position, (text, actions) in enumerate(content.AUDIT_RECOMMENDATIONS, 1):
            recommendation = Recommendation(
                assessment=assessment,
                source=content.AUDIT_SOURCE,
                ref=str(position),
                text=text,
                position=position,
            )
            recommendation._history_user = officer
            recommendation.save()
            for number, (description, timescale, lead, ref) in enumerate(actions, 1):
                self._action(
                    assessment,
                    officer,
                    recommendation=recommendation,
                    position=number,
                    description=description,
                    timescale=timescale,
                    lead_officer=lead,
                    report_reference=ref,
                )

    def _msg(self, organisation, framework, officer):
        title = "MSG integration review self-evaluation"
        assessable = Criterion.objects.filter(assessable=True)
        assessment = self._create(
            organisation, framework, officer, title, content.MSG_PERIOD, assessable
        )
        levels = {level.label: level for level in assessment.levels()}
        for entry in assessment.entries.select_related("criterion").order_by("criterion__position"):
            if entry.criterion.ref not in content.MSG_ENTRIES:
                continue
            rating, evidence, actions = content.MSG_ENTRIES[entry.criterion.ref]
            self._fill(entry, officer, levels[rating], "", evidence)
            for position, description in enumerate(actions, 1):
                self._action(
                    assessment,
                    officer,
                    entry=entry,
                    position=position,
                    description=description,
                    timescale=entry.criterion.timescale,
                )

    @staticmethod
    def _fill(entry, officer, rating, summary, evidence):
        entry.rating = rating
        entry.summary = summary
        entry.progress = entry.Progress.COMPLETE if evidence else entry.Progress.NOT_STARTED
        entry._history_user = officer
        entry.save()
        for position, text in enumerate(evidence, 1):
            item = Evidence(entry=entry, position=position, text=text)
            item._history_user = officer
            item.save()

    @staticmethod
    def _action(assessment, officer, **fields):
        action = Action(assessment=assessment, **fields)
        action._history_user = officer
        action.save()
