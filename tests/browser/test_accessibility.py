"""Every shopper page, audited by axe-core in a real browser, in English and in Persian
(right to left): no serious or critical violation.

The audit reads the page's structure, names, roles and colours, never its words, so it
holds whether or not the Persian catalogue is compiled yet."""

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from storefront.customizer.services import design_create
from storefront.loyalty.services import points_bonus
from storefront.orders.models import Cart, Order
from storefront.orders.services import cart_add
from storefront.products.models import ProductPage, ProductVariant, ShopHomePage
from storefront.reviews.services import review_reply, review_submit
from tests.browser.test_customizer import RENDERED, make_tee
from tests.factories import ShopTree, deliver, make_order, make_product, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAILING_IMPACTS = {"serious", "critical"}
AXE = Axe()


@dataclass
class Shop:
    shop: ShopTree
    tee: ProductPage  # on sale, with sizes (one sold out), reviews and a shop reply
    mug: ProductPage  # delivered to the customer, not reviewed yet
    customizable: ProductPage
    customer: User
    delivered: Order


def variant(product: ProductPage, name: str = "M") -> ProductVariant:
    return ProductVariant.objects.get(product=product, name=name)


def make_reviewed_shop() -> Shop:
    """A shop a customer knows: a catalogue with a sale and a sold-out product, a
    customizable tee, published reviews with a shop reply, and a logged-in customer with a
    delivered order, loyalty points and a cart holding a plain and a customized line."""
    tee_shop = make_tee()
    shop = tee_shop.shop
    ShopHomePage.objects.filter(pk=shop.home.pk).update(
        hero_title="Made to be worn", hero_text="Colours you choose, printed to order."
    )
    tee = make_product(
        index=shop.index,
        title="Harbour tee",
        price="24.00",
        compare_at_price="30.00",
        variants=[("S", None), ("M", None), ("XL", "27.00")],
        stock=[0, 4, 9],
        categories=[shop.apparel],
        images=2,
    )
    mug = make_product(
        index=shop.index, title="Stoneware mug", price="14.00", categories=[shop.home_goods]
    )
    make_product(index=shop.index, title="Linen apron", price="32.00", stock=0)
    make_product(index=shop.index, title="Canvas tote", price="18.00", categories=[shop.apparel])

    staff = make_user("staff", is_staff=True, is_superuser=True)
    for name, rating, title in (
        ("bea", 5, "Soft and true to size"),
        ("cyd", 3, "Nice colour, thin fabric"),
    ):
        reviewer = make_user(name, first_name=name.title())
        order = deliver(make_order(shop=shop, items=[(variant(tee, "XL"), 1)], user=reviewer))
        review = review_submit(
            product=tee,
            rating=rating,
            title=title,
            text=f"{title}. I wore it every day for a month and it still looks new.",
            name=name.title(),
            user=reviewer,
            order=order,
        )
    review_reply(review=review, text="Thank you! The heavier cotton is back in May.", actor=staff)

    customer = make_user("ada", first_name="Ada", last_name="Lovelace")
    delivered = deliver(
        make_order(shop=shop, items=[(variant(mug), 2), (variant(tee), 1)], user=customer)
    )
    points_bonus(user=customer, points=500, source="signup", reason="Welcome")
    cart, _created = Cart.objects.get_or_create(user=customer)
    cart_add(cart=cart, variant_id=variant(tee, "XL").pk, quantity=1)
    sw = tee_shop.swatches
    design = design_create(
        product=tee_shop.product,
        choices={
            "body": {"swatch": sw["Forest"].pk, "pattern": tee_shop.stripes.pk},
            "sleeves": {"swatch": sw["Navy"].pk, "pattern": None},
            "collar": {"swatch": sw["White"].pk, "pattern": None},
        },
        text="ADA",
        owner=customer,
        saved=True,
    )
    cart_add(cart=cart, variant_id=variant(tee_shop.product).pk, quantity=1, design=design)
    return Shop(shop, tee, mug, tee_shop.product, customer, delivered)


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def contrast_doubt(node: dict) -> str | None:
    """Why axe could not judge a node's colour contrast ("bgGradient", "nonBmp", ...)."""
    for check in node["any"]:
        if isinstance(check["data"], dict) and check["data"].get("messageKey"):
            return check["data"]["messageKey"]
    return None


def gradient_contrast(page, node: dict) -> tuple[float, float] | None:
    """For text that axe cannot judge because it sits on a gradient: the text's lowest
    contrast against any of the gradient's colour stops, and the ratio WCAG AA requires."""
    if contrast_doubt(node) != "bgGradient":
        return None
    measured = page.locator(node["target"][0]).first.evaluate(GRADIENT_CONTRAST)
    return measured["ratio"], measured["required"]


