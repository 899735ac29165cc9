"""Build a demo shop: page tree, categories, products with artwork, stock, shipping, users,
customizable products with their swatches, palettes, patterns and templates, and the
reviews of demo customers (``config.demo_reviews``).

Run it on a migrated database::

    python manage.py storefront_demo
    python manage.py storefront_demo --language fa

``--language fa`` builds the same shop in Persian, priced in Iranian rials: it needs the
settings ``STOREFRONT_CURRENCY=IRR`` and ``STOREFRONT_CURRENCY_DECIMALS=0`` (and, for the site
itself, ``LANGUAGE_CODE=fa``), on a database of its own; ``./scripts/demo --language fa`` sets
them. Each text is written once in each language (a product's ``fa`` copy, a review's
``title_fa``...) and each amount once, in dollars, converted by ``config.demo_locale``.

It is idempotent: what exists already (matched by slug, SKU, name, key, username or, for
reviews, product and reviewer) is left as it is, so a second run adds nothing. Product
artwork is drawn by ``storefront.products.demo_art``; the customizer's templates come from
``storefront.customizer.demo_art`` and the galleries of customizable products are rendered
by the customizer itself, so they show what the customizer shows.

The command belongs to the demo site rather than to one of the plugin's apps because its
data spans all of them (orders, reviews, ...), and an app may not import the apps that
depend on it.
"""

import hashlib
import io
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from config.demo_insights import demo_insights_create
from config.demo_locale import (
    ENGLISH,
    LANGUAGES,
    PERSIAN,
    demo_language_check,
    demo_money,
    demo_money_text,
    in_language,
    page_slug,
    persian_digits,
    variant_sku,
)
from config.demo_related import demo_related_create
from config.demo_reviews import demo_reviews_create
from storefront.core.models import ShopSettings
from storefront.customizer import demo_art as customizer_art
from storefront.customizer.models import (
    CustomizationTemplate,
    Palette,
    Pattern,
    PreferenceEvent,
    PreferenceKind,
    Swatch,
    SwatchTranslation,
    Zone,
)
from storefront.customizer.selectors import template_with_zones
from storefront.customizer.services import DesignError, design_render, design_resolve
from storefront.loyalty.models import LoyaltySettings, LoyaltyTier
from storefront.orders.models import ShippingMethod
from storefront.products import demo_art
from storefront.products.models import (
    Category,
    ProductImage,
    ProductIndexPage,
    ProductPage,
    ProductRelatedPick,
    ProductVariant,
    ShopHomePage,
)
from storefront.products.services import stock_set
from storefront.related.models import RelatedScore, RelatedState, SuggestionClick
from storefront.returns.models import ReturnPolicy, ReturnReason, ReturnRequest
from storefront.reviews.models import STATUS_FILTERS, ProductReview, ReviewStatus


@dataclass(frozen=True)
class Shop:
    """The shop's own copy in one language: its name and settings, home and catalogue pages."""

    name: str
    tagline: str
    hero_text: str
    catalogue_title: str
    catalogue_intro: str  # "{free_over}": the standard shipping's free-over amount
    address: str
    currency_symbol: str
    symbol_after_amount: bool = False
    bank_transfer_details: str = ""  # empty: the setting's default is kept
    customer_name: tuple[str, str] = ("Casey", "Morgan")  # the demo user ``customer``


SHOPS = {
    ENGLISH: Shop(
        name="Storefront Demo",
        tagline="Good things, made to last.",
        hero_text=(
            "Organic cotton basics, stoneware for slow mornings and prints for the "
            "walls – designed in our studio, made by people we know."
        ),
        catalogue_title="Shop",
        catalogue_intro=(
            "<p>Everything in the shop is designed in our studio and made in small "
            "batches by workshops we visit ourselves. Free standard shipping on "
            "orders over {free_over}.</p>"
        ),
        address="Storefront Demo Ltd\n12 Harbour Street\nBrighton BN1 1AA\nUnited Kingdom",
        currency_symbol="$",
    ),
    PERSIAN: Shop(
        name="استورفرانت",
        tagline="چیزهای خوب، ساخته‌شده برای ماندن.",
        hero_text=(
            "لباس‌های پایه از پنبهٔ ارگانیک، سفال برای صبح‌های آرام و پوستر برای دیوارها؛ "
            "طراحی‌شده در کارگاه خودمان و ساخته‌شده به دست کسانی که می‌شناسیمشان."
        ),
        catalogue_title="فروشگاه",
        catalogue_intro=(
            "<p>همهٔ کالاهای فروشگاه در کارگاه ما طراحی و در دسته‌های کوچک در کارگاه‌هایی "
            "ساخته می‌شوند که خودمان به آن‌ها سر می‌زنیم. ارسال پستی رایگان برای سفارش‌های "
            "بالای {free_over}.</p>"
        ),
        address="استورفرانت\nتهران، خیابان ولیعصر، پلاک ۱۲\nکد پستی ۱۵۹۶۶۳۴۳۱۱\nایران",
        currency_symbol="ریال",
        symbol_after_amount=True,
        bank_transfer_details=(
            "استورفرانت · شبا IR00 0000 0000 0000 0000 0000 00 · شناسهٔ واریز: شمارهٔ سفارش شما"
        ),
        customer_name=("کیمیا", "شریفی"),
    ),
}

CATEGORIES = [
    # slug, name, description, name and description in Persian
    (
        "apparel",
        "Apparel",
        "Tees and hoodies in organic cotton, cut for every day.",
        "پوشاک",
        "تی‌شرت و هودی از پنبهٔ ارگانیک، دوخته‌شده برای هر روز.",
    ),
    (
        "footwear",
        "Footwear",
        "Sneakers made to be worn in, not kept in the box.",
        "کفش",
        "کتانی‌هایی برای پوشیدن، نه برای ماندن در جعبه.",
    ),
    (
        "accessories",
        "Accessories",
        "Caps, beanies, totes and bottles for the road.",
        "اکسسوری",
        "کلاه، کیف دستی و قمقمه برای سفر و مسیر.",
    ),
    (
        "home-kitchen",
        "Home & Kitchen",
        "Stoneware mugs and soft cushions for slow mornings.",
        "خانه و آشپزخانه",
        "ماگ‌های سفال سنگی و کوسن‌های نرم برای صبح‌های آرام.",
    ),
    (
        "prints",
        "Prints & Posters",
        "Giclée prints on heavy matte paper, framed or not.",
        "پوستر و چاپ هنری",
        "چاپ ژیکله روی کاغذ مات ضخیم، با قاب یا بی‌قاب.",
    ),
]

SHIPPING_METHODS = [
    # name, description, price, free over, sort order, name and description in Persian
    (
        "Standard (3–5 days)",
        "Tracked delivery by post.",
        "4.90",
        "60.00",
        10,
        "پست پیشتاز (۳ تا ۵ روز)",
        "ارسال پستی با کد رهگیری.",
    ),
    (
        "Express (1–2 days)",
        "Courier delivery on the next working day.",
        "12.90",
        None,
        20,
        "پیک فوری (۱ تا ۲ روز)",
        "تحویل با پیک در نخستین روز کاری بعد.",
    ),
    (
        "Store pickup",
        "Collect from our shop at 12 Harbour Street.",
        "0.00",
        None,
        30,
        "تحویل حضوری",
        "تحویل از فروشگاه ما در تهران، خیابان ولیعصر، پلاک ۱۲.",
    ),
]

APPAREL_SIZES = ["S", "M", "L", "XL"]
SHOE_SIZES = ["EU 39", "EU 40", "EU 41", "EU 42", "EU 43", "EU 44"]
# Variant options and labels in the Persian shop (S, M, L, XL, A3 and A2 stay as they are).
OPTIONS_FA = {
    **{size: persian_digits(size.removeprefix("EU ")) for size in SHOE_SIZES},
    "Standard": "معمولی",
    "Large": "بزرگ",
    "One size": "فری‌سایز",
    "500 ml": "۵۰۰ میلی‌لیتر",
    "750 ml": "۷۵۰ میلی‌لیتر",
    "300 ml": "۳۰۰ میلی‌لیتر",
    "450 ml": "۴۵۰ میلی‌لیتر",
    "45 × 45 cm": "۴۵ × ۴۵ سانتی‌متر",
    "50 × 50 cm": "۵۰ × ۵۰ سانتی‌متر",
    "50 × 70 cm": "۵۰ × ۷۰ سانتی‌متر",
}
VARIANT_LABELS_FA = {"Size": "سایز", "Capacity": "حجم"}
# Loyalty tiers: name, spend this year (in dollars, converted like every amount), earn
# multiplier, name in Persian.
TIERS = [
    ("Member", "0", "1", "عضو"),
    ("Silver", "500", "1.25", "نقره‌ای"),
    ("Gold", "2000", "1.5", "طلایی"),
]
# The return reasons the returns app's migrations make, in the Persian shop.
RETURN_REASONS_FA = {
    "changed_mind": "نظرم عوض شد",
    "doesnt_fit": "اندازه‌ام نیست",
    "not_as_pictured": "با عکس‌ها فرق دارد",
    "defective": "آسیب‌دیده یا معیوب رسید",
    "wrong_item": "کالای اشتباهی فرستاده شد",
    "arrived_late": "دیر رسید",
}
RETURN_INSTRUCTIONS_FA = "کالا را همراه با برگهٔ مرجوعی بسته‌بندی کنید و به نشانی روی برگه بفرستید."
ARABIC_SCRIPT = range(0x0600, 0x0700)


@dataclass(frozen=True)
class Copy:
    """A product's copy in one language; a customizable product's also names its template
    and the template's text field."""

    title: str
    summary: str
    description: list[str]
    template: str = ""
    text_label: str = ""


class Localized:
    """A demo product's copy in a language: its own (English) fields, or its ``fa`` copy."""

    def copy(self, language: str) -> Copy:
        if language == PERSIAN and self.fa is not None:
            return self.fa
        text = getattr(self, "text", None)
        return Copy(
            self.title,
            self.summary,
            self.description,
            template=getattr(self, "template", ""),
            text_label=text.label if text else "",
        )


