"""Shoppers under load: logged-in customers with loyalty points browse the catalogue, try the
customizer, fill their carts and check out paying part with points, against the app servers
of the production stack as the load balancer forwards them.

Each locust user is one customer: its own account (``load-shopper-<n>``), its own client
address in ``X-Forwarded-For`` (so the per-IP rate limits count each customer on their own)
and its own cookies. Each request goes to one of the app servers, chosen at random as a load
balancer would; a form is posted with the ``Origin`` of the server it is posted to. Redirects
are followed by hand, each hop to a server of its own, so every request type has its own
timings ("cart add" is the POST alone; the cart page after it is "cart"). Between pages a
shopper thinks for one to three seconds.

What a shopper does, by weight: browses (6: home, a listing filtered, sorted or paged, a
product page or two), customizes (2: the customizer's page, a few choices each drawn by the
server's preview, the batch of preference events, then into the cart with the design three
times in five), adds to the cart (3: a product page and its form; the scarce product two
times in five) and checks out (2: the details with points when offered, four times in five,
the review step and the order).

Anything a shopper would not expect fails the request: a status other than the expected one
(a 429, a 500, a 404), a page without what it must show, a form re-rendered with errors, a
page of someone not logged in. A checkout or an add to cart refused because the scarce
product (``LOAD_SCARCE``) sold out is the one expected refusal: it is counted, the product
leaves the cart, and the shopper carries on.

Environment:

- ``LOAD_SERVERS``: the app servers' base URLs, comma separated (default: ``--host``).
- ``LOAD_PASSWORD``: the password of the accounts ``load-shopper-0`` … ``load-shopper-<n-1>``.
- ``LOAD_ACCOUNTS``: how many accounts there are; a user beyond them fails its login.
- ``LOAD_SCARCE``: the title of the product with scarce stock.
- ``LOAD_RESULTS``: where to write, when the run stops, the order numbers each account placed
  and the sold-out refusals by step (JSON).

``tests/stack/test_load.py`` builds the shop and the accounts, starts the stack, runs this
file and checks the database afterwards. Against a stack of your own whose accounts exist::

    PYTHONPATH=. LOAD_SERVERS=http://127.0.0.1:8001,http://127.0.0.1:8002 LOAD_PASSWORD=... \\
    LOAD_SCARCE="Last-batch lamp" .venv/bin/locust -f bench/load/locustfile.py --headless \\
        -u 50 -r 5 -t 2m --stop-timeout 30
"""

import html
import itertools
import json
import os
import random
import re
from collections import Counter
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup
from locust import HttpUser, between, events, task
from locust.exception import RescheduleTask, StopUser

from tests.stack.balancer import BalancedCookieJar, balanced_headers

SERVERS = [url.strip().rstrip("/") for url in os.environ.get("LOAD_SERVERS", "").split(",")]
SERVERS = [url for url in SERVERS if url]
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
ACCOUNTS = int(os.environ.get("LOAD_ACCOUNTS", "50"))
SCARCE = os.environ.get("LOAD_SCARCE", "")
RESULTS = os.environ.get("LOAD_RESULTS", "")

SORTS = ["popular", "newest", "price_asc", "price_desc", "name", "rating"]
LETTERS_FOR_TEXT = 3
CART = "/cart/"
CHECKOUT = "/checkout/"
REVIEW = "/checkout/review/"
THANKS = re.compile(r"^/checkout/thanks/([^/]+)/$")

SHOP_LINK = re.compile(r'<nav class="site-nav"[^>]*>\s*<a href="([^"]+)"')
CATEGORY_LINK = re.compile(r'href="([^"]*\?category=[^"]*)"')
PRODUCT_LINK = re.compile(
    r'<article class="product-card">.*?<h3><a href="([^"?]+)">([^<]+)</a>', re.S
)
NEXT_PAGE = re.compile(r'<a href="(\?[^"]+)" rel="next">')
MESSAGES = re.compile(r'<ul class="messages container" role="status">(.*?)</ul>', re.S)
MESSAGE = re.compile(r'<li class="([^"]*)">(.*?)</li>', re.S)
CART_LINE = 'class="cart-line"'
SOLD_OUT = re.compile(r"out of stock|left in stock", re.IGNORECASE)
LOGGED_IN = "Log out"

