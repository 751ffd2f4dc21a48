"""`make bench`: seed a national data set, serve it with gunicorn, measure, print.

    python bench/run.py [--databases sqlite,postgresql] [--orgs 31] [--years 6]

For each database: a fresh database, migrate, load frameworks, seed_scale
with 1 organisation (query counts), then with all (query counts again),
gunicorn as README runs it (one worker per core, 8 threads), the load generator (bench/load.py) in a
separate process (while a writer process saves entries of the same
organisation throughout), the PDF timings, the saves that were answered with
success but are not in the database at the end (lost saves), and the peak
memory of the workers.
Prints a table per database and, as its last line, one JSON object with the
figures of the last database (PostgreSQL by default) and the others nested.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
THREADS = 8  # per gunicorn worker, as in README
PAGES = ["dashboard", "assessment overview", "entry page", "entry save", "action tracker",
         "HTML report", "history", "stored PDF", "baseline"]  # fmt: skip


def database_url(kind, workdir):
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    return "postgres://postgres@127.0.0.1:5432/bestvalue_bench"


def fresh_database(kind, workdir):
    if kind == "sqlite":
        (workdir / "bench.sqlite3").unlink(missing_ok=True)
        return
    for sql in ("DROP DATABASE IF EXISTS bestvalue_bench", "CREATE DATABASE bestvalue_bench"):
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], check=True)


def environment(url):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "BENCHMARK_BASELINE": "1",
    }


def manage(env, *args, quiet=False):
    output = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=quiet, text=True
    )
    return output.stdout


def inprocess(env, step, *arguments):
    output = subprocess.run(
        [PYTHON, "bench/inprocess.py", step, *arguments], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(output.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port):
    """gunicorn as README's "Running behind gunicorn" runs it, with one worker per core."""
    workers = os.cpu_count() or 1
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "bestvalue.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(THREADS), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server, workers
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_peak_memory_mb(server):
    """The highest peak resident memory (VmHWM) among gunicorn's workers."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1) if peaks else None


def bench_database(kind, args, workdir):
    print(f"\n=== {kind}: seeding {args.orgs} organisations × {args.years} years", flush=True)
    env = environment(database_url(kind, workdir))
    fresh_database(kind, workdir)
    manage(env, "collectstatic", "--noinput", quiet=True)
    manage(env, "migrate", "--noinput", quiet=True)
    manage(env, "loaddata", "bv2020", "msg2019", "ci_qif2019", quiet=True)
    manage(env, "seed_scale", "--orgs", "1", "--years", str(args.years))
    queries_one = inprocess(env, "queries")
    started = time.perf_counter()
    print(
        manage(env, "seed_scale", "--orgs", str(args.orgs), "--years", str(args.years), quiet=True)
    )
    seed_seconds = time.perf_counter() - started
    queries_all = inprocess(env, "queries")
    plan = inprocess(env, "prepare")
    pdf = inprocess(env, "pdf")
    exports = json.loads(
        subprocess.run(
            [PYTHON, "bench/export_bench.py"], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    print(
        f"Word export ({exports['criteria']} criteria): {exports['docx_seconds']} s (target ≤ 1.5 s); "
        f"Excel export: {exports['xlsx_seconds']} s (target ≤ 1 s), rendered by workers; "
        f"a request rebuilds their inputs in {exports['docx_input_ms']} / "
        f"{exports['xlsx_input_ms']} ms",
        flush=True,
    )

    port = free_port()
    server, workers = start_gunicorn(env, port)
    try:
        plan.update(
            port=port,
            requests_per_page=args.requests,
            page_time_cap_s=args.page_cap,
            mixed_seconds=args.mixed_seconds,
            clients=args.clients,
            warmup_rounds=2 * workers,
        )
        plan_file = workdir / "plan.json"
        plan_file.write_text(json.dumps(plan))
        output = subprocess.run(
            [PYTHON, "bench/load.py", str(plan_file)], cwd=ROOT, check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        load = json.loads(output.stdout)
        peak_mb = worker_peak_memory_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    saved_file = workdir / "saved.json"
    saved_file.write_text(json.dumps(load["saved"]))
    load["lost"] = inprocess(env, "lost_saves", str(saved_file))
    summary = summarise(kind, load, pdf, queries_one, queries_all, peak_mb, workers, seed_seconds)
    summary.update(
        {
            key: exports[key]
            for key in ("docx_seconds", "xlsx_seconds", "docx_input_ms", "xlsx_input_ms")
        }
    )
    return summary


def summarise(kind, load, pdf, queries_one, queries_all, peak_mb, workers, seed_seconds):
    pages = load["pages"]
    baseline = pages["baseline"]["p95_ms"]
    measured = [
        name
        for name in PAGES
        if name not in ("baseline", "stored PDF", "entry save", "HTML report")
    ]
    print(
        f"\n{kind}: gunicorn with {workers} workers of {THREADS} threads; seeding the remaining organisations took {seed_seconds:.0f} s"
    )
    print(
        f"{'page':<21}{'p50 ms':>8}{'p95 ms':>8}{'× base':>8}{'errors':>8}"
        f"{'render ms':>11}{'queries@1':>11}{'@all':>6}"
    )
    for name in PAGES:
        row = pages[name]
        ratio = f"{row['p95_ms'] / baseline:.1f}" if name in [*measured, "HTML report"] else ""
        one, every = queries_one.get(name), queries_all.get(name)
        inprocess = (
            f"{every['render_ms']:>11}{one['queries']:>11}{every['queries']:>6}"
            if one and name != "baseline"
            else ""
        )
        print(
            f"{name:<21}{row['p50_ms']:>8}{row['p95_ms']:>8}{ratio:>8}{row['errors']:>8}{inprocess}"
        )
    print(
        "render ms: the page rendered in-process (median of 5); queries: of one request"
        " at 1 and at all organisations. Every figure was measured while a writer process"
        " saved entries of the same organisation."
    )
    writer = load["writer"]
    print(
        f"Writer process: {writer['saves']} saves {writer['answers']}; lost saves:"
        f" {load['lost']['lost_saves']} of {load['lost']['checked_entries']} entries checked"
    )
    print(
        f"PDF of {pdf['entries']} criteria, {pdf['pages']} pages, {pdf['pdf_bytes'] / 1024:.0f} KiB:"
        f" render_report {pdf['render_report_s']} s, WeasyPrint alone {pdf['weasyprint_alone_s']} s;"
        f" the command from a cold start {pdf['command_s']} s"
    )
    print(
        f"Mixed load: {load['mixed']['requests']} requests, {load['mixed']['errors']} errors; worker peak memory {peak_mb} MiB"
    )
    return {
        "database": kind,
        "entry_save_p95_ms": pages["entry save"]["p95_ms"],
        "report_p95_ratio": round(pages["HTML report"]["p95_ms"] / baseline, 2),
        "page_p95_ratio_max": round(max(pages[name]["p95_ms"] for name in measured) / baseline, 2),
        "lost_saves": load["lost"]["lost_saves"],
        "pdf_seconds": pdf["render_report_s"],
        "pdf_overhead_ratio": round(pdf["render_report_s"] / pdf["weasyprint_alone_s"], 3),
        "stored_pdf_ms": pages["stored PDF"]["p95_ms"],
        "load_errors": load["mixed"]["errors"] + sum(row["errors"] for row in pages.values()),
        "queries_grow_with_data": sum(
            1
            for name in queries_one
            if queries_one[name]["queries"] != queries_all[name]["queries"]
        ),
        "pdf_command_seconds": pdf["command_s"],
        "worker_peak_memory_mb": peak_mb,
        "baseline_p95_ms": baseline,
        "render_ms_max": max(queries_all[name]["render_ms"] for name in measured),
        "report_render_ms": queries_all["HTML report"]["render_ms"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--orgs", type=int, default=31)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--requests", type=int, default=100, help="requests per page")
    parser.add_argument("--page-cap", type=float, default=60, help="seconds per page at most")
    parser.add_argument("--mixed-seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bestvalue-bench-") as workdir:
        for kind in args.databases.split(","):
            results.append(bench_database(kind, args, Path(workdir)))
    final = dict(results[-1])
    for other in results[:-1]:
        final[other["database"]] = other
    print(json.dumps(final))


if __name__ == "__main__":
    main()