@dataclass
class Demo(Localized):
    """One demo product: its copy (in English, and in Persian as ``fa``), price (in
    dollars), artwork, variants and stock."""

    sku: str
    title: str
    kind: str  # a demo_art kind
    colour: str
    accent: str
    price: str
    summary: str
    description: list[str]
    categories: list[str]
    variant_label: str = "Size"
    # (name, price override or None); stock comes from ``stock`` in the same order.
    variants: list[tuple[str, str | None]] = field(default_factory=list)
    stock: list[int] = field(default_factory=list)
    compare_at: str | None = None
    sales: int = 0
    images: int = 3
    fa: Copy | None = None


def _sizes(names: list[str]) -> list[tuple[str, str | None]]:
    return [(name, None) for name in names]


PRODUCTS: list[Demo] = [
    Demo(
        "TEE-ORG-BLU",
        "Everyday Organic Tee",
        "tshirt",
        "#3d6fb6",
        "#f1d3a1",
        "24.00",
        "A soft, mid-weight crew neck in GOTS-certified organic cotton.",
        [
            "Our bestselling tee, knitted from 180 g/m² combed organic cotton that gets softer "
            "with every wash. A relaxed fit through the body, a ribbed collar that keeps its "
            "shape and a small sunset print on the chest.",
            "Pre-shrunk and garment-dyed, so the colour stays deep and the fit stays true. "
            "Machine wash at 30 °C, inside out.",
        ],
        ["apparel"],
        variants=_sizes(APPAREL_SIZES),
        stock=[14, 32, 27, 0],
        sales=184,
        fa=Copy(
            "تی‌شرت ارگانیک روزمره",
            "یقه‌گردی نرم و میان‌وزن از پنبهٔ ارگانیک با گواهی GOTS.",
            [
                "پرفروش‌ترین تی‌شرت ما، بافته‌شده از پنبهٔ ارگانیک شانه‌شدهٔ ۱۸۰ گرمی که با هر "
                "شست‌وشو نرم‌تر می‌شود. تن‌خوری راحت، یقهٔ کش‌باف که فرمش را از دست نمی‌دهد و طرح "
                "کوچکی از غروب روی سینه.",
                "پیش‌آب‌رفته و پس از دوخت رنگ‌شده، تا رنگش عمیق و اندازه‌اش ثابت بماند. شست‌وشو "
                "با ماشین در ۳۰ درجه، پشت‌ورو.",
            ],
        ),
    ),
    Demo(
        "TEE-SUN-COR",
        "Sunset Graphic Tee",
        "tshirt",
        "#e86a4a",
        "#2f3b4c",
        "26.00",
        "Coral crew neck with a hand-drawn sunset on the chest.",
        [
            "Printed in our studio with water-based inks that sink into the fabric instead of "
            "sitting on top, so the print breathes and never cracks.",
            "Regular fit, 100 % organic cotton, taped shoulder seams.",
        ],
        ["apparel"],
        compare_at="32.00",
        variants=_sizes(APPAREL_SIZES),
        stock=[6, 12, 9, 4],
        sales=97,
        fa=Copy(
            "تی‌شرت طرح غروب",
            "یقه‌گرد مرجانی با طرح دست‌کشیدهٔ غروب روی سینه.",
            [
                "در کارگاه خودمان با جوهرهای پایه‌آب چاپ می‌شود که به‌جای نشستن روی پارچه در آن "
                "فرو می‌روند؛ برای همین چاپ نفس می‌کشد و هیچ‌وقت ترک نمی‌خورد.",
                "تن‌خور معمولی، صددرصد پنبهٔ ارگانیک، درز شانه‌ها نواردوزی‌شده.",
            ],
        ),
    ),
    Demo(
        "TEE-FOR-GRN",
        "Forest Crew Tee",
        "tshirt",
        "#2e6b4f",
        "#f4d6a0",
        "24.00",
        "Deep forest green, heavyweight and boxy.",
        [
            "A heavier 220 g/m² jersey with a slightly boxy cut and dropped shoulders. Looks "
            "just as good under an open shirt as on its own.",
            "Made in Portugal in a family-run factory we have worked with since 2016.",
        ],
        ["apparel"],
        variants=_sizes(APPAREL_SIZES),
        stock=[8, 19, 22, 11],
        sales=63,
        fa=Copy(
            "تی‌شرت یقه‌گرد جنگلی",
            "سبز جنگلی تیره، ضخیم و با برش جعبه‌ای.",
            [
                "جرسی سنگین‌تر ۲۲۰ گرمی با برشی کمی جعبه‌ای و شانه‌های افتاده. زیر پیراهنِ باز "
                "همان‌قدر خوب است که به‌تنهایی.",
                "ساخت پرتغال، در کارگاهی خانوادگی که از سال ۲۰۱۶ با آن کار می‌کنیم.",
            ],
        ),
    ),
    Demo(
        "TEE-HEA-GRY",
        "Heather Grey Tee",
        "tshirt",
        "#b9bcc2",
        "#e86a4a",
        "22.00",
        "The classic grey marl tee, with a tiny coral badge.",
        [
            "A wardrobe staple in a cotton and recycled polyester marl. Light, quick to dry "
            "and easy to layer.",
            "Slim fit – size up if you prefer a looser look.",
        ],
        ["apparel"],
        variants=_sizes(APPAREL_SIZES),
        stock=[25, 40, 35, 18],
        sales=141,
        fa=Copy(
            "تی‌شرت طوسی ملانژ",
            "تی‌شرت کلاسیک طوسی ملانژ با یک نشان کوچک مرجانی.",
            [
                "از آن تکه‌های همیشگیِ کمد، از پنبه و پلی‌استر بازیافتی ملانژ. سبک، زودخشک و "
                "مناسب لایه‌پوشی.",
                "تن‌خور جذب؛ اگر گشادتر دوست دارید، یک سایز بزرگ‌تر بردارید.",
            ],
        ),
    ),
    Demo(
        "HOOD-HAR-NVY",
        "Harbour Hoodie",
        "hoodie",
        "#2f3b4c",
        "#e9dcc3",
        "59.00",
        "A brushed-back fleece hoodie in midnight navy.",
        [
            "Our warmest hoodie: 380 g/m² loopback cotton, brushed on the inside, with a "
            "lined hood, flat cotton drawcords and a roomy kangaroo pocket.",
            "Ribbed cuffs and hem keep the shape after years of wear.",
        ],
        ["apparel"],
        variants=_sizes(APPAREL_SIZES),
        stock=[5, 16, 21, 9],
        sales=156,
        fa=Copy(
            "هودی بندر",
            "هودی دورس پرزدار به رنگ سرمه‌ای نیمه‌شب.",
            [
                "گرم‌ترین هودی ما: پنبهٔ حلقوی ۳۸۰ گرمی که داخلش پرزدار شده، با کلاه آستردار، "
                "بندهای تخت پنبه‌ای و جیب کانگورویی جادار.",
                "سرآستین و لبهٔ کش‌باف، فرم هودی را پس از سال‌ها پوشیدن هم نگه می‌دارد.",
            ],
        ),
    ),
    Demo(
        "HOOD-CLD-LAV",
        "Cloud Fleece Hoodie",
        "hoodie",
        "#b9a6dc",
        "#2f3b4c",
        "64.00",
        "Lavender, cloud-soft and made for lazy Sundays.",
        [
            "A relaxed, slightly cropped hoodie in a plush recycled fleece. The colour is "
            "garment-dyed, so every piece is a little different.",
            "Pairs with everything, goes with you everywhere.",
        ],
        ["apparel"],
        compare_at="79.00",
        variants=_sizes(APPAREL_SIZES),
        stock=[3, 0, 7, 2],
        sales=88,
        fa=Copy(
            "هودی پولار ابری",
            "یاسی، نرم مثل ابر، ساخته‌شده برای جمعه‌های تنبل.",
            [
                "هودی گشاد و کمی کوتاه از پولار بازیافتی پرزدار. رنگ پس از دوخت زده می‌شود، پس هر "
                "تکه کمی با بقیه فرق دارد.",
                "با همه‌چیز ست می‌شود و همه‌جا همراهتان است.",
            ],
        ),
    ),
    Demo(
        "HOOD-WKD-MUS",
        "Weekend Hoodie",
        "hoodie",
        "#d9a441",
        "#2f3b4c",
        "59.00",
        "Mustard yellow, mid-weight, sold out (again).",
        [
            "The hoodie everyone asks about. Mid-weight organic cotton with a classic fit and "
            "contrast navy drawcords.",
            "Sold out for now – a new batch is on the dye house schedule.",
        ],
        ["apparel"],
        variants=_sizes(APPAREL_SIZES),
        stock=[0, 0, 0, 0],
        sales=203,
        fa=Copy(
            "هودی آخر هفته",
            "زرد خردلی، میان‌وزن، و (باز هم) تمام‌شده.",
            [
                "هودی‌ای که همه سراغش را می‌گیرند. پنبهٔ ارگانیک میان‌وزن با تن‌خور کلاسیک و "
                "بندهای سرمه‌ای که با زردش کنتراست دارند.",
                "فعلاً تمام شده؛ سری تازه در نوبت رنگرزی است.",
            ],
        ),
    ),
    Demo(
        "SNK-CRT-WHT",
        "Court Classic Sneaker",
        "sneaker",
        "#f2f2f2",
        "#e4572e",
        "89.00",
        "A clean white leather low-top with a coral heel tab.",
        [
            "Full-grain leather upper, padded collar and a vulcanised natural rubber sole "
            "that is stitched, not just glued, so it can be resoled.",
            "True to size. Leather lining, removable cork footbed.",
        ],
        ["footwear"],
        variants=_sizes(SHOE_SIZES),
        stock=[4, 9, 12, 10, 6, 0],
        sales=132,
        fa=Copy(
            "کتانی کلاسیک کورت",
            "کتانی ساق‌کوتاه چرم سفید و ساده با زبانهٔ پاشنهٔ مرجانی.",
            [
                "رویهٔ چرم طبیعی تمام‌دانه، یقهٔ بالشتک‌دار و زیرهٔ لاستیک طبیعی ولکانیزه که "
                "دوخته شده، نه فقط چسبیده؛ پس می‌شود زیره‌اش را عوض کرد.",
                "سایزبندی استاندارد. آستر چرمی و کفی چوب‌پنبه‌ای جداشدنی.",
            ],
        ),
    ),
    Demo(
        "SNK-TRL-BLU",
        "Trail Runner",
        "sneaker",
        "#3b5b92",
        "#c6e35a",
        "109.00",
        "A grippy, lightweight runner for gravel and park paths.",
        [
            "Breathable recycled mesh upper, a cushioned foam midsole and lugged outsole "
            "that bites on wet ground without feeling clumsy on the road.",
            "Reflective heel tab for runs after dark.",
        ],
        ["footwear"],
        compare_at="129.00",
        variants=_sizes(SHOE_SIZES),
        stock=[2, 5, 8, 8, 3, 1],
        sales=75,
        fa=Copy(
            "کفش دویدن کوهستان",
            "کفش دویدن سبک و پرچسبندگی برای مسیرهای خاکی و پارک.",
            [
                "رویهٔ توری بازیافتی و تنفس‌پذیر، میانیِ فومی نرم و زیرهٔ آج‌داری که روی زمین خیس "
                "محکم می‌گیرد و روی آسفالت هم سنگین نیست.",
                "زبانهٔ پاشنهٔ شب‌نما برای دویدن بعد از تاریکی.",
            ],
        ),
    ),
    Demo(
        "SNK-LOW-TER",
        "Terracotta Low-top",
        "sneaker",
        "#c86b4a",
        "#f3e9d8",
        "79.00",
        "Suede low-top in a warm terracotta.",
        [
            "Soft suede with a canvas lining and a cream rubber cupsole. Dressed up or down, "
            "it brings a bit of colour to the everyday.",
            "Treat with a suede protector before the first rainy day.",
        ],
        ["footwear"],
        variants=_sizes(SHOE_SIZES),
        stock=[7, 11, 14, 0, 5, 3],
        sales=41,
        fa=Copy(
            "کتانی ساق‌کوتاه آجری",
            "کتانی جیر ساق‌کوتاه به رنگ گرم آجری.",
            [
                "جیر نرم با آستر کرباسی و زیرهٔ لاستیکی کرم. رسمی یا راحت، کمی رنگ به روزهای "
                "معمولی می‌آورد.",
                "پیش از اولین روز بارانی، با اسپری محافظ جیر از آن محافظت کنید.",
            ],
        ),
    ),
    Demo(
        "TOTE-MKT-NAT",
        "Canvas Market Tote",
        "tote",
        "#e9dcc3",
        "#2c4a7e",
        "18.00",
        "A sturdy natural canvas tote with a screen-printed sun.",
        [
            "Heavy 12 oz cotton canvas, long handles that fit over a winter coat and "
            "box-stitched straps that carry a full grocery run.",
            "The large size has a flat base and an inner pocket.",
        ],
        ["accessories"],
        variants=[("Standard", None), ("Large", "24.00")],
        stock=[38, 15],
        sales=219,
        fa=Copy(
            "کیف خرید کرباسی",
            "کیف دستی کرباسی طبیعی و محکم با چاپ سیلک خورشید.",
            [
                "کرباس پنبه‌ای ضخیم ۱۲ اونسی، دسته‌های بلندی که روی پالتوی زمستانی هم جا می‌شوند "
                "و بندهایی با دوخت ضربدری که یک خرید کامل از بازار را تحمل می‌کنند.",
                "سایز بزرگ کف صاف و یک جیب داخلی دارد.",
            ],
        ),
    ),
    Demo(
        "TOTE-SUN-PCH",
        "Peach Sunset Tote",
        "tote",
        "#f3c9a8",
        "#d9482b",
        "20.00",
        "Peach canvas, bold red print, fits a laptop.",
        [
            "Same tough canvas as our market tote, dyed a soft peach and printed with a "
            "bright sunset. Fits a 15″ laptop and lunch.",
        ],
        ["accessories"],
        compare_at="25.00",
        variants=[("Standard", None)],
        stock=[22],
        sales=58,
        fa=Copy(
            "کیف دستی غروب هلویی",
            "کرباس هلویی با چاپ قرمز پررنگ؛ لپ‌تاپ هم در آن جا می‌شود.",
            [
                "همان کرباس محکم کیف خرید ما، به رنگ ملایم هلویی و با چاپ غروبی روشن. لپ‌تاپ ۱۵ "
                "اینچی و ناهارتان با هم در آن جا می‌شوند.",
            ],
        ),
    ),
    Demo(
        "CAP-SIX-GRN",
        "Six-Panel Cap",
        "cap",
        "#1f5f4a",
        "#f2a7b8",
        "28.00",
        "A structured six-panel cap with an embroidered badge.",
        [
            "Cotton twill with a pre-curved peak, breathing eyelets and a brass-buckle strap "
            "at the back.",
            "One size fits most (55–60 cm).",
        ],
        ["accessories"],
        variants=[("One size", None)],
        stock=[27],
        sales=102,
        fa=Copy(
            "کلاه کپ شش‌ترک",
            "کلاه کپ شش‌ترک فرم‌دار با نشان گلدوزی‌شده.",
            [
                "پارچهٔ جناغی پنبه‌ای با لبهٔ از پیش خم‌شده، سوراخ‌های تهویه و بند پشت با سگک برنجی.",
                "یک سایز که به بیشتر سرها می‌خورد (۵۵ تا ۶۰ سانتی‌متر).",
            ],
        ),
    ),
    Demo(
        "CAP-DNM-BLU",
        "Washed Denim Cap",
        "cap",
        "#4a6a8c",
        "#f3e9d8",
        "28.00",
        "Stone-washed denim, soft crown, worn-in from day one.",
        [
            "An unstructured cap in washed cotton denim that fades beautifully. Cream "
            "embroidery and an adjustable strap.",
        ],
        ["accessories"],
        variants=[("One size", None)],
        stock=[0],
        sales=36,
        fa=Copy(
            "کلاه کپ جین سنگ‌شور",
            "جین سنگ‌شور، تاج نرم، از روز اول جاافتاده.",
            [
                "کلاه کپ بی‌فرم از جین پنبه‌ای شسته‌شده که زیبا رنگ می‌بازد. گلدوزی کرم و بند "
                "قابل تنظیم.",
            ],
        ),
    ),
    Demo(
        "BEAN-RIB-RED",
        "Ribbed Beanie",
        "beanie",
        "#b23a48",
        "#9fe0d0",
        "22.00",
        "A chunky merino rib beanie with a pom-pom.",
        [
            "Knitted from soft, non-scratchy merino wool with a deep turn-up and a "
            "removable pom-pom.",
            "Hand wash cold, dry flat.",
        ],
        ["accessories", "apparel"],
        variants=[("One size", None)],
        stock=[31],
        sales=77,
        fa=Copy(
            "کلاه بافت کبریتی",
            "کلاه بافت درشت از پشم مرینو با منگوله.",
            [
                "بافته‌شده از پشم مرینوی نرمی که نمی‌خاراند، با لبهٔ برگردان پهن و منگولهٔ جداشدنی.",
                "با آب سرد و با دست بشویید و روی سطح صاف خشک کنید.",
            ],
        ),
    ),
    Demo(
        "BEAN-OAT-KNT",
        "Oat Knit Beanie",
        "beanie",
        "#d8cbb3",
        "#2f3b4c",
        "22.00",
        "Undyed oat-coloured wool, warm and light.",
        [
            "Made from undyed British wool in its natural oat colour. Warm, light and "
            "slightly rustic, the way wool should be.",
        ],
        ["accessories", "apparel"],
        compare_at="27.00",
        variants=[("One size", None)],
        stock=[12],
        sales=29,
        fa=Copy(
            "کلاه بافت جودوسری",
            "پشم رنگ‌نشده به رنگ جودوسر، گرم و سبک.",
            [
                "از پشم رنگ‌نشدهٔ انگلیسی به رنگ طبیعی جودوسر. گرم، سبک و کمی روستایی؛ همان‌طور "
                "که پشم باید باشد.",
            ],
        ),
    ),
    Demo(
        "BTL-TRL-SAG",
        "Trail Water Bottle",
        "bottle",
        "#5aa7a0",
        "#7d2e3d",
        "29.00",
        "Double-walled steel, cold for 24 hours.",
        [
            "Vacuum-insulated stainless steel that keeps drinks cold for 24 hours or hot for "
            "12. The leak-proof cap has a carry loop that clips onto a bag.",
            "Dishwasher safe. Plastic-free inside.",
        ],
        ["accessories", "home-kitchen"],
        variant_label="Capacity",
        variants=[("500 ml", None), ("750 ml", "35.00")],
        stock=[24, 13],
        sales=117,
        fa=Copy(
            "قمقمهٔ کوهنوردی",
            "فولاد دوجداره؛ تا ۲۴ ساعت خنک نگه می‌دارد.",
            [
                "فولاد ضدزنگ با عایق خلأ که نوشیدنی را ۲۴ ساعت خنک یا ۱۲ ساعت گرم نگه می‌دارد. "
                "درِ ضدنشتش حلقه‌ای دارد که به کوله قلاب می‌شود.",
                "قابل شست‌وشو در ماشین ظرف‌شویی. داخلش هیچ پلاستیکی ندارد.",
            ],
        ),
    ),
    Demo(
        "BTL-MID-STL",
        "Midnight Steel Bottle",
        "bottle",
        "#2b2d42",
        "#ef8354",
        "32.00",
        "Matte midnight finish with a tangerine cap.",
        [
            "The same insulated bottle in a scratch-resistant matte powder coat. The "
            "tangerine cap is easy to find in a full bag.",
        ],
        ["accessories", "home-kitchen"],
        variant_label="Capacity",
        variants=[("500 ml", None), ("750 ml", "38.00")],
        stock=[9, 0],
        sales=64,
        fa=Copy(
            "قمقمهٔ فولادی نیمه‌شب",
            "رنگ مات نیمه‌شب با درِ نارنجی.",
            [
                "همان قمقمهٔ عایق، با پوشش پودری مات و ضدخش. درِ نارنجی در کیفِ شلوغ راحت پیدا می‌شود.",
            ],
        ),
    ),
    Demo(
        "MUG-MRN-TER",
        "Morning Ritual Mug",
        "mug",
        "#e4572e",
        "#2a7f8f",
        "16.00",
        "Hand-glazed stoneware mug with a teal band.",
        [
            "Thrown and glazed by hand in a small pottery in Stoke-on-Trent, so no two mugs "
            "are quite the same. The wide handle fits three fingers.",
            "Microwave and dishwasher safe.",
        ],
        ["home-kitchen"],
        variant_label="Capacity",
        variants=[("300 ml", None), ("450 ml", "19.00")],
        stock=[26, 17],
        sales=198,
        fa=Copy(
            "ماگ صبحگاهی",
            "ماگ سفال سنگی با لعاب دست‌زده و نوار سبزآبی.",
            [
                "در کارگاه سفالگری کوچکی در لالجین همدان با دست ساخته و لعاب داده می‌شود، پس هیچ "
                "دو ماگی عین هم نیستند. دستهٔ پهنش جای سه انگشت دارد.",
                "قابل استفاده در مایکروویو و ماشین ظرف‌شویی.",
            ],
        ),
    ),
    Demo(
        "MUG-SGE-STN",
        "Sage Stoneware Mug",
        "mug",
        "#9bb59a",
        "#f3e9d8",
        "18.00",
        "A speckled sage glaze with a creamy band.",
        [
            "A calm, speckled glaze over a sturdy stoneware body. Heavy enough to feel good "
            "in the hand, light enough for a second cup.",
        ],
        ["home-kitchen"],
        compare_at="22.00",
        variant_label="Capacity",
        variants=[("300 ml", None), ("450 ml", "21.00")],
        stock=[11, 0],
        sales=83,
        fa=Copy(
            "ماگ سفالی مریم‌گلی",
            "لعاب خال‌دار سبز مریم‌گلی با نواری کرم.",
            [
                "لعابی آرام و خال‌دار روی بدنهٔ محکم سفال سنگی. آن‌قدر سنگین که در دست حس خوبی "
                "بدهد و آن‌قدر سبک که فنجان دوم هم بچسبد.",
            ],
        ),
    ),
    Demo(
        "MUG-ENM-NVY",
        "Midnight Enamel Mug",
        "mug",
        "#26324a",
        "#f2c14e",
        "16.00",
        "Navy with a sunny yellow stripe.",
        [
            "Deep navy glaze with a bright yellow band, for coffee that looks as good as it "
            "tastes.",
        ],
        ["home-kitchen"],
        variant_label="Capacity",
        variants=[("300 ml", None), ("450 ml", "19.00")],
        stock=[19, 8],
        sales=52,
        fa=Copy(
            "ماگ لعابی نیمه‌شب",
            "سرمه‌ای با یک نوار زرد آفتابی.",
            [
                "لعاب سرمه‌ای تیره با نوار زرد روشن، برای قهوه‌ای که به همان خوبیِ طعمش به چشم هم "
                "بیاید.",
            ],
        ),
    ),
    Demo(
        "CSH-STR-MUS",
        "Mustard Stripe Cushion",
        "cushion",
        "#d9a441",
        "#2c4a7e",
        "39.00",
        "Woven cotton cushion cover with a navy band.",
        [
            "A heavy woven cotton cover with a jacquard band, contrast piping and a hidden "
            "zip. Comes with a feather-filled inner.",
        ],
        ["home-kitchen"],
        variant_label="Size",
        variants=[("45 × 45 cm", None), ("50 × 50 cm", "45.00")],
        stock=[10, 6],
        sales=47,
        fa=Copy(
            "کوسن راه‌راه خردلی",
            "روکش کوسن پنبه‌ای بافته‌شده با نوار سرمه‌ای.",
            [
                "روکش ضخیم پنبه‌ای با نوار ژاکارد، لوله‌دوزی کنتراست و زیپ مخفی. همراه با بالشتک "
                "داخلی پَر.",
            ],
        ),
    ),
    Demo(
        "CSH-LIN-BLS",
        "Blush Linen Cushion",
        "cushion",
        "#e8b4b8",
        "#7a3e48",
        "42.00",
        "Washed linen in dusty blush with berry piping.",
        [
            "Stone-washed European linen that is soft from the start and only gets better. "
            "Berry-coloured piping and a tufted centre button.",
        ],
        ["home-kitchen"],
        variant_label="Size",
        variants=[("45 × 45 cm", None), ("50 × 50 cm", "48.00")],
        stock=[5, 0],
        sales=33,
        fa=Copy(
            "کوسن کتان صورتی",
            "کتان شسته‌شده به رنگ صورتی چرک با لوله‌دوزی تمشکی.",
            [
                "کتان اروپایی سنگ‌شور که از همان اول نرم است و با گذر زمان بهتر هم می‌شود. "
                "لوله‌دوزی تمشکی و دکمهٔ منگوله‌ای در وسط.",
            ],
        ),
    ),
    Demo(
        "CSH-OCN-BLU",
        "Ocean Stripe Cushion",
        "cushion",
        "#5b8fb9",
        "#f3e9d8",
        "39.00",
        "Ocean blue with a sand-coloured stripe.",
        [
            "Brings a little coastal calm to a sofa or reading corner. Woven cotton with "
            "piped edges and a feather inner.",
        ],
        ["home-kitchen"],
        compare_at="49.00",
        variant_label="Size",
        variants=[("45 × 45 cm", None), ("50 × 50 cm", "45.00")],
        stock=[13, 7],
        sales=21,
        fa=Copy(
            "کوسن راه‌راه دریایی",
            "آبی دریایی با یک نوار شنی.",
            [
                "کمی آرامش ساحل را به مبل یا گوشهٔ کتاب‌خوانی‌تان می‌آورد. پنبهٔ بافته‌شده با "
                "لبه‌های لوله‌دوزی و بالشتک پَر.",
            ],
        ),
    ),
    Demo(
        "PRT-BLU-HR",
        "Blue Hour Print",
        "poster",
        "#6a7fb5",
        "#f2c14e",
        "35.00",
        "Layered hills under a low golden sun.",
        [
            "A giclée print on 310 g/m² cotton rag paper with archival inks, signed on the "
            "back by the artist.",
            "Ships rolled in a sturdy tube. Frame not included.",
        ],
        ["prints", "home-kitchen"],
        variants=[("A3", None), ("A2", "50.00"), ("50 × 70 cm", "65.00")],
        stock=[18, 9, 4],
        sales=69,
        fa=Copy(
            "پوستر ساعت آبی",
            "تپه‌های لایه‌لایه زیر خورشید طلایی و کم‌ارتفاع.",
            [
                "چاپ ژیکله روی کاغذ پنبه‌ای ۳۱۰ گرمی با جوهرهای آرشیوی، با امضای هنرمند در پشت آن.",
                "لوله‌شده در لوله‌ای محکم ارسال می‌شود. قاب همراهش نیست.",
            ],
        ),
    ),
    Demo(
        "PRT-DST-DWN",
        "Desert Dawn Print",
        "poster",
        "#d98f5c",
        "#fff1a8",
        "35.00",
        "Warm dunes at first light.",
        [
            "Soft terracotta dunes and a pale morning sun, printed on warm-white cotton "
            "paper. Looks lovely in a pale oak frame.",
        ],
        ["prints"],
        variants=[("A3", None), ("A2", "50.00"), ("50 × 70 cm", "65.00")],
        stock=[12, 0, 6],
        sales=44,
        fa=Copy(
            "پوستر سپیده‌دم کویر",
            "تپه‌های شنی گرم در نخستین روشنایی صبح.",
            [
                "تپه‌های شنی آجری ملایم و خورشید کم‌رنگ صبحگاهی، چاپ‌شده روی کاغذ پنبه‌ای سفید "
                "گرم. در قاب بلوط روشن خیلی زیبا می‌شود.",
            ],
        ),
    ),
    Demo(
        "PRT-PIN-RDG",
        "Pine Ridge Print",
        "poster",
        "#3e6b55",
        "#f4d6a0",
        "35.00",
        "Misty green ridges for a calm corner.",
        [
            "Green ridgelines fading into the distance, printed with pigment inks that "
            "will not fade for a lifetime.",
        ],
        ["prints"],
        compare_at="45.00",
        variants=[("A3", None), ("A2", "50.00"), ("50 × 70 cm", "65.00")],
        stock=[7, 5, 2],
        sales=26,
        fa=Copy(
            "پوستر کوهستان کاج",
            "ستیغ‌های سبز و مه‌گرفته برای گوشه‌ای آرام.",
            [
                "خط‌الرأس‌های سبزی که در دوردست محو می‌شوند، چاپ‌شده با جوهرهای رنگدانه‌ای که یک "
                "عمر رنگشان نمی‌رود.",
            ],
        ),
    ),
]

