"""Heavy work off the request path, measured: approvals and PDF floods against a served app.

    python bench/render_bench.py [--databases sqlite,postgresql] [--years 3]

For each database: a fresh database seeded with one organisation (seed_scale),
gunicorn as README runs it (one worker per core, 8 threads each) and one task
worker (manage.py db_worker), then

- approval_blocking_ratio: p95 of entry saves in the same organisation while an
  approval of its 87-criterion assessment is in progress, over their p95 without;
- approve_to_approved_s: from the Approve POST to the page saying "Approved";
- pdf_flood_ratio: p95 of ordinary pages while 8 clients keep asking for PDFs,
  over their p95 without;
- pdf_overhead_ratio: the worker's render (forked, time-limited, checked) over
  WeasyPrint alone on the same HTML.

``run(port, env)`` measures a server already running as ``bench/run.py`` sets it
up, plus a task worker; ``main()`` sets everything up itself. Prints one JSON
object per database, and the last line is all of them.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import load  # noqa: E402
import run as bench  # noqa: E402

ORG = "scale-01"
FLOOD_CLIENTS = 8
SAMPLES = 30


# In-process steps (python bench/render_bench.py prepare|overhead), run in a subprocess.


def prepare():
    """A submitted 87-criterion assessment to approve, a draft one in the same
    organisation to save entries of, and sessions for officers and the committee."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from inprocess import session_cookie

    from assessments.models import Assessment, Membership, Organisation

    organisation = Organisation.objects.get(slug=ORG)
    assessments = list(
        organisation.assessments.filter(framework__slug="bv2020").order_by("-period")[:2]
    )
    to_approve, to_edit = assessments
    officer = get_user_model().objects.get(username=f"{ORG}-officer")
    committee, _ = get_user_model().objects.get_or_create(username=f"{ORG}-bench-committee")
    Membership.objects.update_or_create(
        user=committee, organisation=organisation, defaults={"role": Membership.Role.COMMITTEE}
    )
    Assessment.objects.filter(pk=to_approve.pk).update(
        status=Assessment.Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=officer
    )
    Assessment.objects.filter(pk=to_edit.pk).update(status=Assessment.Status.DRAFT)
    entries = list(to_edit.entries.order_by("pk").values_list("pk", flat=True)[:SAMPLES])
    return {
        "approve_url": f"/assessments/{to_approve.pk}/approve/",
        "approved_overview": f"/assessments/{to_approve.pk}/",
        "criteria": to_approve.entries.count(),
        "save_urls": [f"/assessments/{to_edit.pk}/entries/{pk}/" for pk in entries],
        "pages": ["/", f"/assessments/{to_edit.pk}/", f"/organisations/{ORG}/actions/"],
        "pdf_urls": [
            f"/assessments/{to_edit.pk}/report.pdf?{urlencode({'sections': section})}"
            for section in ("cover", "summary", "themes", "action_plan")
        ],
        "officer_sessions": [session_cookie(officer) for _ in range(FLOOD_CLIENTS + 1)],
        "flood_sessions": [
            session_cookie(get_user_model().objects.get(username=f"{ORG}-officer"))
            for _ in range(FLOOD_CLIENTS)
        ],
        "committee_session": session_cookie(committee),
    }


def overhead():
    """The worker's render of the 87-criterion report against WeasyPrint alone."""
    from weasyprint import HTML

    from assessments import pdf, reports
    from assessments.models import Organisation

    assessment = (
        Organisation.objects.get(slug=ORG)
        .assessments.filter(framework__slug="bv2020")
        .order_by("-period")
        .first()
    )
    html = reports.report_document_html(reports.build_report(assessment))
    worker, alone = [], []
    for _ in range(2):
        started = time.perf_counter()
        pdf.run_with_time_limit(pdf.html_to_pdf, html, 600)
        worker.append(time.perf_counter() - started)
        started = time.perf_counter()
        HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyURLFetcher()).write_pdf(
            pdf_tags=True
        )
        alone.append(time.perf_counter() - started)
    return {
        "worker_render_s": round(min(worker), 3),
        "weasyprint_alone_s": round(min(alone), 3),
        "pdf_overhead_ratio": round(min(worker) / min(alone), 3),
    }


# Over HTTP.


def _save_p95(port, session, urls, keep_going=lambda: False):
    browser = load.Browser(port, session)
    timings, errors, number = [], 0, 0
    while number < len(urls) or keep_going():
        status, elapsed = browser.save_entry(urls[number % len(urls)], number)
        errors += not load.ok(status)
        timings.append(elapsed * 1000)
        number += 1
    return load.percentile(timings, 0.95), len(timings), errors


def _pages_p95(port, session, urls, rounds):
    browser = load.Browser(port, session)
    timings, errors = [], 0
    for _ in range(rounds):
        for url in urls:
            status, _, elapsed = browser.request("GET", url)
            errors += not load.ok(status)
            timings.append(elapsed * 1000)
    return load.percentile(timings, 0.95), errors