_account_numbers = itertools.count()
# What the run saw, written to LOAD_RESULTS when it stops.
placed: dict[str, list[str]] = {}
sold_out: Counter[str] = Counter()


def fail(response, reason: str) -> NoReturn:
    """Mark the request failed with ``reason`` and end the task (the shopper gives up)."""
    response.failure(reason)
    raise RescheduleTask()


def messages(page: str) -> list[tuple[str, str]]:
    """The (level, text) of the messages a page shows."""
    block = MESSAGES.search(page)
    if block is None:
        return []
    return [(level, html.unescape(text).strip()) for level, text in MESSAGE.findall(block[1])]


def is_sold_out(message: str) -> bool:
    """A refusal because the scarce product sold out (or has fewer left than asked)."""
    return bool(SCARCE) and SCARCE in message and bool(SOLD_OUT.search(message))


def add_form(page: str):
    soup = BeautifulSoup(page, "html.parser")
    return soup.find("form", action="/cart/add/")


def posted_fields(form) -> dict[str, str]:
    """What a browser posts from ``form`` as it stands: hidden and text inputs, checked radios
    and the selected options (the CSRF token comes from the cookie instead)."""
    fields: dict[str, str] = {}
    for field in form.find_all("input"):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or name == "csrfmiddlewaretoken" or field.has_attr("disabled"):
            continue
        if kind in ("radio", "checkbox"):
            if field.has_attr("checked"):
                fields[name] = field.get("value", "on")
        elif kind != "submit":
            fields[name] = field.get("value", "")
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True) or select.find("option")
        if select.get("name") and chosen is not None:
            fields[select["name"]] = chosen.get("value", "")
    return fields


def choices(form, name: str) -> list[str]:
    """The values a shopper can pick for ``name``: enabled radios or a select's options."""
    radios = form.find_all("input", attrs={"name": name, "type": "radio"})
    values = [radio["value"] for radio in radios if not radio.has_attr("disabled")]
    select = form.find("select", attrs={"name": name})
    if select is not None:
        values += [option.get("value", "") for option in select.find_all("option")]
    return values