VIEW_CAPTIONS = {
    ENGLISH: ["", "on a different backdrop", "close-up"],
    PERSIAN: ["", "با پس‌زمینه‌ای دیگر", "از نزدیک"],
}


def _render(demo: "Demo") -> list[bytes]:
    images = demo_art.product_images(demo.kind, demo.colour, demo.accent, count=demo.images)
    return [demo_art.image_bytes(image) for image in images]


# --- customizable products ---------------------------------------------------------------

# name, colour, name in Persian, price delta (in dollars). In the Persian shop the Persian
# name is the swatch's own and the English one its translation.
SWATCHES = [
    ("Snow White", "#f4f4f2", "سفید برفی", "0"),
    ("Charcoal", "#36393f", "زغالی", "0"),
    ("Midnight Navy", "#1f2a44", "سرمه‌ای", "0"),
    ("Black", "#1b1b1b", "مشکی", "0"),
    ("Sand", "#d8c3a5", "شنی", "0"),
    ("Cherry Red", "#c0392b", "قرمز آلبالویی", "0"),
    ("Tangerine", "#e67e22", "نارنجی", "0"),
    ("Sunflower", "#f2c14e", "زرد آفتابگردانی", "0"),
    ("Forest Green", "#2e6b4f", "سبز جنگلی", "0"),
    ("Teal", "#16a085", "سبز کله‌غازی", "0"),
    ("Sky Blue", "#5dade2", "آبی آسمانی", "0"),
    ("Lavender", "#a29bfe", "اسطوخودوسی", "0"),
    ("Blush Pink", "#f5b7c5", "صورتی ملایم", "0"),
    ("Gold", "#c9a227", "طلایی", "2.00"),
    ("Copper", "#b87333", "مسی", "2.00"),
]

