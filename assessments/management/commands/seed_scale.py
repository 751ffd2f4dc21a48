"""Fill the database with a national-scale data set for benchmarks.

    python manage.py seed_scale --orgs 31 --years 6

Per organisation: three members, a Best Value 2020 assessment per year (every
assessable criterion, 2–4 evidence items and 1–4 actions each, progress notes,
several saved edits per entry) and an MSG self-evaluation. Rows go in with
bulk inserts, history rows included. Organisations already present are left
alone, so a second run with a larger --orgs only adds the rest.
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from assessments.models import (
    Action,
    Assessment,
    Entry,
    Evidence,
    Membership,
    Organisation,
    ProgressNote,
)
from frameworks.models import Criterion, Framework

AREAS = [
    "Aberdeen City", "Aberdeenshire", "Angus", "Argyll and Bute", "Clackmannanshire and Stirling",
    "Dumfries and Galloway", "Dundee", "East Ayrshire", "East Dunbartonshire", "East Lothian",
    "East Renfrewshire", "Edinburgh", "Falkirk", "Fife", "Glasgow City", "Highland", "Inverclyde",
    "Midlothian", "Moray", "North Ayrshire", "North Lanarkshire", "Orkney", "Perth and Kinross",
    "Renfrewshire", "Scottish Borders", "Shetland", "South Ayrshire", "South Lanarkshire",
    "West Dunbartonshire", "West Lothian", "Western Isles",
]  # fmt: skip
EVIDENCE = [
    "The Strategic Plan was developed with the Strategic Planning Group, localities and carers and approved by the IJB.",
    "Quarterly performance reports are scrutinised by the Performance and Audit Committee and published.",
    "Internal audit reviewed the arrangements this year and gave reasonable assurance.",
    "Locality planning forums meet quarterly and feed local priorities into planning and budget setting.",
    "The annual performance report sets out progress against each national health and wellbeing outcome.",
    "Members attended development sessions on the IJB's role, governance and financial planning.",
]
ACTIONS = [
    "An updated Coproduction and Engagement Framework will be approved by September",
    "Refresh the Medium Term Financial Plan and align savings with the Strategic Plan",
    "Review the Scheme of Integration with both partners",
    "Develop locality plans with communities and the third sector",
    "Report progress on improvement actions to every Audit, Risk and Governance Committee",
]
LEADS = [
    "Chief Officer",
    "Chief Finance Officer",
    "D Robertson / J Craig",
    "Head of Strategic Planning",
]
TIMESCALES = ["Ongoing", "TBC", "Annually", "Start now / ongoing"]
EDITS_PER_ENTRY = (2, 5)


def financial_years(count, last_start):
    return [
        f"{year}/{(year + 1) % 100:02d}" for year in range(last_start - count + 1, last_start + 1)
    ]


class Command(BaseCommand):
    help = "Seed organisations with years of assessments for benchmarking (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--orgs", type=int, default=31, help="Number of organisations (default 31)."
        )
        parser.add_argument(
            "--years", type=int, default=6, help="Assessments per organisation (default 6)."
        )
        parser.add_argument(
            "--seed", type=int, default=2024, help="Random seed, for repeatable data."
        )

    def handle(self, *args, orgs, years, seed, **options):
        if orgs < 1 or years < 1:
            raise CommandError("--orgs and --years must be at least 1.")
        frameworks = Framework.objects.in_bulk(["bv2020", "msg2019"], field_name="slug")
        if len(frameworks) < 2:
            raise CommandError(
                "Load the frameworks first: python manage.py loaddata bv2020 msg2019"
            )
        self.random = random.Random(seed)
        self.password = make_password("bench")
        self.bv = frameworks["bv2020"]
        self.msg = frameworks["msg2019"]
        self.bv_criteria = list(Criterion.objects.filter(framework=self.bv, assessable=True))
        self.msg_criteria = list(Criterion.objects.filter(framework=self.msg, assessable=True))
        self.periods = financial_years(years, timezone.localdate().year - 1)
        started = time.perf_counter()
        for number in range(orgs):
            name = (
                f"{AREAS[number]} IJB" if number < len(AREAS) else f"Partnership {number + 1} IJB"
            )
            slug = f"scale-{number + 1:02d}"
            if Organisation.objects.filter(slug=slug).exists():
                self.stdout.write(f"[{number + 1}/{orgs}] {name}: already there")
                continue
            org_started = time.perf_counter()
            with transaction.atomic():
                self.seed_organisation(name, slug)
            self.stdout.write(
                f"[{number + 1}/{orgs}] {name}: {len(self.periods)} Best Value assessments "
                f"and an MSG self-evaluation in {time.perf_counter() - org_started:.1f} s"
            )
        self.refresh_statistics()
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s. Rows now:")
        for label, count in self.row_counts():
            self.stdout.write(f"  {label:<28} {count:>10,}")

    @staticmethod
    def refresh_statistics():
        """Tell PostgreSQL's planner how large the tables now are, as after a restore.

        A server's autovacuum does this within a minute of a bulk load; one that
        runs without it would otherwise plan every page for nearly empty tables.
        """
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    @staticmethod
    def row_counts():
        models = [Organisation, Membership, Assessment, Entry, Evidence, Action, ProgressNote]
        counts = [(model._meta.verbose_name_plural, model.objects.count()) for model in models]
        counts += [
            (f"history of {model._meta.verbose_name_plural}", model.history.count())
            for model in (Assessment, Entry, Evidence, Action)
        ]
        return counts

    def seed_organisation(self, name, slug):
        organisation = Organisation.objects.create(name=name, slug=slug)
        users = get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"{slug}-{role}", password=self.password, first_name=role.title()
            )
            for role in ("officer", "committee", "admin")
        )
        Membership.objects.bulk_create(
            Membership(user=user, organisation=organisation, role=role)
            for user, role in zip(users, Membership.Role.values, strict=True)
        )
        officer, approver = users[0], users[1]
        for index, period in enumerate(self.periods):
            start = datetime.date(int(period[:4]), 4, 1)
            latest = index == len(self.periods) - 1
            self.seed_assessment(
                organisation, officer, approver, self.bv, self.bv_criteria, period, start, latest
            )
        self.seed_assessment(
            organisation,
            officer,
            approver,
            self.msg,
            self.msg_criteria,
            "2019",
            datetime.date(2019, 1, 1),
            False,
        )

    def seed_assessment(
        self, organisation, officer, approver, framework, criteria, period, start, latest
    ):
        rnd = self.random
        created = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
        assessment = Assessment(
            organisation=organisation,
            framework=framework,
            title="Best Value self-assessment" if framework == self.bv else "MSG self-evaluation",
            period=period,
            scale=framework.default_scale,
            status=Assessment.Status.DRAFT if latest else Assessment.Status.APPROVED,
            approved_at=None if latest else created + datetime.timedelta(days=360),
            approved_by=None if latest else approver,
            meeting_date=None if latest else start + datetime.timedelta(days=360),
            committee_name="" if latest else "Audit, Risk and Governance Committee",
            created_by=officer,
            created_at=created,
        )
        assessment._history_user = officer
        assessment.save()
        levels = list(framework.default_scale.levels.all())
        entries = Entry.objects.bulk_create(
            Entry(
                assessment=assessment,
                criterion=criterion,
                progress=Entry.Progress.COMPLETE,
                rating=rnd.choice(levels),
                summary=f"{rnd.choice(EVIDENCE)} ({period})",
                updated_by=officer,
                updated_at=created,
            )
            for criterion in criteria
        )
        evidence = Evidence.objects.bulk_create(
            Evidence(entry=entry, position=position, text=rnd.choice(EVIDENCE))
            for entry in entries
            for position in range(1, rnd.randint(2, 4) + 1)
        )
        actions = Action.objects.bulk_create(
            self.action(assessment, entry, position, start)
            for entry in entries
            for position in range(1, rnd.randint(1, 4) + 1)
        )
        ProgressNote.objects.bulk_create(
            ProgressNote(
                action=action,
                date=start + datetime.timedelta(days=90),
                text="Update reported to committee.",
                author=officer,
            )
            for action in actions
            if rnd.random() < 0.5
        )
        self.write_history(Entry, entries, officer, created, edits=True)
        self.write_history(Evidence, evidence, officer, created)
        self.write_history(Action, actions, officer, created)

    def action(self, assessment, entry, position, start):
        rnd = self.random
        dated = rnd.random() < 0.7
        return Action(
            assessment=assessment,
            entry=entry,
            position=position,
            description=rnd.choice(ACTIONS),
            lead_officer=rnd.choice(LEADS),
            due_date=start + datetime.timedelta(days=rnd.randint(60, 540)) if dated else None,
            timescale="" if dated else rnd.choice(TIMESCALES),
            status=rnd.choice(Action.Status.values),
            report_reference=rnd.choice(["", "", "112 – 116", "67"]),
        )

    def write_history(self, model, objects, user, created, edits=False):
        """A creation row per object and, for entries, several later saved edits."""
        historical = model.history.model
        fields = [
            f.attname
            for f in historical._meta.fields
            if f.attname in {g.attname for g in model._meta.concrete_fields}
        ]
        rows = []
        for obj in objects:
            values = {name: getattr(obj, name) for name in fields}
            rows.append(
                historical(
                    **values, history_date=created, history_type="+", history_user_id=user.pk
                )
            )
            if edits:
                final = values
                for edit in range(self.random.randint(*EDITS_PER_ENTRY)):
                    draft = {**final, "summary": f"{final['summary']} [draft {edit + 1}]"}
                    rows.append(self.historical_row(historical, draft, created, edit + 1, user))
                # The last saved edit is the entry as it stands now.
                rows.append(self.historical_row(historical, final, created, 52, user))
        historical.objects.bulk_create(rows, batch_size=2000)

    @staticmethod
    def historical_row(historical, values, created, week, user):
        when = created + datetime.timedelta(days=7 * week)
        return historical(**values, history_date=when, history_type="~", history_user_id=user.pk)