GRADIENT_CONTRAST = r"""(element) => {
  const channel = (value) => {
    value /= 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
  const style = getComputedStyle(element);
  const text = luminance(rgb(style.color));
  let node = element;
  while (!getComputedStyle(node).backgroundImage.includes("gradient")) node = node.parentElement;
  const ratios = getComputedStyle(node).backgroundImage.match(/rgba?\([^)]*\)/g).map((stop) => {
    const ground = luminance(rgb(stop));
    return (Math.max(text, ground) + 0.05) / (Math.min(text, ground) + 0.05);
  });
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
  return { ratio: Math.min(...ratios), required: large ? 3 : 4.5 };
}"""


def audit_findings(page) -> list[dict]:
    """axe's serious and critical violations, and its serious and critical results that
    need review (an aria-describedby pointing nowhere, ARIA an element cannot carry), which
    are as real here. Text on a gradient, which axe cannot judge, is measured instead; a
    glyph that is no text (an arrow or a star beside words that are checked) is left out."""
    response = AXE.run(page, options={"resultTypes": ["violations", "incomplete"]}).response
    findings = [found for found in response["violations"] if found["impact"] in FAILING_IMPACTS]
    for found in response["incomplete"]:
        if found["impact"] not in FAILING_IMPACTS:
            continue
        nodes = []
        for node in found["nodes"]:
            if found["id"] == "color-contrast" and contrast_doubt(node) == "nonBmp":
                continue
            measured = gradient_contrast(page, node) if found["id"] == "color-contrast" else None
            if measured is None:
                nodes.append(node)
            elif measured[0] < measured[1]:
                ratio, required = measured
                nodes.append(
                    {**node, "note": f"{ratio:.2f}:1 on a gradient stop, {required}:1 needed"}
                )
        if nodes:
            findings.append({**found, "nodes": nodes, "help": f"{found['help']} (needs review)"})
    return findings


def describe(name: str, violations: list[dict]) -> str:
    lines = [f"{name}:"]
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            note = f" ({node['note']})" if "note" in node else ""
            lines.append(f"    - {target}{note}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_shopper_pages_have_no_serious_accessibility_violations(
    language, live_server, page, screenshot
):
    data = make_reviewed_shop()
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    log_in(page, live_server, data.customer)
    report: list[str] = []

    def audit(name: str) -> None:
        assert page.locator("html").get_attribute("lang") == language
        expected_dir = "rtl" if language == "fa" else "ltr"
        assert page.locator("html").get_attribute("dir") == expected_dir
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(f"a11y-{language}-{name}")
        findings = audit_findings(page)
        if findings:
            report.append(describe(f"{name} ({page.url})", findings))

    def visit(name: str, path: str) -> None:
        response = page.goto(f"{live_server.url}{prefix}{path}")
        assert response.ok, f"{name}: {response.status} at {path}"
        audit(name)

    def send_with_errors(name: str, emptied: tuple[str, ...]) -> None:
        """Send the page's form with ``emptied`` fields empty and audit it with its errors."""
        for field in emptied:
            page.locator(f"form [name={field}]").fill("")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
        assert page.locator("main .errorlist").count(), f"{name}: no error shown"
        audit(f"{name}-errors")

    visit("home", "/")
    visit("listing", data.shop.index.url)
    visit("product", data.tee.url)

    page.goto(f"{live_server.url}{prefix}{data.customizable.url}")
    page.wait_for_function(f"{RENDERED} > 0")
    audit("customizer")

    visit("cart", "/cart/")
    visit("checkout", "/checkout/")
    send_with_errors("checkout", ("full_name", "address_line1", "postal_code", "city"))
    fields = {
        "email": "ada@example.com",
        "full_name": "Ada Lovelace",
        "address_line1": "12 Analytical Street",
        "postal_code": "10115",
        "city": "Berlin",
    }
    for name, value in fields.items():
        page.locator(f"form [name={name}]").fill(value)
    page.locator("form [name=country]").select_option("DE")
    page.locator(f"input[name=shipping_method][value='{data.shop.express.pk}']").check()
    page.locator("input[name=payment_method][value=bank_transfer]").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**{prefix}/checkout/review/")
    audit("checkout-review")

    visit("account", "/account/")
    visit("order", f"/orders/{data.delivered.number}/")
    visit("review-form", f"/products/{data.mug.pk}/review/")
    send_with_errors("review-form", ("title", "comment"))
    visit("return-form", f"/orders/{data.delivered.number}/return/")
    send_with_errors("return-form", ())

    assert not report, "Serious or critical accessibility violations (axe-core):\n" + "\n".join(
        report
    )