ALL_COLOURS = "All colours"
NEUTRALS = "Neutrals"
TRIMS = "Laces & trims"
PALETTE_NAMES_FA = {ALL_COLOURS: "همهٔ رنگ‌ها", NEUTRALS: "رنگ‌های خنثی", TRIMS: "بند و تزئینات"}
# name → swatch names (None: every swatch above)
PALETTES: dict[str, list[str] | None] = {
    ALL_COLOURS: None,
    NEUTRALS: ["Snow White", "Charcoal", "Midnight Navy", "Black", "Sand"],
    TRIMS: [
        "Snow White",
        "Black",
        "Midnight Navy",
        "Cherry Red",
        "Tangerine",
        "Sunflower",
        "Sky Blue",
        "Blush Pink",
        "Gold",
    ],
}

# key, name, price delta (in dollars), name in Persian; the tiles are drawn by ``pattern_tile``
PATTERNS = [
    ("stripes", "Stripes", "1.50", "راه‌راه"),
    ("dots", "Dots", "1.50", "خال‌خالی"),
    ("checks", "Checks", "2.00", "چهارخانه"),
]
# The zones of the customizer's demo art in the Persian shop, by (art, zone key).
ZONE_LABELS_FA = {
    ("tshirt", "body"): "تنه",
    ("tshirt", "sleeves"): "آستین‌ها",
    ("tshirt", "collar"): "یقه",
    ("sneaker", "upper"): "رویه",
    ("sneaker", "sole"): "زیره",
    ("sneaker", "laces"): "بند",
    ("sneaker", "logo"): "نوار کناری",
    ("mug", "body"): "ماگ",
    ("mug", "handle"): "دسته",
    ("mug", "rim"): "داخل",
    ("cap", "crown"): "تاج",
    ("cap", "brim"): "لبه",
    ("cap", "button"): "دکمه",
    ("tote", "bag"): "کیف",
    ("tote", "handles"): "دسته‌ها",
}
TILE_SIZE = 48