class Shopper(HttpUser):
    """A logged-in customer with points, behind the load balancer."""

    wait_time = between(1, 3)
    host = SERVERS[0] if SERVERS else None  # else --host

    # ------------------------------------------------------------------ requests

    def send(self, method: str, path: str, *, name: str, headers=None, **kwargs):
        """One request to one of the app servers, as the balancer forwards it; redirects are
        not followed (the caller follows them, each hop balanced on its own)."""
        server = random.choice(self.servers)
        headers = dict(headers or {})
        if method != "GET":
            parts = urlsplit(server)
            headers["Origin"] = f"https://{parts.netloc}"
        return self.client.request(
            method,
            server + path,
            name=name,
            headers=headers,
            catch_response=True,
            allow_redirects=False,
            timeout=120,
            **kwargs,
        )

    def page(self, path: str, *, name: str, must_show=(), sold_out_at="") -> str:
        """GET a page; returns its HTML. A page that is not a 200, lacks ``must_show`` or
        belongs to no logged-in customer fails. With ``sold_out_at``, a 409 whose only
        problem is the scarce product counts as a sold-out refusal there."""
        with self.send("GET", path, name=name) as response:
            if response.status_code == 409 and sold_out_at:
                self.check(response, statuses=(409,))
                if not self.only_scarce_problems(response.text):
                    fail(response, "HTTP 409 for something other than the scarce product")
                sold_out[sold_out_at] += 1
                response.success()
                return response.text
            self.check(response, must_show=must_show)
            return response.text

    def check(self, response, *, statuses=(200,), must_show=()) -> None:
        if response.status_code == 0:
            fail(response, f"no response: {type(response.error).__name__}")
        if response.status_code not in statuses:
            fail(response, f"HTTP {response.status_code}")
        missing = [text for text in (LOGGED_IN, *must_show) if text not in response.text]
        if missing:
            fail(response, f"the page lacks {missing[0]!r}")

    def submit(self, path: str, data: dict, *, name: str) -> str:
        """POST a form with its CSRF token; returns the path it redirects to. A form that
        is shown again (with its errors) instead fails."""
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **data}
        with self.send("POST", path, name=name, data=data) as response:
            if response.status_code == 200:
                soup = BeautifulSoup(response.text, "html.parser")
                errors = [li.get_text(" ", strip=True) for li in soup.select(".errorlist li")]
                fail(response, f"form shown again: {'; '.join(errors) or 'no error shown'}")
            if response.status_code != 302:
                fail(response, f"HTTP {response.status_code}")
            target = urlsplit(response.headers.get("Location", ""))
            return target.path + (f"?{target.query}" if target.query else "")

    # ------------------------------------------------------------------ session

    def on_start(self):
        number = next(_account_numbers)
        self.servers = SERVERS or [self.host.rstrip("/")]
        self.username = f"load-shopper-{number}"
        self.client.cookies = BalancedCookieJar()
        self.client.headers.update(balanced_headers(f"10.20.{number // 250}.{number % 250 + 1}"))
        self.listing = ""
        self.categories: list[str] = []  # listing links of the home page's category tiles
        self.products: dict[str, str] = {}  # path → title, as the listing shows them
        self.customizable = ""
        self.has_cart = False
        placed[self.username] = []
        if number >= ACCOUNTS:
            self.environment.events.request.fire(
                request_type="POST",
                name="login",
                response_time=0,
                response_length=0,
                exception=RuntimeError(f"no account for user {number}: LOAD_ACCOUNTS={ACCOUNTS}"),
            )
            raise StopUser()
        try:
            self.log_in()
            self.learn_catalogue()
        except RescheduleTask:
            raise StopUser() from None

    def log_in(self) -> None:
        with self.send("GET", "/account/login/", name="login form") as response:
            if response.status_code != 200 or 'name="password"' not in response.text:
                fail(response, f"HTTP {response.status_code} or no login form")
        target = self.submit(
            "/account/login/", {"username": self.username, "password": PASSWORD}, name="login"
        )
        self.page(target, name="account")

    def learn_catalogue(self) -> None:
        """The home page and the whole listing by name, page after page, as a new visitor
        looks around."""
        home = self.page("/", name="home")
        shop = SHOP_LINK.search(home)
        if shop is None:
            raise RuntimeError("the home page links to no shop")
        self.listing = html.unescape(shop[1])
        self.categories = [html.unescape(link) for link in CATEGORY_LINK.findall(home)]
        query = "?sort=name"
        while query:
            listing = self.page(self.listing + query, name="listing")
            self.learn_products(listing)
            following = NEXT_PAGE.search(listing)
            query = html.unescape(following[1]) if following else ""
        if not self.products:
            raise RuntimeError(f"no products on {self.listing}")

    def learn_products(self, listing: str) -> list[str]:
        found = [(path, html.unescape(title)) for path, title in PRODUCT_LINK.findall(listing)]
        self.products.update(found)
        return [path for path, _title in found]

    # ------------------------------------------------------------------ tasks

    @task(6)
    def browse(self):
        """The home page, a listing with a filter, a sort or another page, a product or two."""
        self.page("/", name="home")
        query = random.choice(
            [
                {},
                {"sort": random.choice(SORTS)},
                {"sort": random.choice(SORTS), "page": 2},
                {"min_price": "10", "max_price": "40", "in_stock": "on", "sort": "price_asc"},
            ]
        )
        self.wait()
        if self.categories and random.random() < 0.4:
            path = random.choice(self.categories)
        else:
            path = f"{self.listing}?{urlencode(query)}" if query else self.listing
        listing = self.page(path, name="listing", must_show=['class="results-bar"'])
        shown = self.learn_products(listing)
        for path in random.sample(shown, min(len(shown), random.randint(1, 2))):
            self.wait()
            self.page(path, name="product page", must_show=['id="product-title"'])

    @task(2)
    def customize(self):
        """The customizer as the browser drives it: the product page, a few choices (each
        reported as a preference event and drawn by the server's preview), then maybe into
        the cart with the design."""
        path = self.customizable or self.find_customizable()
        if not path:
            return
        page = self.page(path, name="customizer page", must_show=["data-customizer"])
        soup = BeautifulSoup(page, "html.parser")
        config = json.loads(soup.find("script", id="customizer-config").string)
        form = soup.find("form", action="/cart/add/")
        fields = posted_fields(form)
        zones = [zone["data-zone"] for zone in form.select("fieldset[data-zone]")]
        feedback = [{"kind": "viewed"}]
        for _change in range(random.randint(1, 3)):
            self.wait()
            zone = random.choice(zones)
            swatch = random.choice(choices(form, f"zone-{zone}"))
            fields[f"zone-{zone}"] = swatch
            event = {"kind": "selected", "zone": zone, "swatch": int(swatch)}
            patterns = [value for value in choices(form, f"pattern-{zone}") if value]
            if patterns and random.random() < 0.5:
                fields[f"pattern-{zone}"] = random.choice(patterns)
                event["pattern"] = int(fields[f"pattern-{zone}"])
            feedback.append(event)
            if "text" in fields and random.random() < 0.3:
                allowed = soup.find(id="customizer-text-help").find("span").get_text()
                fields["text"] = "".join(random.choices(allowed, k=LETTERS_FOR_TEXT))
            self.preview(config["productId"], fields)
        self.report_choices(config, feedback)
        if random.random() < 0.6:
            self.wait()
            self.add(path, page, name="cart add (design)", design=fields)

    def find_customizable(self) -> str:
        """Open product pages until one has the customizer."""
        for path in random.sample(list(self.products), len(self.products)):
            page = self.page(path, name="product page", must_show=['id="product-title"'])
            if "data-customizer" in page:
                self.customizable = path
                return path
            self.wait()
        return ""

    def preview(self, product_id: int, fields: dict[str, str]) -> None:
        """The server-drawn picture of the choices (the customizer's no-script preview): a
        redirect to the rendered PNG."""
        query = {k: v for k, v in fields.items() if k.startswith(("zone-", "pattern-", "text"))}
        path = f"/customize/{product_id}/preview/?{urlencode(query)}"
        with self.send("GET", path, name="customizer preview") as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.endswith(".png"):
                fail(response, f"HTTP {response.status_code}, not a redirect to the picture")

    def report_choices(self, config: dict, feedback: list[dict]) -> None:
        """The batch of preference events the page's script sends."""
        payload = {
            "product_id": config["productId"],
            "visitor_id": self.username,
            "events": feedback,
        }
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        with self.send(
            "POST", config["eventsUrl"], name="customizer events", json=payload, headers=headers
        ) as response:
            if response.status_code != 202:
                fail(response, f"HTTP {response.status_code}")
            if response.json().get("stored") != len(feedback):
                fail(response, "not every event was stored")

    @task(3)
    def add_to_cart(self):
        """A product page and into the cart; the scarce product draws a fair share."""
        self.add_something()

    def add_something(self) -> bool:
        scarce = [path for path, title in self.products.items() if title == SCARCE]
        plain = [path for path in self.products if path not in scarce and path != self.customizable]
        path = random.choice(scarce if scarce and random.random() < 0.4 else plain)
        page = self.page(path, name="product page", must_show=['id="product-title"'])
        if "data-customizer" in page:  # its defaults go along, as the form posts them
            self.customizable = path
        self.wait()
        quantity = 1 if path in scarce else random.randint(1, 2)
        return self.add(path, page, name="cart add", quantity=quantity)

    def add(self, path: str, page: str, *, name: str, quantity: int = 1, design=None) -> bool:
        """Post the product page's add-to-cart form; True when the item is in the cart."""
        form = add_form(page)
        variants = choices(form, "variant")
        if not variants:  # every option shows "Sold out": the shopper does not try
            if self.products.get(path) != SCARCE:
                raise RuntimeError(f"{self.products.get(path)} shows as sold out")
            sold_out["product page"] += 1
            return False
        data = {**posted_fields(form), **(design or {})}
        data.update(variant=random.choice(variants), quantity=quantity)
        target = self.submit("/cart/add/", data, name=name)
        if target == CART:
            cart = self.page(CART, name="cart", must_show=["is in your cart."])
            self.has_cart = CART_LINE in cart
            return True
        with self.send("GET", target, name="product page") as response:
            self.check(response)
            refusals = [text for level, text in messages(response.text) if level == "error"]
            if not refusals or not all(is_sold_out(text) for text in refusals):
                fail(response, f"cart add refused: {'; '.join(refusals) or 'no message'}")
        sold_out["cart add"] += 1
        return False

    @task(2)
    def checkout(self):
        """Details with points when the checkout offers them, the review step, the order."""
        if not self.has_cart and not self.add_something():
            return
        self.wait()
        page = self.page(CHECKOUT, name="checkout form", must_show=['name="email"'])
        soup = BeautifulSoup(page, "html.parser")
        form = soup.find("input", attrs={"name": "email"}).find_parent("form")
        data = {
            "email": f"{self.username}@example.com",
            "full_name": f"Load Shopper {self.username.rpartition('-')[2]}",
            "phone": "",
            "address_line1": "1 Balancer Row",
            "address_line2": "",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
            "shipping_method": random.choice(choices(form, "shipping_method")),
            "payment_method": random.choice(choices(form, "payment_method")),
        }
        points = [value for value in choices(form, "points") if value not in ("", "0")]
        if points and random.random() < 0.8:
            data["points"] = random.choice(points)
        self.wait()
        target = self.submit(CHECKOUT, data, name="checkout details")
        if target != REVIEW:
            raise RuntimeError(f"checkout details went to {target}")
        must_show = ['name="checkout_token"']
        if "points" in data:
            must_show.append(f"Paid with {data['points']} points")
        review = self.page(
            REVIEW, name="checkout review", must_show=must_show, sold_out_at="checkout review"
        )
        if 'name="checkout_token"' not in review:  # a 409: the scarce product sold out
            self.drop_sold_out()
            return
        token = BeautifulSoup(review, "html.parser").find("input", attrs={"name": "checkout_token"})
        self.wait()
        target = self.submit(REVIEW, {"checkout_token": token["value"]}, name="place order")
        number = THANKS.match(target)
        if number:
            placed[self.username].append(number[1])
            self.has_cart = False
            self.page(target, name="order confirmation", must_show=[number[1]])
            return
        if target != REVIEW:
            raise RuntimeError(f"placing the order went to {target}")
        with self.send("GET", REVIEW, name="checkout review") as response:
            self.check(response, statuses=(200, 409))
            refusals = [text for level, text in messages(response.text) if level == "error"]
            if not refusals or not all(is_sold_out(text) for text in refusals):
                fail(response, f"order refused: {'; '.join(refusals) or 'no message'}")
            response.success()
        sold_out["place order"] += 1
        self.drop_sold_out()

    def only_scarce_problems(self, page: str) -> bool:
        problems = BeautifulSoup(page, "html.parser").select(".checkout-layout li .problem")
        return bool(SCARCE and problems) and all(
            SCARCE in problem.parent.get_text(" ") for problem in problems
        )

    def drop_sold_out(self) -> None:
        """Take the lines that can no longer be bought out of the cart."""
        cart = self.page(CART, name="cart")
        soup = BeautifulSoup(cart, "html.parser")
        for line in soup.select("li.cart-line"):
            if line.select_one(".problem") is None:
                continue
            if SCARCE not in line.get_text(" "):
                raise RuntimeError(f"a problem with {line.h2.get_text(strip=True)}")
            remove = line.find("form", action=re.compile(r"/remove/$"))
            target = self.submit(remove["action"], {}, name="cart remove")
            if target != CART:
                raise RuntimeError(f"removing a line went to {target}")
        self.has_cart = CART_LINE in self.page(CART, name="cart")


@events.test_stop.add_listener
def write_results(environment, **_kwargs):
    if RESULTS:
        Path(RESULTS).write_text(json.dumps({"orders": placed, "sold_out": sold_out}, indent=2))
