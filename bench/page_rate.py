"""Page rate under gunicorn: the product page and the listing against a bare Django view.

Budget (DESIGN.md §5): served by gunicorn with two workers on the same machine, a product page
with 500 reviews and a customizer answers at no less than half the request rate of a bare
Django view that renders a 10 KB template without touching the database, and the product
listing at no less than 0.4 of it.

The machine is shared and noisy, so the figures are ratios against the bare view measured in
the same run: each round measures bare, product and listing one after the other, and the
report gives the medians over the rounds.

    .venv/bin/python bench/page_rate.py [--seconds 10] [--rounds 3] [--concurrency 8]

It builds a fresh SQLite database in a temporary directory (or uses ``DATABASE_URL``, which
must then name an empty database you can throw away), migrates, runs ``storefront_demo``,
gives one customizable product 500 published reviews, collects static files (hashed, as in
production), starts gunicorn with two sync workers on a free loopback port with
``bench.settings`` and loads each page from an asyncio client on raw sockets (one connection
per request: gunicorn's sync workers do not keep connections alive). Every response must be
a 200 with the expected content (20 reviews and the customizer on the product page).

"Guest" requests carry no cookies, like a new visitor each time; "cookies" requests come from
visitors who keep the cookies they were given (the CSRF cookie on these pages).
"""

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REVIEWS = 500
BUDGETS = {"product": 0.5, "listing": 0.4}


# --- preparation (in this process, with Django) -------------------------------------------


def configure(workdir: Path) -> dict[str, str]:
    """The environment shared by this process and gunicorn."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "MEDIA_ROOT": str(workdir / "media"),
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'db.sqlite3'}",
    }
    os.environ.update(env)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return env


def prepare() -> dict[str, str]:
    """Build the demo shop and give a customizable product 500 reviews; returns the URLs."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("storefront_demo")
    call_command("collectstatic", interactive=False, verbosity=0)
    product = add_reviews()
    from storefront.products.models import ProductIndexPage

    listing = ProductIndexPage.objects.live().order_by("path").first()
    urls = {"bare": "/bench/bare/", "product": product.url, "listing": listing.url}
    print(f"Prepared in {time.perf_counter() - started:.1f} s: {product.title} ({urls['product']})")
    count_queries(urls)
    connections.close_all()
    return urls


def add_reviews():
    """Published reviews on the first customizable product until it has 500; one in ten gets
    a shop reply. Rows are made directly (as tests/test_query_budgets.py does) for speed."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.test import override_settings
    from django.utils import timezone

    from storefront.products.models import ProductPage
    from storefront.reviews.models import ProductReview
    from storefront.reviews.services import review_reply, review_summary_rebuild

    product = (
        ProductPage.objects.live()
        .filter(customization_template__isnull=False)
        .order_by("pk")
        .first()
    )
    if product is None:
        sys.exit("The demo made no customizable product.")
    published = ProductReview.objects.filter(
        product=product, is_shop_reply=False, is_public=True, is_removed=False
    )
    missing = REVIEWS - published.count()
    moderator = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    content_type = ContentType.objects.get_for_model(product)
    now = timezone.now()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        with transaction.atomic():
            for n in range(missing):
                review = ProductReview.objects.create(
                    content_type=content_type,
                    object_pk=str(product.pk),
                    site_id=1,
                    product=product,
                    reviewer_key=f"email:bench{n}@example.com",
                    user_name=f"Reviewer {n}",
                    user_email=f"bench{n}@example.com",
                    comment="Good product, would buy again.\n\nThe colours came out as designed.",
                    submit_date=now - timedelta(hours=n),
                    rating=1 + (n * 7) % 5,
                    title=f"Review {n}",
                    verified=n % 2 == 0,
                    helpful_count=(n * 37) % 53,
                )
                if n % 10 == 0:
                    review_reply(review=review, text="Thank you for your review!", actor=moderator)
        review_summary_rebuild(product_ids=[product.pk])
    assert published.count() == REVIEWS, published.count()
    product.refresh_from_db()
    return product


def count_queries(urls: dict[str, str]) -> None:
    """Each page once more in-process (Django's test client, guest): status and queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for name, url in urls.items():
        client.get(url)  # renditions, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"  {name:8} {url:32} {response.status_code}  {len(queries)} queries (guest)")
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")


# --- gunicorn ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workdir: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (workdir / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            f"--chdir={REPO}",
            "--log-level=warning",
            "config.wsgi:application",
        ],
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited; see {workdir / 'gunicorn.log'}")
        try:
            status, _headers, _body = asyncio.run(fetch(port, request_bytes("/bench/bare/")))
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop_gunicorn(process)
    sys.exit("gunicorn did not answer within 30 s")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- load generator ------------------------------------------------------------------------