UPPER_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LETTERS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class ZoneSpec:
    palette: str
    default: str  # a swatch name in the palette
    patterns: bool = False  # offer every pattern


@dataclass
class TextSpec:
    label: str
    max_length: int
    allowed: str
    position: str  # a TextPosition
    colour: str
    price_delta: str
    sample: str  # shown on the gallery's second design


@dataclass
class CustomDemo(Localized):
    """A customizable demo product: its template (drawn from the customizer's demo art with
    the key ``art``), the design its gallery shows first and an alternative, and the copy
    (in English, and in Persian as ``fa``), price, variants and stock of its page."""

    art: str  # a ProductArt key from storefront.customizer.demo_art
    template: str  # the template's name, which also identifies it on a second run
    zones: dict[str, ZoneSpec]
    alternative: dict[str, tuple[str, str | None]]  # zone → (swatch name, pattern key)
    sku: str
    title: str
    price: str
    summary: str
    description: list[str]
    categories: list[str]
    variant_label: str = "Size"
    variants: list[tuple[str, str | None]] = field(default_factory=list)
    stock: list[int] = field(default_factory=list)
    compare_at: str | None = None
    sales: int = 0
    text: TextSpec | None = None
    fa: Copy | None = None


CUSTOM_PRODUCTS: list[CustomDemo] = [
    CustomDemo(
        art="tshirt",
        template="Custom T-shirt",
        zones={
            "body": ZoneSpec(ALL_COLOURS, "Midnight Navy", patterns=True),
            "sleeves": ZoneSpec(ALL_COLOURS, "Midnight Navy"),
            "collar": ZoneSpec(ALL_COLOURS, "Snow White"),
        },
        alternative={
            "body": ("Cherry Red", None),
            "sleeves": ("Snow White", None),
            "collar": ("Snow White", None),
        },
        text=TextSpec("Monogram", 3, UPPER_AND_DIGITS, "chest", "#f4f4f2", "3.00", "JMK"),
        sku="TEE-CUS-DIY",
        title="Design-your-own Tee",
        price="29.00",
        summary="Customize it: pick the body, sleeve and collar colours and add a monogram.",
        description=[
            "Make it yours in our customizer: choose a colour for the body, the sleeves and the "
            "collar from fifteen shades, add stripes, dots or checks to the body and up to "
            "three letters on the chest.",
            "Dyed and sewn to order from the same 180 g/m² organic cotton as our Everyday "
            "Tee, and on its way to you within five working days.",
        ],
        categories=["apparel"],
        variants=_sizes(APPAREL_SIZES),
        stock=[15, 30, 24, 10],
        sales=71,
        fa=Copy(
            "تی‌شرت با طرح خودتان",
            "سفارشی‌اش کنید: رنگ تنه، آستین‌ها و یقه را انتخاب کنید و حروف اول نامتان را اضافه کنید.",
            [
                "در طراح ما مال خودتان کنیدش: برای تنه، آستین‌ها و یقه از میان پانزده رنگ انتخاب "
                "کنید، به تنه راه‌راه، خال‌خالی یا چهارخانه بدهید و تا سه حرف (لاتین) روی سینه "
                "بنویسید.",
                "به سفارش شما از همان پنبهٔ ارگانیک ۱۸۰ گرمیِ تی‌شرت روزمره رنگ و دوخته می‌شود و "
                "ظرف پنج روز کاری راهی می‌شود.",
            ],
            template="تی\u200cشرت سفارشی",
            text_label="حروف اول نام",
        ),
    ),
    CustomDemo(
        art="sneaker",
        template="Custom Sneaker",
        zones={
            "upper": ZoneSpec(ALL_COLOURS, "Snow White"),
            "sole": ZoneSpec(NEUTRALS, "Snow White"),
            "laces": ZoneSpec(TRIMS, "Snow White"),
            "logo": ZoneSpec(ALL_COLOURS, "Cherry Red"),
        },
        alternative={
            "upper": ("Midnight Navy", None),
            "sole": ("Snow White", None),
            "laces": ("Sunflower", None),
            "logo": ("Tangerine", None),
        },
        sku="SNK-CUS-RUN",
        title="Custom Runner Sneaker",
        price="99.00",
        summary="Our everyday runner, customized by you: upper, sole, laces and side stripe.",
        description=[
            "Customize every part that shows: the upper, the foam sole, the laces and the "
            "side stripe, each in the colour you choose – gold laces included.",
            "Breathable recycled mesh and a cushioned, resoleable sole. Made to order in "
            "about two weeks. True to size.",
        ],
        categories=["footwear"],
        variants=_sizes(SHOE_SIZES),
        stock=[3, 6, 9, 9, 5, 2],
        sales=38,
        fa=Copy(
            "کتانی دویدن سفارشی",
            "کتانی دویدن روزمرهٔ ما، سفارشی‌شده به دست شما: رویه، زیره، بند و نوار کناری.",
            [
                "هر بخشی را که دیده می‌شود سفارشی کنید: رویه، زیرهٔ فومی، بندها و نوار کناری، "
                "هرکدام به رنگی که می‌خواهید؛ حتی بند طلایی.",
                "رویهٔ توری بازیافتی و تنفس‌پذیر و زیرهٔ نرمی که می‌شود عوضش کرد. حدود دو هفته پس "
                "از سفارش ساخته می‌شود. سایزبندی استاندارد.",
            ],
            template="کتانی سفارشی",
        ),
    ),
    CustomDemo(
        art="mug",
        template="Custom Mug",
        zones={
            "body": ZoneSpec(ALL_COLOURS, "Snow White", patterns=True),
            "handle": ZoneSpec(ALL_COLOURS, "Teal"),
            "rim": ZoneSpec(ALL_COLOURS, "Teal"),
        },
        alternative={
            "body": ("Sunflower", "dots"),
            "handle": ("Charcoal", None),
            "rim": ("Charcoal", None),
        },
        text=TextSpec("Name", 8, LETTERS_AND_DIGITS, "center", "#36393f", "3.00", "Sam"),
        sku="MUG-CUS-NAM",
        title="Personalised Mug",
        price="19.00",
        summary="A stoneware mug customized with your colours, a pattern and a name.",
        description=[
            "Customize the glaze outside and in, the handle, and add dots, stripes or checks "
            "and a name of up to twelve letters. A present that never ends up in a drawer.",
            "Glazed and fired to order in our partner pottery. Microwave and dishwasher safe.",
        ],
        categories=["home-kitchen"],
        variant_label="Capacity",
        variants=[("300 ml", None), ("450 ml", "22.00")],
        stock=[20, 12],
        sales=126,
        fa=Copy(
            "ماگ با نام شما",
            "ماگ سفال سنگی، سفارشی با رنگ‌ها، طرح و نامی که خودتان انتخاب می‌کنید.",
            [
                "لعاب بیرون و درون و دسته را سفارشی کنید، خال‌خالی، راه‌راه یا چهارخانه اضافه "
                "کنید و نامی تا هشت حرف (لاتین) رویش بنویسید. هدیه‌ای که هیچ‌وقت ته کشو نمی‌ماند.",
                "در کارگاه سفالگری همکارمان به سفارش شما لعاب داده و پخته می‌شود. قابل استفاده در "
                "مایکروویو و ماشین ظرف‌شویی.",
            ],
            template="ماگ سفارشی",
            text_label="نام",
        ),
    ),
    CustomDemo(
        art="cap",
        template="Custom Cap",
        zones={
            "crown": ZoneSpec(ALL_COLOURS, "Forest Green", patterns=True),
            "brim": ZoneSpec(ALL_COLOURS, "Sand"),
            "button": ZoneSpec(ALL_COLOURS, "Sand"),
        },
        alternative={
            "crown": ("Sky Blue", "checks"),
            "brim": ("Snow White", None),
            "button": ("Snow White", None),
        },
        sku="CAP-CUS-SIX",
        title="Custom Cap",
        price="32.00",
        summary="A six-panel cap you customize: crown, brim and button in your colours.",
        description=[
            "Customize our structured six-panel cap: a colour or a pattern for the crown, "
            "another for the brim and one for the button on top.",
            "Cotton twill with a pre-curved brim and a brass-buckle strap. One size fits most "
            "(55–60 cm).",
        ],
        categories=["accessories"],
        variants=[("One size", None)],
        stock=[18],
        sales=44,
        fa=Copy(
            "کلاه کپ سفارشی",
            "کلاه کپ شش‌ترکی که خودتان سفارشی‌اش می‌کنید: تاج، لبه و دکمه به رنگ‌های شما.",
            [
                "کلاه کپ شش‌ترک فرم‌دار ما را سفارشی کنید: یک رنگ یا طرح برای تاج، رنگی دیگر برای "
                "لبه و یکی هم برای دکمهٔ بالای آن.",
                "پارچهٔ جناغی پنبه‌ای با لبهٔ از پیش خم‌شده و بند با سگک برنجی. یک سایز که به "
                "بیشتر سرها می‌خورد (۵۵ تا ۶۰ سانتی‌متر).",
            ],
            template="کلاه سفارشی",
        ),
    ),
    CustomDemo(
        art="tote",
        template="Custom Tote",
        zones={
            "bag": ZoneSpec(ALL_COLOURS, "Sand", patterns=True),
            "handles": ZoneSpec(TRIMS, "Midnight Navy"),
        },
        alternative={"bag": ("Blush Pink", None), "handles": ("Cherry Red", None)},
        text=TextSpec("Name", 12, LETTERS_AND_DIGITS, "bottom", "#1f2a44", "3.00", "Weekend"),
        sku="TOTE-CUS-NAM",
        title="Custom Tote",
        price="22.00",
        summary="Heavy canvas, customized with your colours, a pattern and a name.",
        description=[
            "Customize the bag and its handles, pick a pattern if you like, and print a name "
            "or a word of up to twelve letters on the front.",
            "12 oz cotton canvas with box-stitched straps that carry a full grocery run.",
        ],
        categories=["accessories"],
        variants=[("Standard", None), ("Large", "28.00")],
        stock=[30, 12],
        sales=90,
        fa=Copy(
            "کیف دستی سفارشی",
            "کرباس ضخیم، سفارشی با رنگ‌ها، طرح و نامی که خودتان انتخاب می‌کنید.",
            [
                "کیف و دسته‌هایش را سفارشی کنید، اگر دوست دارید طرحی هم انتخاب کنید و نام یا "
                "کلمه‌ای تا دوازده حرف (لاتین) روی آن چاپ کنید.",
                "کرباس پنبه‌ای ۱۲ اونسی با بندهای ضربدری‌دوز که یک خرید کامل از بازار را تحمل "
                "می‌کنند.",
            ],
            template="کیف دستی سفارشی",
            text_label="نام",
        ),
    ),
]


