"""Where a page's time goes: pyinstrument over repeated requests to the bench's pages.

    DEBUG=1 .venv/bin/python bench/profile_pages.py [PAGE ...] [--requests 20]

Against a database seeded as the bench seeds it (``seed_scale``; organisation
scale-01), as that organisation's officer, through Django's test client. PAGE is
a page name of ``bench/inprocess.py`` ("history", "entry page", "HTML report",
...); all of them when none is given. Prints pyinstrument's call tree per page.
"""

import argparse

from setup_django import setup

setup()

import inprocess  # noqa: E402
from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402


def profile(name, url, requests):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(inprocess.officer())
    client.get(url)  # compile the templates first: not part of the profile
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{name} {url} answered {response.status_code}")
    profiler.stop()
    print(f"== {name} ({url}), {requests} requests")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    urls = inprocess.page_urls()
    unknown = [name for name in args.pages if name not in urls]
    if unknown:
        raise SystemExit(f"No such page: {', '.join(unknown)}. Pages: {', '.join(urls)}")
    for name in args.pages or list(urls):
        profile(name, urls[name], args.requests)


if __name__ == "__main__":
    main()
