"""The load generator: a separate process that drives the served app over HTTP.

    python bench/load.py PLAN.json  -> JSON results

Throughout both phases a separate writer process saves other entries of the
same organisation, as colleagues would: pages are measured while data changes.
Phase 1: for each page, a fixed number of sequential requests (with a time
cap): p50/p95 latency. Entry saves GET the form, then time only the POST.
Phase 2: mixed load, N concurrent clients for a fixed time; errors are any
answer that is not 2xx/3xx, or a failed connection.
Every save answered with success (a redirect) is recorded with the text it
saved, so the caller can check that none of them was lost.
"""

import http.client
import json
import multiprocessing
import statistics
import sys
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode


class FormReader(HTMLParser):
    """The values a browser would submit from the page's main POST form."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self.in_post_form = False
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post_form = attrs.get("method", "").lower() == "post" and "action" not in attrs
        if not self.in_post_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button"):
                self.fields.append([attrs["name"], attrs.get("value", "")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = [attrs["name"], None]
        elif (
            tag == "option"
            and self.select is not None
            and ("selected" in attrs or self.select[1] is None)
        ):
            self.select[1] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.fields.append(self.select)
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


class Browser:
    def __init__(self, port, session):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {"sessionid": session}

    def request(self, method, url, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1{url}"
        started = time.perf_counter()
        try:
            self.connection.request(method, url, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return 0, b"", time.perf_counter() - started
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content, elapsed

    def save_entry(self, url, text):
        status, content, _ = self.request("GET", url)
        if status != 200:
            return status, 0.0
        reader = FormReader()
        reader.feed(content.decode())
        fields = [(n, text if n == "summary" else v) for n, v in reader.fields]
        status, _, elapsed = self.request("POST", url, urlencode(fields))
        if status == 302:  # saved: the page redirects to itself
            SAVED[url] = text
        return status, elapsed


# Entry URL -> the summary of its last save answered with success, in this process.
SAVED = {}


def ok(status):
    return 200 <= status < 400


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def per_page(plan):
    browser = Browser(plan["port"], plan["sessions"][0])
    for url in [*plan["urls"].values(), plan["stored_pdf"]] * plan["warmup_rounds"]:
        browser.request("GET", url)  # every worker loads its templates before timing starts
    results = {}
    for name, url in {
        **plan["urls"],
        "entry save": plan["urls"]["entry page"],
        "stored PDF": plan["stored_pdf"],
    }.items():
        timings, errors = [], 0
        deadline = time.perf_counter() + plan["page_time_cap_s"]
        for number in range(plan["requests_per_page"]):
            if name == "entry save":
                status, elapsed = browser.save_entry(url, f"Saved by the benchmark, {number}.")
            else:
                status, _, elapsed = browser.request("GET", url)
            errors += not ok(status)
            timings.append(elapsed * 1000)
            if time.perf_counter() > deadline:
                break
        results[name] = {
            "requests": len(timings),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "errors": errors,
        }
    return results


def mixed(plan):
    urls = [url for name, url in plan["urls"].items() if name not in ("baseline", "HTML report")]
    deadline = time.perf_counter() + plan["mixed_seconds"]
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    entry_url = plan["urls"]["entry page"]

    def client(index):
        browser = Browser(plan["port"], plan["sessions"][index % len(plan["sessions"])])
        number = 0
        while time.perf_counter() < deadline:
            number += 1
            if number % 10 == 0 and index == 0:  # one client also saves, others read
                status, _ = browser.save_entry(entry_url, f"Saved under mixed load, {number}.")
            else:
                status, _, _ = browser.request("GET", urls[(index + number) % len(urls)])
            with lock:
                counts["requests"] += 1
                counts["errors"] += not ok(status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(plan["clients"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


def writer(plan, stop, results):
    """A colleague saving other entries of the organisation, one after another."""
    browser = Browser(plan["port"], plan["writer_session"])
    counts = {"saves": 0, "answers": {}}
    number = 0
    while not stop.is_set():
        url = plan["writer_urls"][number % len(plan["writer_urls"])]
        number += 1
        status, _ = browser.save_entry(url, f"Saved by the writer process, {number}.")
        counts["saves"] += 1
        counts["answers"][str(status)] = counts["answers"].get(str(status), 0) + 1
        time.sleep(0.05)
    results.put({"counts": counts, "saved": SAVED})


def with_writer(plan, measure):
    stop, results = multiprocessing.Event(), multiprocessing.Queue()
    process = multiprocessing.Process(target=writer, args=(plan, stop, results))
    process.start()
    try:
        measured = measure()
    finally:
        stop.set()
    written = results.get(timeout=120)
    process.join(timeout=30)
    return measured, written


if __name__ == "__main__":
    with open(sys.argv[1]) as file:
        plan = json.load(file)
    (pages, mixed_counts), written = with_writer(plan, lambda: (per_page(plan), mixed(plan)))
    print(
        json.dumps(
            {
                "pages": pages,
                "mixed": mixed_counts,
                "writer": written["counts"],
                "saved": {**SAVED, **written["saved"]},
            }
        )
    )