def request_bytes(path: str, cookies: dict[bytes, bytes] | None = None) -> bytes:
    lines = [
        f"GET {path} HTTP/1.1".encode(),
        b"Host: 127.0.0.1",
        b"User-Agent: storefront-bench",
        b"Accept: text/html",
        b"Connection: close",
    ]
    if cookies:
        lines.append(b"Cookie: " + b"; ".join(k + b"=" + v for k, v in cookies.items()))
    return b"\r\n".join(lines) + b"\r\n\r\n"


async def fetch(port: int, request: bytes) -> tuple[int, bytes, bytes]:
    """One request on a fresh connection; reads until the server closes it."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, ("127.0.0.1", port))
        await loop.sock_sendall(sock, request)
        chunks = []
        while chunk := await loop.sock_recv(sock, 1 << 18):
            chunks.append(chunk)
    finally:
        sock.close()
    data = b"".join(chunks)
    head_end = data.find(b"\r\n\r\n")
    return int(data[9:12]), data[:head_end], data[head_end + 4 :]


def set_cookies(headers: bytes, jar: dict[bytes, bytes]) -> None:
    for line in headers.split(b"\r\n")[1:]:
        if line[:11].lower() == b"set-cookie:":
            name, _, value = line[11:].split(b";", 1)[0].strip().partition(b"=")
            jar[name] = value


@dataclass
class Page:
    name: str
    path: str
    marker: bytes  # counted in every response
    expected: int  # how many times

    def check(self, status: int, body: bytes) -> str | None:
        if status != 200:
            return f"status {status}"
        found = body.count(self.marker)
        if found != self.expected:
            return f"{found}× {self.marker.decode()}, expected {self.expected}"
        return None


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    client_cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


async def load(port: int, page: Page, seconds: float, concurrency: int, cookies: bool) -> Result:
    result = Result()
    plain = request_bytes(page.path)
    stop = time.perf_counter() + seconds

    async def visitor() -> None:
        jar: dict[bytes, bytes] = {}
        while time.perf_counter() < stop:
            request = request_bytes(page.path, jar) if cookies and jar else plain
            sent = time.perf_counter()
            status, headers, body = await fetch(port, request)
            result.latencies.append(time.perf_counter() - sent)
            problem = page.check(status, body)
            if problem:
                result.errors.append(problem)
            result.requests += 1
            if cookies:
                set_cookies(headers, jar)

    cpu, started = time.process_time(), time.perf_counter()
    await asyncio.gather(*(visitor() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    result.client_cpu = time.process_time() - cpu
    return result


def measure(port: int, page: Page, seconds: float, concurrency: int, cookies: bool) -> Result:
    result = asyncio.run(load(port, page, seconds, concurrency, cookies))
    if result.errors:
        stop_and_exit(f"{page.name}: {len(result.errors)} bad responses, e.g. {result.errors[0]}")
    return result


def warm(port: int, page: Page, concurrency: int) -> None:
    """Sequential requests, then a short burst, so both workers have served the page."""
    for _ in range(10):
        status, _headers, body = asyncio.run(fetch(port, request_bytes(page.path)))
        problem = page.check(status, body)
        if problem:
            stop_and_exit(f"{page.name} ({page.path}): {problem}")
    measure(port, page, 2.0, concurrency, cookies=False)


_gunicorn: subprocess.Popen | None = None


def stop_and_exit(message: str) -> None:
    if _gunicorn is not None:
        stop_gunicorn(_gunicorn)
    sys.exit(message)


# --- report --------------------------------------------------------------------------------


def report(pages: dict[str, Page], runs: dict[str, list[Result]], rounds: int) -> bool:
    bare = runs["bare"]
    print("\nPer round (req/s):")
    for n in range(rounds):
        print(
            f"  round {n + 1}: "
            + ", ".join(f"{key} {results[n].rate:.1f}" for key, results in runs.items())
        )
    print(
        "\n| URL | visitor | req/s (median) | p50 latency | client CPU | ratio to bare | budget "
        "| result |\n|---|---|---|---|---|---|---|---|"
    )
    ok = True
    for key, results in runs.items():
        name, _, visitor = key.partition(":")
        rate = statistics.median(r.rate for r in results)
        latency = statistics.median(statistics.median(r.latencies) for r in results) * 1000
        client = statistics.median(r.client_cpu / r.seconds for r in results)
        ratio = statistics.median(r.rate / b.rate for r, b in zip(results, bare, strict=True))
        budget = BUDGETS.get(name)
        verdict = "—"
        if budget is not None:
            passed = ratio >= budget
            ok = ok and passed
            verdict = "pass" if passed else "FAIL"
        print(
            f"| `{pages[name].path}` | {visitor or 'guest'} | {rate:.1f} | {latency:.0f} ms "
            f"| {client:.0%} | {ratio:.3f} | {f'≥ {budget}' if budget else '—'} | {verdict} |"
        )
    print(
        "\nRates are medians over the rounds; ratios are medians of the per-round ratios; client\n"
        "CPU is the load generator's share of one core (of the machine's two) while measuring."
    )
    return ok


def main() -> None:
    global _gunicorn
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous visitors")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="storefront-bench-"))
    try:
        env = configure(workdir)
        urls = prepare()
        pages = {
            "bare": Page("bare", urls["bare"], b"</html>", 1),
            "product": Page("product", urls["product"], b'class="review"', 20),
            "listing": Page("listing", urls["listing"], b'class="product-card"', 0),
        }
        port = free_port()
        _gunicorn = start_gunicorn(env, port, workdir)
        # The customizer must be there too; the listing's card count is taken from a view.
        _status, _headers, body = asyncio.run(fetch(port, request_bytes(urls["product"])))
        if b"data-customizer" not in body:
            stop_and_exit("the product page shows no customizer")
        _status, _headers, body = asyncio.run(fetch(port, request_bytes(urls["listing"])))
        pages["listing"].expected = body.count(b'class="product-card"')
        if not pages["listing"].expected:
            stop_and_exit("the listing shows no product")
        for page in pages.values():
            warm(port, page, args.concurrency)

        order = ["bare", "product", "listing", "product:cookies", "listing:cookies"]
        runs: dict[str, list[Result]] = {key: [] for key in order}
        for n in range(args.rounds):
            for key in order:
                name, _, visitor = key.partition(":")
                result = measure(
                    port, pages[name], args.seconds, args.concurrency, cookies=bool(visitor)
                )
                runs[key].append(result)
                print(f"round {n + 1} {key:16} {result.rate:7.1f} req/s", flush=True)
        stop_gunicorn(_gunicorn)
        print(
            f"\ngunicorn 2 sync workers, {args.concurrency} concurrent visitors, "
            f"{args.seconds:g} s per measurement, {args.rounds} rounds; "
            f"product page has {REVIEWS} reviews (20 shown) and a customizer; "
            f"listing shows {pages['listing'].expected} products."
        )
        ok = report(pages, runs, args.rounds)
    finally:
        if _gunicorn is not None:
            stop_gunicorn(_gunicorn)
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