def run(port, env):
    plan = json.loads(_inprocess(env, "prepare"))
    figures = {"criteria": plan["criteria"]}
    sessions = plan["officer_sessions"]
    # Warm every gunicorn worker's templates first.
    _pages_p95(port, sessions[0], plan["pages"] + plan["save_urls"][:2], 4)

    baseline_save, _, _ = _save_p95(port, sessions[0], plan["save_urls"])
    committee = load.Browser(port, plan["committee_session"])
    _, form, _ = committee.request("GET", plan["approve_url"])
    reader = load.FormReader()
    reader.feed(form.decode())
    fields = dict(reader.fields)
    fields.update(meeting_date="2024-06-12", minute_reference="Bench")
    started = time.perf_counter()
    committee.request("POST", plan["approve_url"], urlencode(fields))
    approved = threading.Event()
    outcome = {}
    watcher = threading.Thread(target=_watch_approval, args=(port, plan, approved, outcome))
    watcher.start()
    during_save, saves_during, save_errors = _save_p95(
        port, sessions[1], plan["save_urls"], keep_going=lambda: not approved.is_set()
    )
    watcher.join()
    figures["approve_to_approved_s"] = round(time.perf_counter() - started, 2)
    figures["approved"] = outcome.get("approved", False)
    figures["approval_blocking_ratio"] = round(during_save / baseline_save, 2)
    figures["entry_save_p95_ms"] = {
        "without": round(baseline_save, 1),
        "during": round(during_save, 1),
    }
    figures["entry_saves_during_approval"] = saves_during
    figures["entry_save_errors"] = save_errors

    baseline_pages, _ = _pages_p95(port, sessions[2], plan["pages"], 10)
    during_pages, page_errors, flood_answers = _flooded(port, plan, sessions[3], plan["pdf_urls"])
    figures["pdf_flood_ratio"] = round(during_pages / baseline_pages, 2)
    figures["page_p95_ms"] = {"without": round(baseline_pages, 1), "during": round(during_pages, 1)}
    figures["page_errors_during_flood"] = page_errors
    figures["flood_answers"] = flood_answers
    # The floor: the same 8 clients asking for a page that does nothing past the middleware.
    floor_pages, _, _ = _flooded(port, plan, sessions[3], ["/bench/baseline/"])
    figures["baseline_flood_ratio"] = round(floor_pages / baseline_pages, 2)
    figures.update(json.loads(_inprocess(env, "overhead")))
    return figures


def _flooded(port, plan, session, flood_urls):
    """p95 of ordinary pages while 8 clients keep asking for ``flood_urls``."""
    stop = threading.Event()
    answers = {}

    def flood(flood_session, index):
        browser = load.Browser(port, flood_session)
        while not stop.is_set():
            code, _, _ = browser.request("GET", flood_urls[index % len(flood_urls)])
            answers[code] = answers.get(code, 0) + 1

    flooders = [
        threading.Thread(target=flood, args=(flood_session, index))
        for index, flood_session in enumerate(plan["flood_sessions"])
    ]
    for thread in flooders:
        thread.start()
    time.sleep(1)
    p95, errors = _pages_p95(port, session, plan["pages"], 10)
    stop.set()
    for thread in flooders:
        thread.join()
    return p95, errors, {str(code): count for code, count in sorted(answers.items())}


def _watch_approval(port, plan, approved, outcome):
    """Polls as the self-refreshing progress page does, until the assessment is approved
    (its overview prints the minute) or the approval failed (no approval pending any more)."""
    committee = load.Browser(port, plan["committee_session"])
    deadline = time.perf_counter() + 600
    while time.perf_counter() < deadline:
        _, content, _ = committee.request("GET", plan["approved_overview"])
        if b"(minute Bench)" in content:
            outcome["approved"] = True
            break
        code, _, _ = committee.request("GET", plan["approve_url"])
        if code == 200:  # the form again: nothing pending; approved just now, or failed
            _, content, _ = committee.request("GET", plan["approved_overview"])
            outcome["approved"] = b"(minute Bench)" in content
            break
        time.sleep(0.3)
    approved.set()


def _inprocess(env, step):
    output = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), step],
        cwd=bench.ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return output.stdout.strip().splitlines()[-1]


def database_url(kind, workdir):
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'renders.sqlite3'}"
    return "postgres://postgres@127.0.0.1:5432/bestvalue_bench_renders"


def fresh_database(kind, workdir):
    if kind == "sqlite":
        (workdir / "renders.sqlite3").unlink(missing_ok=True)
        return
    for sql in (
        "DROP DATABASE IF EXISTS bestvalue_bench_renders",
        "CREATE DATABASE bestvalue_bench_renders",
    ):
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], check=True)


def bench_database(kind, years, workdir):
    env = bench.environment(database_url(kind, workdir))
    fresh_database(kind, workdir)
    bench.manage(env, "collectstatic", "--noinput", quiet=True)
    bench.manage(env, "migrate", "--noinput", quiet=True)
    bench.manage(env, "loaddata", "bv2020", "msg2019", "ci_qif2019", quiet=True)
    bench.manage(env, "seed_scale", "--orgs", "1", "--years", str(years), quiet=True)
    port = bench.free_port()
    server, workers = bench.start_gunicorn(env, port)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "-v", "0"],
        cwd=bench.ROOT, env=env,
    )  # fmt: skip
    try:
        figures = run(port, env)
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(timeout=60)
        server.wait(timeout=30)
    return {"database": kind, "gunicorn_workers": workers, "threads": bench.THREADS, **figures}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        for kind in args.databases.split(","):
            results[kind] = bench_database(kind, args.years, Path(directory))
            print(json.dumps(results[kind]), flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("prepare", "overhead"):
        from setup_django import setup

        setup()
        print(json.dumps({"prepare": prepare, "overhead": overhead}[sys.argv[1]]()))
    else:
        main()