@dataclass
class Customizer:
    """What ``Command._customizer`` found or made, by name (swatches, templates) or key."""

    swatches: dict[str, Swatch]
    patterns: dict[str, Pattern]
    templates: dict[str, CustomizationTemplate]
    new: list  # the patterns and templates made on this run


CUSTOM_CAPTIONS = {ENGLISH: ["", "another design"], PERSIAN: ["", "طرحی دیگر"]}


def pattern_tile(key: str) -> PILImage.Image:
    """A greyscale repeating tile: white takes the zone's colour, black is the white ground."""
    scale = 4  # drawn larger and scaled down, for smooth dots
    side = TILE_SIZE * scale
    tile = PILImage.new("L", (side, side), 255)
    draw = ImageDraw.Draw(tile)
    half = side // 2
    if key == "stripes":  # bands of colour and white
        draw.rectangle((0, half, side, side), fill=0)
    elif key == "dots":  # white polka dots on the colour, in a staggered grid
        radius = 7 * scale
        for cx, cy in ((half // 2, half // 2), (half + half // 2, half + half // 2)):
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=0)
    elif key == "checks":  # gingham: full colour where bands cross, half where one runs
        tile.paste(0, (half, half, side, side))
        tile.paste(128, (half, 0, side, half))
        tile.paste(128, (0, half, half, side))
    else:
        raise ValueError(f"No tile for pattern {key!r}")
    return tile.resize((TILE_SIZE, TILE_SIZE), PILImage.Resampling.LANCZOS)


def _png(picture: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", compress_level=4)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Create a demo shop: pages, categories, products with artwork, stock, shipping, users."
    language = ENGLISH

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=ENGLISH,
            help=(
                "Language of the demo shop (default: en). fa builds it in Persian, priced in "
                "Iranian rials: it needs STOREFRONT_CURRENCY=IRR and "
                "STOREFRONT_CURRENCY_DECIMALS=0, as ./scripts/demo --language fa sets."
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Threads drawing product artwork (default: the number of CPUs, up to 4).",
        )

    def handle(self, *args, **options):
        self.language = options["language"]
        # Before anything is written: the currency settings, and no shop in another language.
        demo_language_check(self.language)
        for other, shop in SHOPS.items():
            if other != self.language and Site.objects.filter(site_name=shop.name).exists():
                script = "./scripts/demo" + (
                    f" --language {self.language}" if self.language != ENGLISH else ""
                )
                raise CommandError(
                    f"This database holds the demo shop in {other!r}; build the one in "
                    f"{self.language!r} on a database of its own (DATABASE_URL), as `{script}` "
                    f"does."
                )
        # Whatever the services write in words (order events, ...) is in the shop's language.
        with translation.override(self.language):
            self._build(options)

    def _build(self, options):
        started = time.monotonic()
        missing = [d for d in PRODUCTS if not ProductPage.objects.filter(sku=d.sku).exists()]
        templates_missing = any(
            not CustomizationTemplate.objects.filter(
                name=custom.copy(self.language).template
            ).exists()
            for custom in CUSTOM_PRODUCTS
        )
        artwork, arts = self._draw(missing, templates_missing, options["workers"])
        drawn = time.monotonic()

        with transaction.atomic():
            site, _home, catalogue = self._pages()
            categories = self._categories()
            # The reference index (what uses which image) is brought up to date once per
            # product and template below, rather than on each of the many saves that build
            # them.
            with disable_reference_index_auto_update():
                created = self._products(catalogue, categories, missing, artwork)
                customizer = self._customizer(arts)
                customizable = self._custom_products(catalogue, categories, customizer)
            for item in [*created, *customizer.new, *customizable]:
                if ReferenceIndex.is_indexed(type(item)):
                    ReferenceIndex.create_or_update_for_object(item)
            self._shipping()
            self._settings(site)
            users = self._users()

        built = time.monotonic()
        reviews = demo_reviews_create(
            colours={demo.sku: (demo.colour, demo.accent) for demo in PRODUCTS},
            language=self.language,
        )
        reviewed = time.monotonic()
        history = demo_related_create(language=self.language)
        shopped = time.monotonic()
        insights = demo_insights_create(language=self.language)

        self._summary(
            site,
            catalogue,
            created + customizable,
            users,
            drawn - started,
            started,
            reviews=(reviews, reviewed - built),
            history=(history, shopped - reviewed),
            insights=(insights, time.monotonic() - shopped),
        )

    # --- artwork ---------------------------------------------------------------------------

    def _draw(
        self, products: list[Demo], templates: bool, workers: int | None
    ) -> tuple[dict[tuple[str, int], bytes], dict[str, customizer_art.ProductArt]]:
        """The pictures of ``products`` by (SKU, view), and with ``templates`` the
        customizer's demo art by its key."""
        if not products and not templates:
            return {}, {}
        workers = max(1, workers or min(4, os.cpu_count() or 1))
        count = sum(demo.images for demo in products)
        drawing = [f"{count} product pictures"] if products else []
        if templates:
            drawing.append(f"{len(customizer_art.ALL_PRODUCTS)} customizer templates")
        self.stdout.write(f"Drawing {' and '.join(drawing)}…")
        # Pillow releases the GIL while it draws, resizes and encodes, so threads do run in
        # parallel.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            art_jobs = (
                [pool.submit(draw) for draw in customizer_art.ALL_PRODUCTS] if templates else []
            )
            rendered = list(pool.map(_render, products))
            arts = [job.result() for job in art_jobs]
        artwork = {
            (demo.sku, view): png
            for demo, pngs in zip(products, rendered, strict=True)
            for view, png in enumerate(pngs)
        }
        return artwork, {art.key: art for art in arts}

    def _store_image(
        self, title: str, filename: str, png: bytes, size: tuple[int, int], description: str = ""
    ):
        """A Wagtail image of ``png``. Stored first and passed by name with its size, so
        neither Django nor Wagtail decodes the picture again just to learn how big it is."""
        image_model = get_image_model()
        file_field = image_model._meta.get_field("file")
        name = file_field.generate_filename(image_model(), filename)
        name = file_field.storage.save(name, ContentFile(png))
        image = image_model(
            title=title,
            file=name,
            width=size[0],
            height=size[1],
            file_size=len(png),
            file_hash=hashlib.sha1(png, usedforsecurity=False).hexdigest(),
        )
        if description and any(f.name == "description" for f in image_model._meta.get_fields()):
            image.description = description
        image.save()
        return image

    def _store_picture(
        self, title: str, filename: str, picture: PILImage.Image, description: str = ""
    ):
        return self._store_image(title, filename, _png(picture), picture.size, description)

    # --- pages -----------------------------------------------------------------------------

    def _pages(self) -> tuple[Site, ShopHomePage, ProductIndexPage]:
        shop = SHOPS[self.language]
        root = Page.get_first_root_node()
        home = ShopHomePage.objects.first()
        if home is None:
            # The "Welcome to Wagtail" page the migrations create has the slug we want:
            # rename it out of the way, and delete it once the site points at the new home.
            base_type = ContentType.objects.get_for_model(Page)
            welcome = Page.objects.filter(
                depth=2, content_type=base_type, numchild=0, slug="home"
            ).first()
            if welcome is not None:
                Page.objects.filter(pk=welcome.pk).update(slug="welcome-to-wagtail")
            slug_taken = root.get_children().filter(slug="home").exists()
            home = ShopHomePage(
                title=shop.name,
                slug="storefront-demo" if slug_taken else "home",
                hero_title=shop.tagline,
                hero_text=shop.hero_text,
                featured_count=8,
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        else:
            welcome = None

        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            site = Site(is_default_site=True)
        site.hostname = "localhost"
        site.port = 80
        site.site_name = shop.name
        site.root_page = home
        site.is_default_site = True
        site.save()
        if welcome is not None:
            # Any other site still on the welcome page moves to the shop too.
            Site.objects.filter(root_page=welcome).update(root_page=home)
            welcome.delete()

        slug = page_slug(shop.catalogue_title, self.language)
        catalogue = ProductIndexPage.objects.child_of(home).filter(slug=slug).first()
        if catalogue is None:
            free_over = next(method[3] for method in SHIPPING_METHODS if method[3])
            catalogue = ProductIndexPage(
                title=shop.catalogue_title,
                slug=slug,
                intro=shop.catalogue_intro.format(
                    free_over=demo_money_text(free_over, self.language)
                ),
            )
            home.add_child(instance=catalogue)
            catalogue.save_revision().publish()
        return site, home, catalogue

    # --- catalogue -------------------------------------------------------------------------

    def _categories(self) -> dict[str, Category]:
        categories = {}
        language = self.language
        for order, (slug, name, description, name_fa, description_fa) in enumerate(CATEGORIES):
            category, _created = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": in_language(language, name, name_fa),
                    "description": in_language(language, description, description_fa),
                    "sort_order": order * 10,
                },
            )
            categories[slug] = category
        return categories

    def _products(
        self,
        catalogue: ProductIndexPage,
        categories: dict[str, Category],
        products: list[Demo],
        artwork: dict[tuple[str, int], bytes],
    ) -> list[ProductPage]:
        now = timezone.now()
        created = []
        wanted = {demo.sku for demo in products}
        for index, demo in enumerate(PRODUCTS):
            if demo.sku not in wanted:
                continue
            copy = demo.copy(self.language)
            gallery = []
            for view in range(demo.images):
                caption = " – ".join(filter(None, [copy.title, VIEW_CAPTIONS[self.language][view]]))
                image = self._store_image(
                    caption,
                    f"{slugify(demo.title)}-{view + 1}.png",  # English: an ASCII file name
                    artwork[(demo.sku, view)],
                    (demo_art.SIZE, demo_art.SIZE),
                    description=f"{copy.title}: {copy.summary}",
                )
                gallery.append(ProductImage(image=image, caption=caption if view else ""))
            # Spread the launch dates over the last months (later in the list = newer).
            launched = now - timedelta(days=(len(PRODUCTS) - index) * 4, hours=index)
            created.append(self._add_product(catalogue, categories, demo, gallery, launched))
        return created

    def _add_product(
        self,
        catalogue: ProductIndexPage,
        categories: dict[str, Category],
        demo: Demo | CustomDemo,
        gallery: list[ProductImage],
        launched,
        template: CustomizationTemplate | None = None,
    ) -> ProductPage:
        language = self.language
        copy = demo.copy(language)
        slug = base_slug = page_slug(copy.title, language)
        taken = set(catalogue.get_children().values_list("slug", flat=True))
        suffix = 1
        while slug in taken:
            suffix += 1
            slug = f"{base_slug}-{suffix}"
        page = ProductPage(
            title=copy.title,
            slug=slug,
            sku=demo.sku,
            price=demo_money(demo.price, language),
            compare_at_price=demo_money(demo.compare_at, language) if demo.compare_at else None,
            summary=copy.summary,
            description="".join(f"<p>{paragraph}</p>" for paragraph in copy.description),
            variant_label=in_language(
                language, demo.variant_label, VARIANT_LABELS_FA.get(demo.variant_label, "")
            ),
            customization_template=template,
        )
        page.categories.set([categories[slug] for slug in demo.categories])
        page.gallery_images = gallery
        page.variants = [
            ProductVariant(
                name=in_language(language, name, OPTIONS_FA.get(name, "")),
                sku=variant_sku(demo.sku, name),
                price_override=demo_money(override, language) if override else None,
            )
            for name, override in demo.variants
        ]
        catalogue.add_child(instance=page)
        page.save_revision().publish()  # the publish signal gives each variant stock 0

        for variant, quantity in zip(
            page.variants.order_by("sort_order", "pk"), demo.stock, strict=True
        ):
            stock_set(variant=variant, quantity=quantity)
        # "Popular" and "newest" each get an order of their own.
        ProductPage.objects.filter(pk=page.pk).update(
            sales_count=demo.sales, first_published_at=launched
        )
        return page

    # --- customizer ------------------------------------------------------------------------

    def _customizer(self, arts: dict[str, customizer_art.ProductArt]) -> Customizer:
        """Swatches, palettes, patterns and one template per customizable product, each
        made only when none of its name (or key) exists. They are found by their English
        names (keys) below, whatever the language of the shop."""
        language = self.language
        swatches = {}
        for order, (name, hex_colour, persian, delta) in enumerate(SWATCHES):
            own_name = in_language(language, name, persian)
            swatch = Swatch.objects.filter(name=own_name).order_by("pk").first()
            if swatch is None:
                swatch = Swatch(
                    name=own_name,
                    hex=hex_colour,
                    price_delta=demo_money(delta, language),
                    sort_order=order * 10,
                )
                other_language, other_name = (
                    (PERSIAN, persian) if language == ENGLISH else (ENGLISH, name)
                )
                swatch.translations = [SwatchTranslation(language=other_language, name=other_name)]
                swatch.save()
            swatches[name] = swatch

        palettes = {}
        for name, members in PALETTES.items():
            own_name = in_language(language, name, PALETTE_NAMES_FA[name])
            palette = Palette.objects.filter(name=own_name).order_by("pk").first()
            if palette is None:
                palette = Palette(name=own_name)
                # A parental many-to-many is kept in memory until the palette is saved.
                palette.swatches.set([swatches[member] for member in members or swatches])
                palette.save()
            palettes[name] = palette

        new: list = []
        patterns = {}
        for key, name, delta, persian in PATTERNS:
            pattern = Pattern.objects.filter(key=key).first()
            if pattern is None:
                own_name = in_language(language, name, persian)
                tile = self._store_picture(
                    f"{in_language(language, 'Pattern tile', 'کاشی طرح')} – {own_name}",
                    f"pattern-{key}.png",
                    pattern_tile(key),
                )
                pattern = Pattern.objects.create(
                    name=own_name, key=key, tile=tile, price_delta=demo_money(delta, language)
                )
                new.append(pattern)
            patterns[key] = pattern

        templates = {}
        for custom in CUSTOM_PRODUCTS:
            name = custom.copy(language).template
            template = CustomizationTemplate.objects.filter(name=name).order_by("pk").first()
            if template is None:
                art = arts.get(custom.art)
                if art is None:
                    self.stdout.write(
                        self.style.WARNING(
                            f"No customizer artwork “{custom.art}”: {custom.title} is left out."
                        )
                    )
                    continue
                template = self._template(custom, art, swatches, palettes, patterns)
                new.append(template)
            templates[custom.template] = template
        return Customizer(swatches, patterns, templates, new)

    def _template(
        self,
        custom: CustomDemo,
        art: customizer_art.ProductArt,
        swatches: dict[str, Swatch],
        palettes: dict[str, Palette],
        patterns: dict[str, Pattern],
    ) -> CustomizationTemplate:
        language = self.language
        copy = custom.copy(language)
        slug = slugify(custom.template)  # English: ASCII file names
        base, mask_title = (
            in_language(language, "base", "پایه"),
            in_language(language, "{label} mask", "ماسک {label}"),
        )
        template = CustomizationTemplate(
            name=copy.template,
            base_image=self._store_picture(
                f"{copy.template} – {base}", f"{slug}-base.png", art.base
            ),
        )
        if custom.text is not None:
            template.text_enabled = True
            template.text_label = copy.text_label
            template.text_max_length = custom.text.max_length
            template.text_allowed = custom.text.allowed
            template.text_position = custom.text.position
            template.text_colour = custom.text.colour
            template.text_price_delta = demo_money(custom.text.price_delta, language)
        template.save()
        for order, (key, mask) in enumerate(art.masks.items()):
            spec = custom.zones.get(key) or ZoneSpec(ALL_COLOURS, SWATCHES[0][0])
            label = art.zone_labels.get(key) or key.replace("_", " ").capitalize()
            label = in_language(language, label, ZONE_LABELS_FA.get((custom.art, key), ""))
            palette = palettes[spec.palette]
            offered = list(palette.swatches.all())
            default = swatches[spec.default]
            if default not in offered:  # a palette someone has changed since
                default = offered[0]
            zone = Zone(
                template=template,
                key=key,
                label=label,
                mask=self._store_picture(
                    f"{copy.template} – {mask_title.format(label=label)}",
                    f"{slug}-{key}-mask.png",
                    mask,
                ),
                palette=palette,
                default_swatch=default,
                sort_order=order,
            )
            if spec.patterns:
                zone.patterns.set(list(patterns.values()))  # written when the zone is saved
            zone.save()
        return template

    def _custom_products(
        self,
        catalogue: ProductIndexPage,
        categories: dict[str, Category],
        customizer: Customizer,
    ) -> list[ProductPage]:
        now = timezone.now()
        created = []
        for index, custom in enumerate(CUSTOM_PRODUCTS):
            template = customizer.templates.get(custom.template)
            if template is None or ProductPage.objects.filter(sku=custom.sku).exists():
                continue
            copy = custom.copy(self.language)
            captions = CUSTOM_CAPTIONS[self.language]
            gallery = []
            for view, picture in enumerate(self._designs(custom, template, customizer)):
                caption = " – ".join(filter(None, [copy.title, captions[view]]))
                image = self._store_picture(
                    caption,
                    f"{slugify(custom.title)}-{view + 1}.png",  # English: an ASCII file name
                    picture,
                    description=f"{copy.title}: {copy.summary}",
                )
                gallery.append(ProductImage(image=image, caption=caption if view else ""))
            # The newest products in the shop, a day apart.
            launched = now - timedelta(days=len(CUSTOM_PRODUCTS) - index)
            created.append(
                self._add_product(catalogue, categories, custom, gallery, launched, template)
            )
        return created

    def _designs(
        self, custom: CustomDemo, template: CustomizationTemplate, customizer: Customizer
    ) -> list[PILImage.Image]:
        """The template's default design and an alternative, rendered by the customizer's
        own renderer."""
        template = template_with_zones(template_id=template.pk)
        designs = [design_resolve(template=template, choices={})]
        zones = {zone.key for zone in template.zones.all()}
        choices = {}
        for key, (swatch, pattern) in custom.alternative.items():
            if key in zones and swatch in customizer.swatches:
                choices[key] = {
                    "swatch": customizer.swatches[swatch].pk,
                    "pattern": customizer.patterns[pattern].pk if pattern else None,
                }
        text = custom.text.sample if custom.text and template.text_enabled else ""
        try:
            designs.append(design_resolve(template=template, choices=choices, text=text))
        except DesignError as error:  # a template someone has changed since
            self.stdout.write(
                self.style.WARNING(f"{custom.title}: no alternative design ({error}).")
            )
        return [design_render(design) for design in designs]

    # --- shop ------------------------------------------------------------------------------

    def _shipping(self) -> None:
        language = self.language
        for name, description, price, free_over, order, name_fa, description_fa in SHIPPING_METHODS:
            ShippingMethod.objects.get_or_create(
                name=in_language(language, name, name_fa),
                defaults={
                    "description": in_language(language, description, description_fa),
                    "price": demo_money(price, language),
                    "free_over": demo_money(free_over, language) if free_over else None,
                    "active": True,
                    "sort_order": order,
                },
            )

    def _settings(self, site: Site) -> None:
        copy = SHOPS[self.language]
        shop = ShopSettings.for_site(site)
        shop.name = copy.name
        shop.tagline = copy.tagline
        shop.contact_email = "hello@storefront.example"
        shop.address = copy.address
        shop.currency_symbol = copy.currency_symbol
        shop.symbol_after_amount = copy.symbol_after_amount
        default_details = ShopSettings._meta.get_field("bank_transfer_details").default
        if copy.bank_transfer_details and shop.bank_transfer_details == default_details:
            shop.bank_transfer_details = copy.bank_transfer_details
        shop.save()
        self._loyalty_program(site)
        if self.language == PERSIAN:
            self._returns_in_persian(site)

    def _returns_in_persian(self, site: Site) -> None:
        """The return reasons (made in English by the returns app's migrations) and the
        return slip's instructions in Persian, where an editor has not reworded them."""
        for reason in ReturnReason.objects.filter(code__in=RETURN_REASONS_FA):
            if not any(ord(char) in ARABIC_SCRIPT for char in reason.label):
                reason.label = RETURN_REASONS_FA[reason.code]
                reason.save(update_fields=["label"])
        policy = ReturnPolicy.for_site(site)
        if policy.instructions == ReturnPolicy._meta.get_field("instructions").default:
            policy.instructions = RETURN_INSTRUCTIONS_FA
            policy.save()

    def _loyalty_program(self, site: Site) -> None:
        """A program shoppers know: 1 point per dollar's worth (1.00, or 1,000,000 rials),
        100 points = 5.00 (5,000,000 rials), three tiers by spend this year, and bonuses (set
        once; an editor's later changes are kept). Every amount goes through ``demo_money``,
        so the Persian shop keeps the same points, worth the same share of a purchase."""
        language = self.language
        program = LoyaltySettings.for_site(site)
        if LoyaltyTier.objects.filter(program=program).exists():
            return
        program.points_per_unit = Decimal(1) / demo_money("1", language)
        program.redeem_step_points = 100
        program.redeem_step_value = demo_money("5.00", language)
        program.redeem_max_share = 50
        program.pending_days = 14
        program.signup_bonus = 250
        program.review_bonus = 50
        program.photo_review_bonus = 25
        program.referrer_bonus = 500
        program.referred_bonus = 250
        program.birthday_bonus = 200
        program.expiry_mode = "after_inactivity"
        program.expiry_months = 24
        program.save()
        for order, (name, threshold, multiplier, name_fa) in enumerate(TIERS):
            LoyaltyTier.objects.create(
                program=program,
                name=in_language(language, name, name_fa),
                threshold=demo_money(threshold, language),
                multiplier=Decimal(multiplier),
                sort_order=order,
            )

    def _users(self) -> dict[str, bool]:
        user_model = get_user_model()
        created = {}
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.com", "admin")
            created["admin"] = True
        if not user_model.objects.filter(username="customer").exists():
            first_name, last_name = SHOPS[self.language].customer_name
            user_model.objects.create_user(
                "customer",
                "customer@example.com",
                "customer",
                first_name=first_name,
                last_name=last_name,
            )
            created["customer"] = True
        return created

    # --- report ----------------------------------------------------------------------------

    def _summary(
        self,
        site,
        catalogue,
        created,
        users,
        drawing_seconds,
        started,
        reviews=(0, 0.0),
        history=(0, 0.0),
        insights=(None, 0.0),
    ) -> None:
        products = ProductPage.objects.live().descendant_of(catalogue)
        variants = ProductVariant.objects.filter(product__in=products)
        out_of_stock = variants.filter(stock_record__quantity=0).count()
        customizable = list(
            products.filter(customization_template__isnull=False)
            .order_by("path")
            .values_list("title", flat=True)
        )
        style = self.style
        if created:
            count = len(created)
            made_customizable = sum(page.customization_template_id is not None for page in created)
            customizable_note = f"{made_customizable} customizable; " if made_customizable else ""
            self.stdout.write(
                style.SUCCESS(
                    f"Created {count} product{'s' if count != 1 else ''} ({customizable_note}"
                    f"artwork drawn in {drawing_seconds:.1f} s)."
                )
            )
        written, writing_seconds = reviews
        if written:
            self.stdout.write(
                style.SUCCESS(
                    f"Wrote {written} review{'s' if written != 1 else ''}, with the orders "
                    f"behind them, in {writing_seconds:.1f} s."
                )
            )
        placed, placing_seconds = history
        if placed:
            self.stdout.write(
                style.SUCCESS(
                    f"Placed {placed} orders of shopping history for related products in "
                    f"{placing_seconds:.1f} s."
                )
            )
        added, adding_seconds = insights
        if added:
            self.stdout.write(
                style.SUCCESS(
                    f"Added a history for the insight reports ({added.events} preference "
                    f"events, {added.returns} return requests, {added.clicks} suggestion "
                    f"clicks) in {adding_seconds:.1f} s."
                )
            )
        if not created and not written and not placed and not added:
            self.stdout.write("The demo shop exists already; nothing new to create.")
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
        lines = [
            f"Site:            {site.site_name} (root page “{site.root_page.title}”)",
            f"Products:        {products.count()} live, in {Category.objects.count()} categories",
            f"Variants:        {variants.count()} ({out_of_stock} out of stock)",
            f"Customizable:    {len(customizable)} ({', '.join(customizable) or 'none'})",
            (
                f"Customizer:      {Swatch.objects.count()} swatches, "
                f"{Palette.objects.count()} palettes, {Pattern.objects.count()} patterns, "
                f"{CustomizationTemplate.objects.count()} templates"
            ),
            f"Shipping:        {ShippingMethod.objects.filter(active=True).count()} methods",
            self._reviews_line(),
            self._related_line(),
            self._insights_line(),
            f"Admin:           {admin_url}  (admin / admin)",
            "Customer login:  customer / customer",
            f"Took {time.monotonic() - started:.1f} s.",
        ]
        if users:
            lines.insert(-1, f"New users:       {', '.join(sorted(users))}")
        for line in lines:
            self.stdout.write(line)

    def _related_line(self) -> str:
        state = RelatedState.objects.filter(pk=1).first()
        picks = ProductRelatedPick.objects.count()
        computed = RelatedScore.objects.count()
        orders = state.orders_counted if state else 0
        return (
            f"Related:         {picks} editor picks, {computed} computed suggestions "
            f"from {orders} orders"
        )

    def _insights_line(self) -> str:
        events = dict(
            PreferenceEvent.objects.values_list("kind").annotate(n=Count("pk")).order_by()
        )
        funnel = " → ".join(f"{events.get(kind, 0)} {kind}" for kind in PreferenceKind.values)
        clicks = SuggestionClick.objects.count()
        followed = SuggestionClick.objects.filter(order__isnull=False).count()
        return (
            f"Insights:        preference events {funnel}; "
            f"{ReturnRequest.objects.count()} return requests; "
            f"{clicks} suggestion clicks ({followed} followed by an order)"
        )

    def _reviews_line(self) -> str:
        reviews = ProductReview.objects.filter(is_shop_reply=False)
        counts = {status: reviews.filter(q).count() for status, q in STATUS_FILTERS.items()}
        return (
            f"Reviews:         {counts[ReviewStatus.APPROVED]} published, "
            f"{counts[ReviewStatus.PENDING]} awaiting moderation, "
            f"{counts[ReviewStatus.REJECTED]} rejected"
        )
