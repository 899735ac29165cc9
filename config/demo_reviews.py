"""Demo reviews: shoppers who bought the demo products, received them and reviewed them.

Everything goes through the shop's own services, so the data is what a running shop would
have: orders placed with ``order_place`` and moved to delivered with ``order_transition``,
reviews written with ``review_submit`` (verified from those orders, or held for moderation
when nobody bought the product), then moderated, answered and voted on by the review
services. Dates are spread over the last three months afterwards.

Twelve demo customers (``demo-customer-1`` …, who cannot log in) and a few guests who
reviewed through their review-request link write the reviews; the demo user ``customer``
gets one delivered order with one product left to review.

In the Persian demo (``language="fa"``) the same customers have Persian names and live in
Iranian cities (``CUSTOMERS_FA``...), and each review is its ``title_fa`` and ``text_fa``.

Idempotent: a review that exists already (matched by product and reviewer) is skipped, and
so is the order that would have made it verified.
"""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from config.demo_locale import ENGLISH, PERSIAN, in_language, variant_sku
from storefront.core.uploads import CleanImage, image_upload_clean
from storefront.customizer.services import DesignError, design_create
from storefront.orders.models import Cart, Order, OrderEvent, OrderStatus, ShippingMethod
from storefront.orders.selectors import cart_summary, checkout_quote
from storefront.orders.services import (
    CheckoutDetails,
    cart_add,
    checkout_token_issue,
    order_place,
    order_transition,
)
from storefront.products.models import ProductPage, ProductVariant, StockRecord
from storefront.products.services import stock_set
from storefront.reviews.models import ProductReview, ReviewStatus
from storefront.reviews.services import (
    can_moderate,
    review_moderate,
    review_reply,
    review_submit,
    review_summary_rebuild,
    review_vote,
    reviewer_key,
    verified_order,
)

PENDING, APPROVED, REJECTED = ReviewStatus.PENDING, ReviewStatus.APPROVED, ReviewStatus.REJECTED
ITEMS_PER_ORDER = 3
CUSTOMER = "customer"  # the demo user a tester logs in as


@dataclass(frozen=True)
class Shopper:
    first_name: str
    last_name: str
    address: str
    postal_code: str
    city: str
    country: str
    latin: str = ""  # "first.last" in Latin letters, for the e-mail of a Persian name

    @property
    def handle(self) -> str:
        """The name in the shopper's e-mail address."""
        return self.latin or f"{self.first_name}.{self.last_name.replace(' ', '')}".lower()

    @property
    def first_handle(self) -> str:
        """The first name in Latin letters, for the demo's other e-mail addresses."""
        return self.handle.split(".")[0]

    @property
    def email(self) -> str:
        return f"{self.handle}@example.com"

    @property
    def review_name(self) -> str:
        return f"{self.first_name} {self.last_name.split()[-1][0]}."


# "c<n>" is the demo customer with the username "demo-customer-<n>".
CUSTOMERS: dict[str, Shopper] = {
    "c1": Shopper("Maya", "Robinson", "14 Islingword Road", "BN2 9SB", "Brighton", "GB"),
    "c2": Shopper("Tom", "Fletcher", "7 Burton Road", "M20 2RN", "Manchester", "GB"),
    "c3": Shopper("Priya", "Shah", "33 Queens Road", "LE2 1WP", "Leicester", "GB"),
    "c4": Shopper("Daniel", "Okafor", "Flat 2, 61 Mare Street", "E8 4RG", "London", "GB"),
    "c5": Shopper("Sofia", "Marino", "22 Cotham Hill", "BS6 6LA", "Bristol", "GB"),
    "c6": Shopper("Liam", "Byrne", "18 Thomas Street", "D08 T6X4", "Dublin", "IE"),
    "c7": Shopper("Hannah", "Weber", "Simon-Dach-Straße 12", "10245", "Berlin", "DE"),
    "c8": Shopper("Grace", "Ellison", "4 Bernard Street", "EH6 6PW", "Edinburgh", "GB"),
    "c9": Shopper("Oliver", "Hughes", "39 Richmond Road", "CF24 3AS", "Cardiff", "GB"),
    "c10": Shopper("Emma", "de Vries", "Biltstraat 101", "3572 AN", "Utrecht", "NL"),
    "c11": Shopper("Jack", "Turner", "12 Cardigan Road", "LS6 3AG", "Leeds", "GB"),
    "c12": Shopper("Chloe", "Martin", "5 Unthank Road", "NR2 2PA", "Norwich", "GB"),
}
# Guests: they checked out without an account and reviewed from the review-request e-mail.
GUESTS: dict[str, Shopper] = {
    "g1": Shopper("Amelia", "Clarke", "9 Park Crescent", "BN2 3HA", "Brighton", "GB"),
    "g2": Shopper("Ben", "Carter", "41 Gloucester Road", "BS7 8AD", "Bristol", "GB"),
    "g3": Shopper("Isla", "Morrison", "2 Great Western Road", "G4 9HH", "Glasgow", "GB"),
    "g4": Shopper("Noah", "Patel", "88 Belgrave Gate", "LE1 3GQ", "Leicester", "GB"),
    "g5": Shopper("Ruby", "Adams", "17 Mill Road", "CB1 2AD", "Cambridge", "GB"),
    "g6": Shopper("Leo", "Walsh", "6 Castle Street", "BT1 1GH", "Belfast", "GB"),
    "g7": Shopper("Freya", "Thompson", "23 Walcot Street", "BA1 5BN", "Bath", "GB"),
    "g8": Shopper("Arjun", "Mehta", "110 Stratford Road", "B11 1AN", "Birmingham", "GB"),
    "g9": Shopper("Zoe", "Bennett", "3 Cowley Road", "OX4 1HP", "Oxford", "GB"),
    "g10": Shopper("Harry", "Price", "58 Fore Street", "EX4 3HS", "Exeter", "GB"),
    "g11": Shopper("Lucy", "Green", "15 Bold Street", "L1 4DN", "Liverpool", "GB"),
    "g12": Shopper("Sam", "Kowalski", "27 Ecclesall Road", "S11 8HW", "Sheffield", "GB"),
    "g13": Shopper("Ella", "Brooks", "71 Heaton Road", "NE6 5HL", "Newcastle", "GB"),
}
CUSTOMER_ADDRESS = Shopper("Casey", "Morgan", "Flat 3, 27 Kings Road", "BN1 2FL", "Brighton", "GB")
# The same shoppers in the Persian shop, by the same codes.
S = Shopper
# fmt: off
CUSTOMERS_FA: dict[str, Shopper] = {
    "c1": S("مریم", "رضایی", "خیابان ولیعصر، کوچهٔ بهار، پلاک ۱۴", "1595913511", "تهران", "IR",
            "maryam.rezaei"),
    "c2": S("علی", "کریمی", "خیابان چهارباغ بالا، کوچهٔ ۷، پلاک ۳", "8173713111", "اصفهان", "IR",
            "ali.karimi"),
    "c3": S("نگار", "احمدی", "بلوار چمران، کوچهٔ ۳۳، پلاک ۸", "7194815544", "شیراز", "IR",
            "negar.ahmadi"),
    "c4": S("رضا", "حسینی", "خیابان شریعتی، کوچهٔ یاس، پلاک ۶۱، واحد ۲", "1944743611", "تهران", "IR",
            "reza.hosseini"),
    "c5": S("سارا", "محمدی", "خیابان ولیعصر، کوچهٔ لاله، پلاک ۲۲", "5156915813", "تبریز", "IR",
            "sara.mohammadi"),
    "c6": S("امیر", "جعفری", "بلوار سجاد، کوچهٔ ۱۸، پلاک ۴", "9187843511", "مشهد", "IR",
            "amir.jafari"),
    "c7": S("هانیه", "موسوی", "خیابان سعدی، کوچهٔ نسترن، پلاک ۱۲", "4173654711", "رشت", "IR",
            "hanieh.mousavi"),
    "c8": S("الهام", "صادقی", "عظیمیه، میدان مهران، کوچهٔ ۴، پلاک ۹", "3164843711", "کرج", "IR",
            "elham.sadeghi"),
    "c9": S("امید", "رحیمی", "بلوار جمهوری، کوچهٔ ۳۹، پلاک ۱۵", "8916713355", "یزد", "IR",
            "omid.rahimi"),
    "c10": S("مهسا", "نوری", "بلوار جهاد، کوچهٔ ۱۰۱، پلاک ۵", "7618813466", "کرمان", "IR",
             "mahsa.nouri"),
    "c11": S("پویا", "قاسمی", "خیابان فردوسی، کوچهٔ ۱۲، پلاک ۷", "3413645911", "قزوین", "IR",
             "pouya.ghasemi"),
    "c12": S("شیرین", "اکبری", "خیابان بوعلی، کوچهٔ ۵، پلاک ۲۰", "6516833911", "همدان", "IR",
             "shirin.akbari"),
}
GUESTS_FA: dict[str, Shopper] = {
    "g1": S("آزاده", "کاظمی", "خیابان پاسداران، کوچهٔ گلستان، پلاک ۹", "1666834511", "تهران", "IR",
            "azadeh.kazemi"),
    "g2": S("بهرام", "یزدانی", "خیابان مدرس، کوچهٔ ۴۱، پلاک ۲", "6714693811", "کرمانشاه", "IR",
            "bahram.yazdani"),
    "g3": S("ایلناز", "مرادی", "خیابان امام، کوچهٔ ۲، پلاک ۱۱", "5615743811", "اردبیل", "IR",
            "ilnaz.moradi"),
    "g4": S("نیما", "پارسا", "کیان‌پارس، خیابان ۸۸، پلاک ۶", "6155783311", "اهواز", "IR",
            "nima.parsa"),
    "g5": S("رویا", "عباسی", "خیابان فرهنگ، کوچهٔ ۱۷، پلاک ۳", "4816833711", "ساری", "IR",
            "roya.abbasi"),
    "g6": S("کیوان", "وحیدی", "بلوار امام، کوچهٔ ۶، پلاک ۱۹", "7915813611", "بندرعباس", "IR",
            "keyvan.vahidi"),
    "g7": S("فرشته", "طاهری", "خیابان امیرکبیر، کوچهٔ ۲۳، پلاک ۱", "8715934511", "کاشان", "IR",
            "fereshteh.taheri"),
    "g8": S("آرش", "مهدوی", "خیابان صفائیه، کوچهٔ ۱۱۰، پلاک ۴", "3715613911", "قم", "IR",
            "arash.mahdavi"),
    "g9": S("زهره", "بهرامی", "خیابان ولیعصر، عدالت ۳، پلاک ۸", "4916834711", "گرگان", "IR",
            "zohreh.bahrami"),
    "g10": S("حمید", "پورمحمد", "خیابان شهید بهشتی، کوچهٔ ۵۸، پلاک ۲", "5713673811", "ارومیه", "IR",
             "hamid.pourmohammad"),
    "g11": S("لادن", "گرامی", "خیابان سعدی، کوچهٔ ۱۵، پلاک ۱۰", "4513864711", "زنجان", "IR",
             "ladan.gerami"),
    "g12": S("سامان", "کوهی", "خیابان پاسداران، کوچهٔ ۲۷، پلاک ۵", "6617713511", "سنندج", "IR",
             "saman.kouhi"),
    "g13": S("الناز", "بروجردی", "خیابان قائم‌مقام، کوچهٔ ۷۱، پلاک ۳", "3813734511", "اراک", "IR",
             "elnaz.boroujerdi"),
}
CUSTOMER_ADDRESS_FA = S("کیمیا", "شریفی", "خیابان کریم‌خان، کوچهٔ ۲۷، پلاک ۳، واحد ۳",
                        "1584734511", "تهران", "IR", "kimia.sharifi")
# fmt: on

# What ``customer`` ordered: one product they reviewed, one left for a tester to review.
CUSTOMER_ORDER = [("PRT-BLU-HR", "A3"), ("MUG-SGE-STN", "300 ml")]
CUSTOMER_DELIVERED_DAYS_AGO = 5


def shoppers(language: str) -> tuple[dict[str, Shopper], dict[str, Shopper], Shopper]:
    """The demo's customers, guests and the address of ``customer``, in ``language``."""
    if language == PERSIAN:
        return CUSTOMERS_FA, GUESTS_FA, CUSTOMER_ADDRESS_FA
    return CUSTOMERS, GUESTS, CUSTOMER_ADDRESS


@dataclass(frozen=True)
class DemoReview:
    sku: str
    by: str  # "c<n>" (a demo customer), "g<n>" (a guest) or CUSTOMER
    rating: int
    days_ago: int
    title: str
    text: str
    variant: str = ""  # the variant bought; the product's first when empty
    bought: bool = True  # False: the reviewer never ordered it, so the review is held
    outcome: str = APPROVED  # what the moderators made of it (PENDING: not seen yet)
    reply: str = ""  # the shop's public answer
    photo: bool = False
    helpful: tuple[int, ...] = ()  # the demo customers (by number) who voted it helpful
    design_text: str = ""  # for a customizable product: the text on the design ordered
    # The review in the Persian shop (the design's text is Latin letters there too).
    title_fa: str = ""
    text_fa: str = ""
    reply_fa: str = ""
    design_text_fa: str = ""


R = DemoReview
TOTE = "TOTE-MKT-NAT"  # the best seller: enough reviews to page through

REVIEWS: list[DemoReview] = [
    # --- Canvas Market Tote ----------------------------------------------------------------
    R(TOTE, "c1", 5, 84, "Lives in my bike basket",
      "I bought the large one for the weekly market run and it has carried everything from "
      "pumpkins to six bottles of cider without complaint. The flat base means it stands up "
      "on its own while I pay. Three months in and the stitching looks new.",
      variant="Large", photo=True, helpful=(3, 5, 8, 11),
      title_fa="همیشه توی سبد دوچرخه‌ام است",
      text_fa="سایز بزرگش را برای خرید هفتگی از بازار روز گرفتم و تا حالا از کدو حلوایی تا شش "
      "بطری دوغ را بی‌دردسر کشیده. کفش صاف است و موقع حساب کردن خودش سرپا می‌ایستد. سه ماه گذشته "
      "و دوخت‌هایش هنوز مثل روز اول است."),
    R(TOTE, "c2", 5, 71, "Finally a tote that fits over a coat",
      "The handles are long enough to go over my shoulder with a thick winter coat on, which "
      "sounds like a small thing until you've owned a bag where they aren't. Sturdy canvas, "
      "and the print is crisp.",
      helpful=(1, 4),
      title_fa="بالاخره کیفی که روی پالتو هم جا می‌شود",
      text_fa="دسته‌ها آن‌قدر بلندند که با پالتوی زمستانی ضخیم هم روی شانه می‌روند؛ شاید چیز "
      "کوچکی به نظر بیاید، تا وقتی کیفی داشته باشید که این‌طور نیست. کرباس محکم و چاپ تمیز."),
    R(TOTE, "c3", 4, 65, "Great bag, print smaller than I expected",
      "Really solid canvas and nicely finished seams. The sun print is lovely but smaller "
      "than it looks in the photos and sits towards the bottom. Still use it every day.",
      helpful=(6,),
      title_fa="کیف عالی، چاپ کوچک‌تر از انتظارم",
      text_fa="کرباس واقعاً محکم و درزها تمیز دوخته شده‌اند. طرح خورشید قشنگ است ولی از عکس‌ها "
      "کوچک‌تر است و پایین‌تر نشسته. با این حال هر روز از آن استفاده می‌کنم."),
    R(TOTE, "c4", 5, 60, "Carries my laptop and lunch",
      "I use the standard size as a work bag: 14-inch laptop, lunch box, water bottle and a "
      "jumper all fit. The canvas is stiff at first and softens after a couple of weeks.",
      title_fa="لپ‌تاپ و ناهارم را با خودش می‌برد",
      text_fa="سایز معمولی را کیف کارم کرده‌ام: لپ‌تاپ ۱۴ اینچی، ظرف غذا، بطری آب و یک ژاکت، همه "
      "جا می‌شوند. کرباس اولش خشک است و بعد از دو سه هفته نرم می‌شود."),
    R(TOTE, "c5", 2, 55, "Print bled in the wash",
      "Love the shape and the handles, but I washed it at 40 with dark clothes and the navy "
      "print bled a little into the canvas around the sun. Now it looks faded at the edges. "
      "The care instructions could have been much clearer.",
      reply="Sorry about that, Sofia. The print is water-based and should be washed cold "
      "(30 °C at most) and inside out, and we should have said so much more clearly. We've "
      "sent you a replacement and every tote now comes with a care card.",
      helpful=(2, 7, 9),
      title_fa="چاپ در شست‌وشو پس داد",
      text_fa="شکل و دسته‌هایش را دوست دارم، ولی با لباس‌های تیره در ۴۰ درجه شستمش و چاپ سرمه‌ای "
      "کمی دور خورشید روی کرباس پخش شد. حالا لبه‌هایش رنگ‌پریده به نظر می‌رسد. راهنمای شست‌وشو "
      "می‌توانست خیلی واضح‌تر باشد.",
      reply_fa="سارای عزیز، واقعاً متأسفیم. چاپ پایه‌آب است و باید با آب سرد (حداکثر ۳۰ درجه) و "
      "پشت‌ورو شسته شود، و باید خیلی واضح‌تر این را می‌گفتیم. یک کیف نو برایتان فرستادیم و از "
      "این به بعد همراه هر کیف یک کارت راهنمای نگهداری هم هست."),
    R(TOTE, "c6", 5, 52, "Bought three",
      "Got one for myself and liked it so much that I ordered two more as presents. Nobody "
      "has given theirs back.",
      title_fa="سه تا خریدم",
      text_fa="یکی برای خودم گرفتم و آن‌قدر خوشم آمد که دو تای دیگر هم برای هدیه سفارش دادم. "
      "هیچ‌کس مال خودش را پس نداده."),
    R(TOTE, "c7", 4, 49, "Very sturdy, handles could be wider",
      "Heavy canvas and strong seams: I carried 8 kg of shopping home and nothing gave. With "
      "that much weight the narrow handles dig into the shoulder a bit, hence four stars.",
      helpful=(3, 10),
      title_fa="خیلی محکم، دسته‌ها می‌توانستند پهن‌تر باشند",
      text_fa="کرباس ضخیم و درزهای محکم: ۸ کیلو خرید را تا خانه آوردم و هیچ جایش در نرفت. با "
      "این‌همه وزن، دسته‌های باریک کمی به شانه فشار می‌آورند؛ برای همین چهار ستاره."),
    R(TOTE, "c8", 5, 44, "The inner pocket is a game changer",
      "The large size has an inner pocket that stops keys and phone sinking to the bottom. "
      "Simple, but most totes don't have one. Thick canvas and the print hasn't cracked.",
      variant="Large",
      title_fa="جیب داخلی همه‌چیز را عوض کرده",
      text_fa="سایز بزرگ یک جیب داخلی دارد که نمی‌گذارد کلید و گوشی ته کیف گم شوند. ساده است، "
      "ولی بیشتر کیف‌های پارچه‌ای ندارندش. کرباس ضخیم است و چاپ هم ترک نخورده."),
    R(TOTE, "c9", 5, 40, "Good value",
      "For the price I expected something thin. It's proper heavy canvas and the straps are "
      "box-stitched like the description says. Would buy again.",
      title_fa="به قیمتش می‌ارزد",
      text_fa="با این قیمت انتظار یک کیف نازک را داشتم. ولی کرباس حسابی ضخیم است و بندها "
      "همان‌طور که در توضیحات آمده ضربدری دوخته شده‌اند. باز هم می‌خرم."),
    R(TOTE, "c10", 3, 37, "Nice, but the large one is really large",
      "Quality is great. I ordered the large and it's bigger than I needed; with only a few "
      "things inside it slumps over. I'd pick the standard size next time.",
      variant="Large",
      title_fa="خوب است، ولی بزرگش واقعاً بزرگ است",
      text_fa="کیفیت عالی است. سایز بزرگ را سفارش دادم و از چیزی که لازم داشتم بزرگ‌تر است؛ وقتی "
      "فقط چند چیز داخلش باشد وا می‌رود. دفعهٔ بعد سایز معمولی را برمی‌دارم."),
    R(TOTE, "c11", 5, 33, "My go-to beach bag",
      "Sand shakes straight out of it, and towels, sun cream and a book fit with room to "
      "spare. It has survived a whole summer of trips to the coast.",
      title_fa="کیف همیشگی‌ام برای ساحل",
      text_fa="شن راحت از آن تکانده می‌شود و حوله، کرم ضدآفتاب و یک کتاب با جای اضافه در آن جا "
      "می‌شوند. یک تابستان کامل سفر به شمال را دوام آورده."),
    R(TOTE, "c12", 4, 30, "Lovely print, stiff at first",
      "The sun print looks hand-made in the nicest way. The canvas was stiff as cardboard for "
      "the first week but has softened up nicely. Happy with it.",
      title_fa="چاپ قشنگ، اولش خشک",
      text_fa="طرح خورشید به قشنگ‌ترین شکل دست‌ساز به نظر می‌رسد. کرباس هفتهٔ اول مثل مقوا خشک "
      "بود ولی حالا حسابی نرم شده. از خریدم راضی‌ام."),
    R(TOTE, "g1", 5, 28, "Perfect present",
      "Bought this for my mum, who does the farmers' market every Saturday. She says it's the "
      "first bag that doesn't cut into her hands.",
      title_fa="هدیهٔ بی‌نقص",
      text_fa="برای مادرم خریدم که هر جمعه به بازار روز می‌رود. می‌گوید اولین کیفی است که دستش "
      "را اذیت نمی‌کند."),
    R(TOTE, "g2", 5, 26, "Tough as old boots",
      "I'm not gentle with bags. This one has been dragged through train stations, dropped in "
      "puddles and stuffed with climbing shoes, and it still looks good.",
      title_fa="حسابی جان‌سخت",
      text_fa="من با کیف‌هایم مهربان نیستم. این یکی در ایستگاه‌های قطار روی زمین کشیده شده، توی "
      "چاله‌های آب افتاده و پر از کفش کوهنوردی شده، و هنوز خوب به نظر می‌رسد."),
    R(TOTE, "g3", 1, 24, "Arrived with a mark on the front",
      "There was a grey smudge right next to the print when I opened the parcel, and it "
      "didn't come out with a gentle wash. Disappointing for a brand-new bag.",
      reply="We're sorry, Isla: that should never have left our studio. We've refunded you in "
      "full, so please keep the bag or pass it on. Every print is now checked under a "
      "daylight lamp before it's packed.",
      helpful=(5,),
      title_fa="با یک لک روی جلوی کیف رسید",
      text_fa="وقتی بسته را باز کردم درست کنار چاپ یک لک خاکستری بود که با یک شست‌وشوی ملایم هم "
      "پاک نشد. برای یک کیف نو ناامیدکننده است.",
      reply_fa="ایلناز عزیز، عذر می‌خواهیم؛ این کیف هرگز نباید از کارگاه ما بیرون می‌رفت. تمام "
      "مبلغ را به شما برگرداندیم، پس لطفاً کیف را نگه دارید یا به کسی ببخشید. از این به بعد هر "
      "چاپ پیش از بسته‌بندی زیر لامپ نور روز بررسی می‌شود."),
    R(TOTE, "g4", 5, 22, "Exactly as described",
      "Natural canvas, long handles and a nicely printed sun. Arrived quickly and well packed, "
      "without loads of plastic.",
      title_fa="دقیقاً همان‌طور که توضیح داده شده",
      text_fa="کرباس طبیعی، دسته‌های بلند و خورشیدی که تمیز چاپ شده. سریع رسید و خوب بسته‌بندی "
      "شده بود، بدون یک عالمه پلاستیک."),
    R(TOTE, "g5", 4, 20, "Holds a lot",
      "Carries a full food shop for two. I only wish it had a popper at the top, as things "
      "fall out when it tips over in the car boot.",
      helpful=(1, 2, 4),
      title_fa="خیلی جا دارد",
      text_fa="خرید کامل خوراکی دو نفر را می‌برد. فقط کاش بالایش یک دکمهٔ فشاری داشت، چون وقتی "
      "در صندوق عقب ماشین کج می‌شود وسایل بیرون می‌ریزند."),
    R(TOTE, "g6", 5, 18, "Better than a bag for life",
      "I went through three plastic bags for life this year. This one is in a different "
      "league, and it looks nice enough to take to work.",
      title_fa="خیلی بهتر از کیسهٔ پلاستیکی",
      text_fa="امسال سه تا کیسهٔ پلاستیکی محکم را از بین بردم. این یکی در سطح دیگری است و آن‌قدر "
      "شیک هست که با آن سر کار بروم."),
    R(TOTE, "g7", 5, 16, "Love it",
      "Beautiful, simple and strong. The canvas is a warm off-white rather than a stark "
      "white, which I much prefer.",
      title_fa="عاشقش هستم",
      text_fa="زیبا، ساده و محکم. رنگ کرباس یک سفید شیری گرم است نه سفید یخی، که من خیلی بیشتر "
      "دوست دارم."),
    R(TOTE, "g8", 3, 14, "Good bag, handles a little short for me",
      "I'm 1.93 m and with a coat on the handles only just go over my shoulder. For most "
      "people they'll be fine. The canvas and the print are excellent.",
      title_fa="کیف خوب، دسته‌ها برای من کمی کوتاه",
      text_fa="قدم ۱۹۳ سانتی‌متر است و با کاپشن، دسته‌ها به‌زور روی شانه‌ام می‌روند. برای بیشتر "
      "آدم‌ها مشکلی نیست. کرباس و چاپ عالی‌اند."),
    R(TOTE, "g9", 5, 12, "My second one",
      "My first one is two years old and still going, just softer and faded in a nice way. "
      "Bought a second so I can leave one in the car.",
      helpful=(6, 8),
      title_fa="دومی را هم خریدم",
      text_fa="اولی دو سال است که کار می‌کند، فقط نرم‌تر شده و رنگش به شکل قشنگی رفته. دومی را "
      "خریدم که یکی همیشه توی ماشین باشد."),
    R(TOTE, "g10", 4, 9, "Solid",
      "Does exactly what a tote should do. The print is slightly off-centre on mine, but I "
      "don't mind; it adds character.",
      title_fa="محکم و بی‌دردسر",
      text_fa="دقیقاً همان کاری را می‌کند که یک کیف پارچه‌ای باید بکند. چاپ کیف من کمی از وسط "
      "فاصله دارد، ولی برایم مهم نیست؛ به آن شخصیت می‌دهد."),
    R(TOTE, "g11", 5, 7, "Gorgeous and practical",
      "Gets compliments every time I take it out, and my A4 sketchbook fits flat, which was "
      "the main thing I needed.",
      title_fa="زیبا و کاربردی",
      text_fa="هر بار همراهم است از آن تعریف می‌کنند، و دفتر طراحی A4 من صاف داخلش جا می‌شود که "
      "اصلی‌ترین خواسته‌ام بود."),
    R(TOTE, "g12", 5, 5, "Well made",
      "You can tell it's made properly: double stitching everywhere that takes weight and a "
      "neatly bound hem inside. It will last for years.",
      title_fa="خوش‌ساخت",
      text_fa="معلوم است درست ساخته شده: هر جا که وزن تحمل می‌کند دوخت دوبل دارد و لبهٔ داخلی‌اش "
      "تمیز مغزی‌دوزی شده. سال‌ها دوام می‌آورد."),
    R(TOTE, "g13", 4, 3, "Nice bag, smelled of ink at first",
      "The print had a faint smell for the first couple of days, gone after airing it on the "
      "balcony. Otherwise a very good, sturdy tote.",
      title_fa="کیف خوب، اولش بوی جوهر می‌داد",
      text_fa="چاپ یکی دو روز اول کمی بو داشت که بعد از گذاشتن در بالکن رفت. جز این، کیفی خیلی "
      "خوب و محکم است."),
    # --- apparel ---------------------------------------------------------------------------
    R("TEE-ORG-BLU", "c2", 5, 90, "The tee I reach for first",
      "Soft from day one and it actually got softer after a few washes, as promised. Relaxed "
      "without being baggy. I bought my usual M and it fits true to size.",
      variant="M", helpful=(1, 5, 9),
      title_fa="تی‌شرتی که اول سراغش می‌روم",
      text_fa="از روز اول نرم بود و همان‌طور که گفته بودند بعد از چند شست‌وشو نرم‌تر هم شد. راحت "
      "است بی‌آنکه گشاد باشد. سایز همیشگی‌ام یعنی M را گرفتم و اندازه است."),
    R("TEE-ORG-BLU", "c4", 4, 68, "Lovely fabric, runs a bit long",
      "Great quality cotton and the collar hasn't stretched out. The body is a little long on "
      "me (I'm 1.70 m), so I tuck it in. Otherwise excellent.",
      variant="S",
      title_fa="پارچهٔ عالی، کمی بلند",
      text_fa="پنبهٔ باکیفیتی است و یقه‌اش گشاد نشده. تنه‌اش برای من کمی بلند است (قدم ۱۷۰ است)، "
      "برای همین توی شلوار می‌گذارمش. بقیه‌اش عالی."),
    R("TEE-ORG-BLU", "c6", 5, 46, "No shrinking at all",
      "Washed a dozen times at 30 and it's the same size as when it arrived. The blue has "
      "stayed deep too.",
      variant="L", helpful=(2,),
      title_fa="اصلاً آب نرفت",
      text_fa="دوازده بار در ۳۰ درجه شستمش و هنوز همان اندازهٔ روز اول است. آبی‌اش هم همان‌طور "
      "پررنگ مانده."),
    R("TEE-ORG-BLU", "c9", 3, 31, "Good tee, wrong size for me",
      "The cotton is lovely. I went for L because XL was sold out and it's snug across the "
      "shoulders; the relaxed fit is less relaxed than I hoped. Five stars in the right size.",
      variant="L",
      reply="Thanks, Oliver. XL is back with the next batch at the end of the month. If you'd "
      "like to swap your L, reply to your order e-mail and we'll send you a return label.",
      title_fa="تی‌شرت خوب، سایز اشتباه برای من",
      text_fa="پنبه‌اش عالی است. چون XL تمام شده بود L گرفتم و روی شانه‌ها تنگ است؛ آن تن‌خور "
      "راحت کمتر از چیزی که امید داشتم راحت است. در سایز درست، پنج ستاره.",
      reply_fa="امید عزیز، ممنون. XL آخر همین ماه با سری بعد برمی‌گردد. اگر دوست دارید L را عوض "
      "کنید، به ایمیل سفارشتان جواب بدهید تا برچسب مرجوعی برایتان بفرستیم."),
    R("TEE-ORG-BLU", "c11", 5, 19, "Best basic tee I own",
      "I've tried plenty of 'premium' basics and this beats most of them at half the price. "
      "The little sunset print is subtle and nice.",
      variant="M",
      title_fa="بهترین تی‌شرت ساده‌ای که دارم",
      text_fa="کلی تی‌شرت سادهٔ به‌اصطلاح لوکس امتحان کرده‌ام و این با نصف قیمت از بیشترشان بهتر "
      "است. طرح کوچک غروب ظریف و قشنگ است."),
    R("TEE-ORG-BLU", "c12", 4, 8, "Colour a bit brighter than the photos",
      "The blue is brighter than on my screen, more cornflower than denim. Still lovely, and "
      "the fabric is really good.",
      variant="S", photo=True,
      title_fa="رنگ کمی روشن‌تر از عکس‌ها",
      text_fa="آبی‌اش از چیزی که در صفحهٔ گوشی‌ام دیدم روشن‌تر است؛ بیشتر آبی گل گندمی تا آبی "
      "جین. باز هم قشنگ است و پارچه‌اش واقعاً خوب است."),
    R("TEE-SUN-COR", "c1", 5, 57, "The print feels like part of the shirt",
      "You can't feel the print at all, no plasticky patch on the chest. The coral is bright "
      "without being neon.",
      variant="M",
      title_fa="چاپ انگار جزئی از خود پارچه است",
      text_fa="اصلاً چاپ را حس نمی‌کنید، هیچ تکهٔ پلاستیکی‌ای روی سینه نیست. مرجانی‌اش روشن است "
      "بی‌آنکه فسفری باشد."),
    R("TEE-SUN-COR", "c7", 4, 21, "Great print, the coral is quite pink",
      "The print is beautiful. The coral leans pink in daylight, which I like, but worth "
      "knowing if you expect orange.",
      variant="S",
      title_fa="چاپ عالی، مرجانی‌اش به صورتی می‌زند",
      text_fa="چاپش زیباست. مرجانی در نور روز به صورتی می‌زند که من دوست دارم، ولی اگر انتظار "
      "نارنجی دارید بهتر است بدانید."),
    R("TEE-FOR-GRN", "c10", 5, 41, "A proper heavyweight tee",
      "Thick, structured jersey that hangs well and isn't see-through. The boxy cut is exactly "
      "what I was after.",
      variant="L",
      title_fa="یک تی‌شرت ضخیم واقعی",
      text_fa="جرسی ضخیم و فرم‌دار که خوب می‌ایستد و بدن‌نما نیست. برش جعبه‌ای‌اش دقیقاً همان "
      "چیزی است که می‌خواستم."),
    R("TEE-HEA-GRY", "c3", 4, 76, "Take the advice and size up",
      "It really is slim: I normally wear M and the L fits the way I like. Light and quick to "
      "dry, great for layering.",
      variant="L", helpful=(4, 6, 7, 10),
      title_fa="به توصیه گوش کنید و سایز بزرگ‌تر بگیرید",
      text_fa="واقعاً جذب است: معمولاً M می‌پوشم و L همان‌طور که دوست دارم اندازه است. سبک و "
      "زودخشک، عالی برای لایه‌پوشی."),
    R("TEE-HEA-GRY", "c5", 5, 50, "The perfect grey tee",
      "The marl is a nice mid grey and the tiny coral badge is a cute detail. I bought two.",
      variant="M",
      title_fa="تی‌شرت طوسی بی‌نقص",
      text_fa="ملانژش یک طوسی متوسط قشنگ است و نشان کوچک مرجانی جزئیات بامزه‌ای است. دو تا "
      "خریدم."),
    R("TEE-HEA-GRY", "c8", 2, 27, "Pilled after a month",
      "Comfortable and a good fit, but it started pilling under the arms after about four "
      "weeks of regular wear. I expected more from the description.",
      variant="M",
      reply="Thank you for the honest review, Grace. The recycled polyester in the marl makes "
      "it quick to dry, but it can pill where there's friction; washing inside out on a gentle "
      "cycle helps a lot. We've passed your feedback to our knitter and sent you a tee from "
      "the new batch to see whether it holds up better.",
      title_fa="بعد از یک ماه پرز داد",
      text_fa="راحت است و خوب اندازه است، ولی بعد از حدود چهار هفته پوشیدن مرتب، زیر بغل‌هایش "
      "پرز داد. با آن توضیحات انتظار بیشتری داشتم.",
      reply_fa="الهام عزیز، ممنون از نظر صادقانه‌تان. پلی‌استر بازیافتی در این ملانژ آن را "
      "زودخشک می‌کند، اما جاهایی که اصطکاک دارد ممکن است پرز بدهد؛ شستن پشت‌ورو با برنامهٔ ملایم "
      "خیلی کمک می‌کند. نظرتان را به بافندهٔ ما رساندیم و یک تی‌شرت از سری جدید برایتان فرستادیم "
      "تا ببینید بهتر دوام می‌آورد یا نه."),
    R("TEE-HEA-GRY", "c11", 4, 10, "Good everyday tee",
      "Light and breathable, good for the gym or under a shirt. Slim but not tight if you "
      "size up.",
      variant="XL",
      title_fa="تی‌شرت خوب برای هر روز",
      text_fa="سبک و خنک، خوب برای باشگاه یا زیر پیراهن. اگر یک سایز بزرگ‌تر بگیرید جذب است ولی "
      "تنگ نیست."),
    R("HOOD-HAR-NVY", "c1", 5, 80, "The warmest hoodie I've owned",
      "Seriously warm: I wear it instead of a jacket on dry autumn days. The lined hood is a "
      "nice touch and the cuffs have kept their shape.",
      variant="M", helpful=(2, 3, 12),
      title_fa="گرم‌ترین هودی‌ای که داشته‌ام",
      text_fa="جداً گرم است: روزهای خشک پاییز به‌جای کاپشن می‌پوشمش. کلاه آستردار نکتهٔ خوبی است "
      "و سرآستین‌ها فرمشان را حفظ کرده‌اند."),
    R("HOOD-HAR-NVY", "c6", 5, 47, "Worth the price",
      "Heavy, soft inside and beautifully made. The flat drawcords don't get tangled in the "
      "wash like round ones do.",
      variant="L",
      title_fa="ارزش پولش را دارد",
      text_fa="سنگین، داخلش نرم و خیلی خوش‌دوخت. بندهای تختش مثل بندهای گرد در ماشین لباسشویی "
      "گره نمی‌خورند."),
    R("HOOD-HAR-NVY", "c7", 4, 35, "Great, a little short in the arms",
      "Love the weight and the colour. I have long arms and the sleeves are about 2 cm "
      "shorter than I'd like, but the ribbed cuffs mean it hardly shows.",
      variant="L",
      title_fa="عالی، آستین‌ها کمی کوتاه",
      text_fa="وزن و رنگش را دوست دارم. دست‌هایم بلند است و آستین‌ها حدود ۲ سانت از چیزی که دوست "
      "دارم کوتاه‌ترند، ولی سرآستین کش‌باف باعث می‌شود تقریباً معلوم نباشد."),
    R("HOOD-HAR-NVY", "c10", 3, 15, "Too warm for indoors",
      "It's very well made, but so thick that I can't wear it inside for long. Great for "
      "walks; just be aware that it's a proper winter hoodie.",
      variant="M",
      title_fa="برای داخل خانه زیادی گرم است",
      text_fa="خیلی خوب دوخته شده، ولی آن‌قدر ضخیم است که نمی‌توانم مدت زیادی داخل خانه بپوشمش. "
      "برای پیاده‌روی عالی است؛ فقط بدانید که یک هودی زمستانی واقعی است."),
    R("HOOD-CLD-LAV", "c3", 5, 58, "Like wearing a cloud",
      "Ridiculously soft. The slightly cropped cut works well with high-waisted jeans, and "
      "the lavender is gorgeous in real life.",
      variant="S", photo=True,
      title_fa="انگار ابر پوشیده‌ای",
      text_fa="به‌طرز عجیبی نرم است. برش کمی کوتاهش با شلوار جین فاق‌بلند خیلی خوب است و رنگ "
      "یاسی‌اش در واقعیت محشر است."),
    R("HOOD-CLD-LAV", "c12", 4, 24, "Soft, but sheds a little",
      "Very cosy. It left lilac fluff on my black trousers the first few times I wore it; "
      "that stopped after a couple of washes.",
      variant="L",
      title_fa="نرم، ولی کمی پرز می‌ریزد",
      text_fa="خیلی گرم و نرم است. چند بار اولی که پوشیدمش روی شلوار مشکی‌ام پرز یاسی گذاشت؛ بعد "
      "از دو سه شست‌وشو تمام شد."),
    R("HOOD-WKD-MUS", "c2", 5, 88, "Now I know why it sells out",
      "The mustard is a warm, deep yellow, not a lurid one, and it goes with navy, grey and "
      "denim. Mid-weight, so I wear it most of the year.",
      variant="L", helpful=(5, 6, 8, 11),
      title_fa="حالا می‌فهمم چرا تمام می‌شود",
      text_fa="خردلی‌اش یک زرد گرم و عمیق است، نه جیغ، و با سرمه‌ای، طوسی و جین ست می‌شود. "
      "میان‌وزن است، برای همین بیشتر سال می‌پوشمش."),
    R("HOOD-WKD-MUS", "c4", 5, 73, "Got one just in time",
      "Ordered the day the new batch came out and I'm glad I did. Soft organic cotton, a "
      "classic fit, and the navy drawcords look great against the yellow.",
      variant="M",
      title_fa="درست به‌موقع گرفتمش",
      text_fa="همان روزی که سری جدید آمد سفارش دادم و خوشحالم که این کار را کردم. پنبهٔ ارگانیک "
      "نرم، تن‌خور کلاسیک و بندهای سرمه‌ای که روی زرد خیلی قشنگ‌اند."),
    R("HOOD-WKD-MUS", "c5", 4, 62, "Lovely, the colour fades a little",
      "After about ten washes it's a touch lighter than new. It still looks good, a bit more "
      "vintage. Wash it cold and inside out.",
      variant="S",
      title_fa="قشنگ، رنگش کمی می‌رود",
      text_fa="بعد از حدود ده شست‌وشو کمی روشن‌تر از روز اول شده. هنوز خوب به نظر می‌رسد، کمی "
      "وینتیج‌تر. با آب سرد و پشت‌ورو بشویید."),
    R("HOOD-WKD-MUS", "c8", 5, 39, "My partner keeps stealing it",
      "Which says it all, really. It fits both of us (I'm an M, he's usually an L) because "
      "the fit is quite generous.",
      variant="M",
      title_fa="همسرم مدام برش می‌دارد",
      text_fa="که در واقع همه‌چیز را می‌گوید. به هر دوی ما اندازه است (من M می‌پوشم و او معمولاً "
      "L) چون تن‌خورش نسبتاً گشاد است."),
    R("HOOD-WKD-MUS", "c11", 5, 17, "Worth the wait",
      "I waited six weeks for the restock and I don't regret it. Better made than hoodies "
      "that cost twice as much.",
      variant="L",
      title_fa="ارزش صبر کردن را داشت",
      text_fa="شش هفته منتظر ماندم تا دوباره موجود شود و پشیمان نیستم. از هودی‌هایی که دو برابر "
      "قیمت دارند خوش‌دوخت‌تر است."),
    R("HOOD-WKD-MUS", "c9", 3, 4, "Please restock in XL",
      "I haven't been able to buy this because it's always sold out in my size. A friend has "
      "one and it looks great. Any idea when XL will be back?",
      bought=False, outcome=PENDING,
      title_fa="لطفاً XL را دوباره موجود کنید",
      text_fa="نتوانسته‌ام بخرمش چون همیشه سایز من تمام است. دوستم یکی دارد و خیلی قشنگ است. "
      "می‌دانید XL کی برمی‌گردد؟"),
    # --- footwear --------------------------------------------------------------------------
    R("SNK-CRT-WHT", "c6", 5, 83, "Comfortable straight out of the box",
      "No breaking in needed. The leather is soft, the cork footbed moulds to your feet "
      "within a week, and they go with everything.",
      variant="EU 43", helpful=(1, 7),
      title_fa="از همان اول راحت",
      text_fa="نیازی به جا افتادن ندارد. چرمش نرم است، کفی چوب‌پنبه‌ای ظرف یک هفته فرم پا را "
      "می‌گیرد و با همه‌چیز ست می‌شود."),
    R("SNK-CRT-WHT", "c9", 4, 53, "A classic, runs slightly big",
      "Beautiful shoe. I'm usually a 43 and the 42 fits better with thin socks, so they're "
      "maybe half a size large.",
      variant="EU 42", helpful=(3,),
      title_fa="کلاسیک، کمی بزرگ",
      text_fa="کفش زیبایی است. معمولاً ۴۳ می‌پوشم و ۴۲ با جوراب نازک بهتر اندازه است، پس شاید "
      "نیم سایز بزرگ باشد."),
    R("SNK-CRT-WHT", "c12", 5, 29, "Still white after a summer",
      "I wipe them with a damp cloth every couple of weeks and they still look new. The coral "
      "heel tab is a nice touch.",
      variant="EU 39",
      title_fa="بعد از یک تابستان هنوز سفید است",
      text_fa="هر دو هفته یک بار با دستمال مرطوب تمیزش می‌کنم و هنوز مثل نو است. زبانهٔ مرجانی "
      "پاشنه جزئیات قشنگی است."),
    R("SNK-CRT-WHT", "c2", 2, 12, "The heel rubs badly",
      "I wanted to love these. The leather is lovely, but the back of the heel gave me "
      "blisters for two weeks, even with thick socks. They've eased now, but it was painful.",
      variant="EU 44",
      reply="Sorry to hear about the blisters, Tom. The heel counter is stiff at first and "
      "softens with wear; a few evenings at home in thick socks usually does it. If they still "
      "rub, we'll happily exchange them within 30 days of delivery.",
      title_fa="پاشنه بدجور پا را می‌زند",
      text_fa="خیلی دلم می‌خواست عاشقش شوم. چرمش عالی است، ولی پشت پاشنه دو هفته پایم را تاول "
      "زد، حتی با جوراب ضخیم. حالا بهتر شده، ولی دردناک بود.",
      reply_fa="علی عزیز، از شنیدن ماجرای تاول‌ها متأسفیم. پشت پاشنه اولش سفت است و با پوشیدن "
      "نرم می‌شود؛ معمولاً چند شب پوشیدن در خانه با جوراب ضخیم کار را درست می‌کند. اگر باز هم "
      "اذیت کرد، تا ۳۰ روز پس از تحویل با کمال میل عوضش می‌کنیم."),
    R("SNK-CRT-WHT", "c10", 4, 6, "Bought them in your Brighton shop",
      "I picked these up at the Harbour Street shop rather than online. Lovely leather and the "
      "sole is properly stitched. They run a little big for me.",
      bought=False, outcome=PENDING,
      title_fa="از فروشگاه حضوری‌تان خریدم",
      text_fa="این‌ها را به‌جای سفارش اینترنتی از فروشگاه خیابان ولیعصر خریدم. چرم قشنگ و زیرهٔ "
      "واقعاً دوخته‌شده. برای من کمی بزرگ است."),
    R("SNK-TRL-BLU", "c4", 5, 66, "Grippy and light",
      "Used them on muddy park runs all winter. They grip on wet grass and roots, and don't "
      "feel heavy on the road home.",
      variant="EU 42",
      title_fa="چسبندگی خوب و سبک",
      text_fa="تمام زمستان در پارک‌های گِلی با آن دویدم. روی چمن خیس و ریشه‌های درخت خوب می‌گیرد "
      "و در مسیر آسفالتی برگشت هم سنگین نیست."),
    R("SNK-TRL-BLU", "c7", 3, 22, "Good grip, narrow fit",
      "The grip is excellent, but the toe box is narrow. With my wide feet I got numb toes "
      "after 10 km. They might suit narrower feet better.",
      variant="EU 40",
      reply="Thank you, Hannah, that's useful for other runners. The Trail Runner is cut on a "
      "standard last; we're working on a wide fit for next season and will let you know when "
      "it arrives.",
      title_fa="چسبندگی خوب، پنجهٔ تنگ",
      text_fa="چسبندگی‌اش عالی است، ولی جلوی کفش باریک است. با پاهای پهن من بعد از ۱۰ کیلومتر "
      "انگشت‌هایم بی‌حس شدند. شاید برای پاهای باریک‌تر مناسب‌تر باشد.",
      reply_fa="هانیهٔ عزیز، ممنون؛ این برای دونده‌های دیگر مفید است. کفش دویدن کوهستان روی قالب "
      "استاندارد ساخته می‌شود؛ برای فصل بعد روی مدل پاپهن کار می‌کنیم و وقتی آمد خبرتان می‌کنیم."),
    R("SNK-LOW-TER", "c5", 5, 43, "The colour is perfect",
      "A warm terracotta suede that goes with denim and olive. I sprayed them with protector "
      "first as suggested and they survived a rainy weekend.",
      variant="EU 39", photo=True,
      title_fa="رنگش بی‌نقص است",
      text_fa="جیر آجری گرمی که با جین و زیتونی ست می‌شود. همان‌طور که گفته بودید اول اسپری "
      "محافظ زدم و یک آخر هفتهٔ بارانی را دوام آورد."),
    # --- accessories -----------------------------------------------------------------------
    R("TOTE-SUN-PCH", "c3", 5, 48, "Fits my 15-inch laptop",
      "Just as the description says. The peach and red are cheerful and the canvas is as "
      "tough as the market tote's.",
      title_fa="لپ‌تاپ ۱۵ اینچی‌ام جا می‌شود",
      text_fa="درست همان‌طور که در توضیحات آمده. هلویی و قرمزش شاد است و کرباسش به محکمیِ کیف "
      "خرید است."),
    R("TOTE-SUN-PCH", "c8", 4, 14, "Pretty, but marks easily",
      "Lovely colours, but the light peach canvas shows marks. A gentle spot clean sorted it "
      "out.",
      title_fa="قشنگ، ولی زود لک می‌شود",
      text_fa="رنگ‌هایش قشنگ است، ولی کرباس هلویی روشن لک را نشان می‌دهد. با یک تمیزکاری ملایم "
      "موضعی درست شد."),
    R("TOTE-SUN-PCH", "c12", 5, 10, "Great bag!!!",
      "Great bag. Also find designer bags at 80% off at luxe-bag-outlet.biz, best prices "
      "online and free shipping!",
      bought=False, outcome=REJECTED,
      title_fa="کیف عالی!!!",
      text_fa="کیف عالی. کیف‌های برند را هم با ۸۰٪ تخفیف در luxe-bag-outlet.biz پیدا کنید، "
      "بهترین قیمت‌ها با ارسال رایگان!"),
    R("CAP-SIX-GRN", "c9", 5, 70, "Fits my big head",
      "I have a 60 cm head and most caps perch on top. This one fits with room to spare on "
      "the strap, and the embroidery is neat.",
      title_fa="به سر بزرگ من هم می‌خورد",
      text_fa="دور سرم ۶۰ سانتی‌متر است و بیشتر کلاه‌ها فقط روی سرم می‌نشینند. این یکی با جای "
      "اضافه روی بند اندازه است و گلدوزی‌اش تمیز است."),
    R("CAP-SIX-GRN", "c1", 4, 36, "Nice cap, the peak is quite curved",
      "Good quality twill and the brass buckle feels solid. The peak is more curved than I'd "
      "like, but that's personal taste.",
      title_fa="کلاه خوب، لبه‌اش کمی زیادی خم است",
      text_fa="پارچهٔ جناغی باکیفیت و سگک برنجی که حس محکمی دارد. لبه‌اش از چیزی که دوست دارم "
      "خمیده‌تر است، ولی این سلیقه‌ای است."),
    R("CAP-SIX-GRN", "c6", 5, 13, "Smart and sturdy",
      "Keeps its shape, even after being stuffed in a bag. Green with the pink badge is a "
      "great combination.",
      title_fa="شیک و محکم",
      text_fa="فرمش را نگه می‌دارد، حتی بعد از چپاندن در کیف. سبز با نشان صورتی ترکیب "
      "فوق‌العاده‌ای است."),
    R("CAP-DNM-BLU", "c11", 5, 2, "A birthday present",
      "My sister gave me this for my birthday. The faded denim looks better every week and "
      "the strap is easy to adjust.",
      bought=False, outcome=PENDING,
      title_fa="هدیهٔ تولد",
      text_fa="خواهرم برای تولدم هدیه داد. جین رنگ‌رفته‌اش هر هفته قشنگ‌تر می‌شود و بندش راحت "
      "تنظیم می‌شود."),
    R("BEAN-RIB-RED", "c10", 5, 77, "Not itchy at all",
      "I usually can't wear wool hats, but this merino is soft enough to wear all day. The "
      "pom-pom comes off for washing.",
      title_fa="اصلاً نمی‌خاراند",
      text_fa="معمولاً نمی‌توانم کلاه پشمی سرم کنم، ولی این مرینو آن‌قدر نرم است که تمام روز سرم "
      "می‌ماند. منگوله‌اش برای شست‌وشو جدا می‌شود."),
    R("BEAN-RIB-RED", "c12", 4, 45, "Warm, runs small",
      "Lovely colour and very warm. It's a snug fit with the turn-up folded, so I wear it "
      "unfolded.",
      title_fa="گرم، کمی کوچک",
      text_fa="رنگش قشنگ است و خیلی گرم است. با لبهٔ برگردانده تنگ می‌شود، برای همین بدون "
      "برگرداندن سرم می‌کنم."),
    R("BTL-TRL-SAG", "c3", 5, 64, "Actually cold after 24 hours",
      "Filled it with iced water in the morning, left it in a hot car, and there was still ice "
      "at dinner time. The carry loop clips neatly onto my rucksack.",
      variant="750 ml", helpful=(1, 2, 9),
      title_fa="واقعاً بعد از ۲۴ ساعت خنک است",
      text_fa="صبح پر از آب یخ کردم، در ماشین داغ جا گذاشتمش و موقع شام هنوز یخ داشت. حلقه‌اش "
      "مرتب به کوله‌ام قلاب می‌شود."),
    R("BTL-TRL-SAG", "c8", 4, 34, "Great bottle, stiff cap",
      "Keeps drinks cold and doesn't leak. The cap takes quite a few turns to open, which is "
      "annoying when you're walking.",
      title_fa="قمقمهٔ عالی، درِ سفت",
      text_fa="نوشیدنی را خنک نگه می‌دارد و نشت نمی‌کند. برای باز کردن درش باید چند دور بچرخانید "
      "که موقع راه رفتن اذیت می‌کند."),
    R("BTL-TRL-SAG", "c11", 1, 11, "Leaked in my bag",
      "The cap leaked on the first day and soaked my notebook, and I had double-checked that "
      "it was screwed on. Disappointed.",
      reply="We're really sorry, Jack. A small batch of caps had a misaligned seal; we've sent "
      "you a new bottle and cap. If it ever happens again, please get in touch and we'll make "
      "it right.",
      title_fa="توی کیفم نشت کرد",
      text_fa="درش همان روز اول نشت کرد و دفترم را خیس کرد، در حالی که دو بار مطمئن شده بودم "
      "بسته است. ناامید شدم.",
      reply_fa="پویای عزیز، واقعاً متأسفیم. واشر یک سری کوچک از درها درست جا نیفتاده بود؛ یک "
      "قمقمه و درِ نو برایتان فرستادیم. اگر باز هم چنین اتفاقی افتاد، لطفاً با ما تماس بگیرید تا "
      "جبران کنیم."),
    R("BTL-TRL-SAG", "c4", 5, 3, "Took it on the West Highland Way",
      "It kept my water cold over six days of hiking. I wrote up my whole kit list at "
      "www.longwalknotes.com if anyone is interested.",
      outcome=PENDING,
      title_fa="همسفرم در شش روز کوه‌پیمایی البرز",
      text_fa="شش روز کوه‌پیمایی آبم را خنک نگه داشت. اگر کسی بخواهد، فهرست کامل وسایلم را در "
      "www.longwalknotes.com نوشته‌ام."),  # verified, but held for the link
    R("BTL-MID-STL", "c5", 5, 32, "Easy to find in my bag",
      "The tangerine cap is brilliant: no more rummaging. The matte finish hasn't scratched "
      "after months of daily use.",
      title_fa="توی کیفم راحت پیدا می‌شود",
      text_fa="درِ نارنجی‌اش عالی است: دیگر لازم نیست کیف را زیرورو کنم. پوشش مات بعد از ماه‌ها "
      "استفادهٔ روزانه خط نیفتاده."),
    # --- home & kitchen --------------------------------------------------------------------
    R("MUG-MRN-TER", "c1", 5, 86, "My morning coffee tastes better",
      "Heavy, handmade and a lovely shape. The teal band is slightly different on each mug, "
      "which is part of the charm, and the handle fits three fingers as promised.",
      helpful=(2, 4, 6, 9),
      title_fa="قهوهٔ صبحم خوش‌طعم‌تر شده",
      text_fa="سنگین، دست‌ساز و خوش‌فرم. نوار سبزآبی روی هر ماگ کمی فرق دارد که بخشی از جذابیتش "
      "است، و همان‌طور که گفته بودند دسته‌اش جای سه انگشت دارد."),
    R("MUG-MRN-TER", "c4", 5, 59, "Bought a set of four",
      "Each of my four is a tiny bit different. They look beautiful on the shelf and have "
      "survived months of the dishwasher.",
      variant="450 ml",
      title_fa="یک سری چهارتایی خریدم",
      text_fa="هر چهار تا کمی با هم فرق دارند. روی قفسه خیلی قشنگ‌اند و ماه‌ها ماشین ظرف‌شویی را "
      "دوام آورده‌اند."),
    R("MUG-MRN-TER", "c7", 4, 42, "Lovely, but the handle gets hot",
      "Beautiful glaze. The handle gets quite hot when you heat the mug in the microwave, so "
      "be careful.",
      title_fa="قشنگ، ولی دسته داغ می‌شود",
      text_fa="لعاب زیبایی دارد. وقتی ماگ را در مایکروویو گرم می‌کنید دسته‌اش حسابی داغ می‌شود، "
      "پس مراقب باشید."),
    R("MUG-MRN-TER", "c9", 5, 28, "A present for my dad",
      "He drinks tea all day and says it's the best mug he has. It arrived beautifully packed "
      "without a single chip.",
      variant="450 ml",
      title_fa="هدیه‌ای برای پدرم",
      text_fa="تمام روز چای می‌نوشد و می‌گوید بهترین ماگی است که دارد. با بسته‌بندی قشنگ و بدون "
      "حتی یک لب‌پریدگی رسید."),
    R("MUG-MRN-TER", "c10", 2, 16, "Chipped on the rim after a month",
      "Pretty mug, but the glaze chipped on the rim after about a month in the dishwasher. "
      "I'd wash it by hand if I bought it again.",
      reply="Thank you for letting us know, Emma. Hand-thrown rims are more exposed than "
      "factory ones; we've asked the pottery for a thicker glaze at the rim and sent you a "
      "replacement.",
      helpful=(3,),
      title_fa="بعد از یک ماه لبه‌اش پرید",
      text_fa="ماگ قشنگی است، ولی بعد از حدود یک ماه در ماشین ظرف‌شویی لعاب لبه‌اش پرید. اگر "
      "دوباره بخرم با دست می‌شویمش.",
      reply_fa="مهسای عزیز، ممنون که خبرمان کردید. لبهٔ ماگ‌های دست‌ساز از ماگ‌های کارخانه‌ای "
      "آسیب‌پذیرتر است؛ از کارگاه خواسته‌ایم لعاب لبه را ضخیم‌تر کند و یک ماگ نو برایتان "
      "فرستادیم."),
    R("MUG-MRN-TER", "c12", 5, 6, "Perfect size",
      "The 300 ml is just right for a flat white, and the terracotta is warm and rich.",
      title_fa="اندازهٔ بی‌نقص",
      text_fa="۳۰۰ میلی‌لیتری درست اندازهٔ یک لیوان چای بزرگ است و رنگ آجری‌اش گرم و پرمایه است."),
    R("MUG-SGE-STN", "c8", 5, 52, "Calm and beautiful",
      "The speckled sage glaze is even prettier in person. It feels good in the hand and keeps "
      "tea warm for a while.",
      photo=True,
      title_fa="آرام و زیبا",
      text_fa="لعاب خال‌دار مریم‌گلی از نزدیک حتی قشنگ‌تر است. در دست حس خوبی دارد و چای را مدتی "
      "گرم نگه می‌دارد."),
    R("MUG-ENM-NVY", "c6", 4, 38, "A cheerful mug",
      "Navy with a yellow stripe is a happy combination on grey mornings. A little smaller "
      "than I expected for 450 ml.",
      variant="450 ml",
      title_fa="ماگی شاد",
      text_fa="سرمه‌ای با نوار زرد، ترکیب شادی برای صبح‌های ابری است. برای ۴۵۰ میلی‌لیتر کمی "
      "کوچک‌تر از انتظارم بود."),
    R("CSH-STR-MUS", "c2", 5, 61, "The feather inner makes the difference",
      "The cover is thick woven cotton and the feather inner is plump and squashy. The hidden "
      "zip is neat.",
      title_fa="بالشتک پَر همه‌چیز را عوض می‌کند",
      text_fa="روکش از پنبهٔ بافته‌شدهٔ ضخیم است و بالشتک پر، پف‌دار و نرم است. زیپ مخفی هم تمیز "
      "کار شده."),
    R("CSH-LIN-BLS", "c7", 4, 26, "Soft linen, the button came loose",
      "Gorgeous colour and texture. The centre button came loose after a few weeks; easy to "
      "sew back on, but it shouldn't happen.",
      title_fa="کتان نرم، دکمه شل شد",
      text_fa="رنگ و بافت محشری دارد. دکمهٔ وسط بعد از چند هفته شل شد؛ دوختنش آسان بود، ولی "
      "نباید این اتفاق بیفتد."),
    # --- prints ----------------------------------------------------------------------------
    R("PRT-BLU-HR", "c5", 5, 79, "Even nicer in person",
      "The colours are deep and the paper has a lovely soft texture. It came rolled in a "
      "strong tube without a crease.",
      variant="A2", helpful=(1, 8),
      title_fa="از نزدیک حتی قشنگ‌تر",
      text_fa="رنگ‌ها عمیق‌اند و کاغذ بافت نرم و قشنگی دارد. لوله‌شده در یک لولهٔ محکم و بدون "
      "هیچ تاخوردگی رسید."),
    R("PRT-BLU-HR", "c11", 4, 25, "Beautiful, took a while to flatten",
      "A stunning print. It took a couple of days under some books to flatten after being "
      "rolled, and it looks great in a simple oak frame.",
      title_fa="زیبا، صاف شدنش کمی طول کشید",
      text_fa="چاپ خیره‌کننده‌ای است. بعد از باز کردن، دو روزی زیر چند کتاب ماند تا صاف شد و در "
      "یک قاب سادهٔ بلوط عالی شده."),
    R("PRT-BLU-HR", CUSTOMER, 5, 2, "Just what our hallway needed",
      "The golden sun over the blue hills glows when the evening light comes in. Good heavy "
      "paper, and it's signed on the back.",
      variant="A3",
      title_fa="همان چیزی که راهروی خانه‌مان کم داشت",
      text_fa="خورشید طلایی بالای تپه‌های آبی وقتی نور عصر می‌تابد می‌درخشد. کاغذ ضخیم و خوب، با "
      "امضا در پشت."),
    R("PRT-DST-DWN", "c1", 5, 47, "Warm and calming",
      "Hung it above the bed in a pale oak frame, as suggested, and it looks beautiful. The "
      "print quality is excellent.",
      title_fa="گرم و آرامش‌بخش",
      text_fa="همان‌طور که پیشنهاد شده بود در یک قاب بلوط روشن بالای تخت آویختمش و خیلی زیبا "
      "شده. کیفیت چاپ عالی است."),
    R("PRT-DST-DWN", "c7", 1, 8, "Parking is impossible",
      "Tried to collect my order at the Harbour Street shop and had to drive around for half "
      "an hour. Please sort out the parking.",
      bought=False, outcome=REJECTED,
      title_fa="جای پارک پیدا نمی‌شود",
      text_fa="رفتم سفارشم را از فروشگاه خیابان ولیعصر تحویل بگیرم و نیم ساعت دنبال جای پارک "
      "گشتم. لطفاً فکری به حال پارکینگ بکنید."),
    # --- customizable ----------------------------------------------------------------------
    R("MUG-CUS-NAM", "c3", 5, 56, "The perfect personal present",
      "Made one for my gran with her name on it and she loves it. What arrived looked exactly "
      "like the preview in the customizer.",
      design_text="Nana", helpful=(5, 10),
      title_fa="یک هدیهٔ شخصی بی‌نقص",
      text_fa="یکی با اسم مادربزرگم برایش درست کردم و عاشقش شده. چیزی که رسید دقیقاً شبیه "
      "پیش‌نمایش طراح بود.",
      design_text_fa="Mamani"),
    R("MUG-CUS-NAM", "c6", 4, 30, "Lovely, the name is a bit small",
      "Great quality and the colours match the preview. The name is smaller on the mug than "
      "I expected from the preview, though.",
      variant="450 ml", design_text="Liam",
      title_fa="قشنگ، اسم کمی کوچک است",
      text_fa="کیفیت عالی است و رنگ‌ها با پیش‌نمایش یکی است. ولی اسم روی ماگ از چیزی که در "
      "پیش‌نمایش دیدم کوچک‌تر است.",
      design_text_fa="Amir"),
    R("MUG-CUS-NAM", "c9", 5, 9, "Fun to design",
      "Spent far too long trying colour combinations. The glaze is glossy and the name came "
      "out crisp.",
      design_text="Ollie",
      title_fa="طراحی‌اش کلی کیف داد",
      text_fa="کلی وقت صرف امتحان ترکیب‌های رنگی کردم. لعابش براق است و اسم تمیز درآمده.",
      design_text_fa="Omid"),
    R("TEE-CUS-DIY", "c10", 5, 44, "My monogram tee",
      "Navy body, white sleeves and my initials on the chest. The fabric is the same lovely "
      "organic cotton as the Everyday Tee.",
      variant="M", design_text="EDV",
      title_fa="تی‌شرت با حروف اسمم",
      text_fa="تنهٔ سرمه‌ای، آستین سفید و حروف اول اسمم روی سینه. پارچه‌اش همان پنبهٔ ارگانیک "
      "خوب تی‌شرت روزمره است.",
      design_text_fa="MN"),
    R("TEE-CUS-DIY", "c12", 3, 20, "Nice, but it took two weeks",
      "I like the result, but it took twelve days to arrive rather than the five working days "
      "mentioned. The monogram is neatly printed.",
      variant="S", design_text="CM",
      reply="Sorry for the wait, Chloe: a delay at the dye house held up made-to-order tees "
      "that fortnight. The product page now shows the current lead time, so nobody is caught "
      "out again.",
      title_fa="خوب، ولی دو هفته طول کشید",
      text_fa="از نتیجه راضی‌ام، ولی به‌جای پنج روز کاری که گفته شده بود دوازده روز طول کشید تا "
      "برسد. حروف تمیز چاپ شده‌اند.",
      reply_fa="شیرین عزیز، ببخشید که منتظر ماندید: آن دو هفته تأخیری در رنگرزی، تی‌شرت‌های "
      "سفارشی را عقب انداخت. حالا صفحهٔ محصول زمان آماده‌سازی فعلی را نشان می‌دهد تا کسی غافلگیر "
      "نشود.",
      design_text_fa="SA"),
    R("TOTE-CUS-NAM", "c5", 5, 37, "Our allotment bag",
      "Printed our plot number on it, which everyone at the allotment finds very funny. Heavy "
      "canvas, and the red handles look great.",
      design_text="Plot17",
      title_fa="کیف کلاس سفالگری‌مان",
      text_fa="اسم کلاس سفالگری‌مان را رویش چاپ کردیم و حالا همهٔ هم‌کلاسی‌ها یکی می‌خواهند. "
      "کرباس ضخیم و دسته‌های قرمز خیلی قشنگ‌اند.",
      design_text_fa="Sofal17"),
    R("SNK-CUS-RUN", "c4", 3, 18, "Fun to design, took ages",
      "Designing them was great fun and they look brilliant. They took nearly three weeks to "
      "arrive, though, and the sole is firmer than the Trail Runner's.",
      variant="EU 42",
      reply="Thank you, Daniel. Made-to-order sneakers take about two weeks, which we should "
      "show more clearly, and we're sorry yours took longer. The sole softens noticeably over "
      "the first few runs.",
      title_fa="طراحی‌اش جذاب، ولی کلی طول کشید",
      text_fa="طراحی‌شان خیلی سرگرم‌کننده بود و معرکه شده‌اند. ولی نزدیک سه هفته طول کشید تا "
      "برسند و زیره‌شان از کفش دویدن کوهستان سفت‌تر است.",
      reply_fa="رضای عزیز، ممنون. ساخت کتانی‌های سفارشی حدود دو هفته طول می‌کشد که باید واضح‌تر "
      "نشانش دهیم، و متأسفیم که مال شما بیشتر طول کشید. زیره در چند دویدن اول به‌طور محسوسی "
      "نرم‌تر می‌شود."),
]  # fmt: skip


# ---------------------------------------------------------------------------- building


@dataclass
class Reviewer:
    shopper: Shopper
    user: AbstractBaseUser | None  # None for a guest

    def key(self) -> str:
        return reviewer_key(user=self.user, email=self.shopper.email)


def demo_reviews_create(*, colours: dict[str, tuple[str, str]], language: str = ENGLISH) -> int:
    """Write the demo's reviews that do not exist yet, in ``language``, with the orders,
    votes, replies and moderation decisions that go with them; returns how many reviews were
    written.

    ``colours`` gives (colour, accent) by SKU, for the shoppers' photos."""
    # The demo's shoppers are made up: their order and review e-mails go nowhere.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        with transaction.atomic():
            written = _build(colours, language)
        review_summary_rebuild()
    return written


def _build(colours: dict[str, tuple[str, str]], language: str) -> int:
    now = timezone.now()
    skus = {review.sku for review in REVIEWS} | {sku for sku, _variant in CUSTOMER_ORDER}
    products = {page.sku: page for page in ProductPage.objects.live().filter(sku__in=skus)}
    moderator = _moderator()
    reviewers = _reviewers(language)
    submitted = {
        index: now - timedelta(days=review.days_ago, hours=(index * 7) % 11, minutes=index)
        for index, review in enumerate(REVIEWS)
    }
    todo = [
        index
        for index, review in enumerate(REVIEWS)
        if review.sku in products
        and review.by in reviewers
        and not ProductReview.objects.filter(
            product=products[review.sku], reviewer_key=reviewers[review.by].key()
        ).exists()
    ]
    stock = Restock()
    _customer_order(reviewers.get(CUSTOMER), products, stock, moderator, now)
    _orders(todo, products, reviewers, submitted, stock, moderator, language)
    stock.restore()

    written = {}
    for index in sorted(todo, key=lambda index: submitted[index]):
        review = REVIEWS[index]
        reviewer = reviewers[review.by]
        written[index] = _submit(review, products[review.sku], reviewer, colours, language)
    for index, stored in written.items():
        review = REVIEWS[index]
        _moderate(stored, review.outcome, moderator)
        ProductReview.objects.filter(pk=stored.pk).update(submit_date=submitted[index])
        if review.reply and moderator is not None:
            text = in_language(language, review.reply, review.reply_fa)
            reply = review_reply(review=stored, text=text, actor=moderator)
            answered = min(submitted[index] + timedelta(days=1, hours=3), now)
            ProductReview.objects.filter(pk=reply.pk).update(submit_date=answered)
    for index, stored in written.items():
        stored.refresh_from_db(fields=["is_public", "is_removed"])
        for number in REVIEWS[index].helpful:
            voter = reviewers.get(f"c{number}")
            if voter is not None and voter.user.pk != stored.user_id and stored.is_public:
                review_vote(review=stored, user=voter.user, helpful=True)
    return len(written)


def _moderator():
    """The demo's admin: the first active superuser who may moderate reviews, if any."""
    user_model = get_user_model()
    for user in user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk"):
        if can_moderate(user):
            return user
    return None


def _reviewers(language: str) -> dict[str, Reviewer]:
    """The demo customers (made when missing, without a usable password), the guests and
    the demo's ``customer`` user, by their code in REVIEWS, as they are in ``language``."""
    customers, guests, customer_address = shoppers(language)
    user_model = get_user_model()
    reviewers = {}
    for code, shopper in customers.items():
        username = f"demo-customer-{code.removeprefix('c')}"
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username,
                shopper.email,
                password=None,
                first_name=shopper.first_name,
                last_name=shopper.last_name,
            )
        reviewers[code] = Reviewer(shopper, user)
    for code, shopper in guests.items():
        reviewers[code] = Reviewer(shopper, None)
    customer = user_model.objects.filter(username=CUSTOMER).first()
    if customer is not None:
        reviewers[CUSTOMER] = Reviewer(customer_address, customer)
    return reviewers


class Restock:
    """Lets the demo's orders take what they need, then puts every variant back to the stock
    it had: the orders were delivered weeks ago and the shelves have been refilled since."""

    def __init__(self):
        self.levels: dict[int, tuple[ProductVariant, int]] = {}

    def reserve(self, variant: ProductVariant, quantity: int = 1) -> None:
        record = StockRecord.objects.filter(variant=variant).first()
        level = record.quantity if record else 0
        self.levels.setdefault(variant.pk, (variant, level))
        if level < quantity:
            stock_set(variant=variant, quantity=quantity)

    def restore(self) -> None:
        for variant, level in self.levels.values():
            stock_set(variant=variant, quantity=level)


def _variant(product: ProductPage, name: str) -> ProductVariant:
    """The variant of ``product`` named ``name`` in English (found by its SKU in a shop in
    another language), or its first."""
    variants = list(product.variants.order_by("sort_order", "pk"))
    sku = variant_sku(product.sku, name)
    return next(
        (variant for variant in variants if variant.name == name or variant.sku == sku),
        variants[0],
    )


def _customer_order(reviewer, products, stock: Restock, moderator, now) -> None:
    """One delivered order for the demo's ``customer``, unless they have ordered before."""
    if reviewer is None or Order.objects.filter(user=reviewer.user).exists():
        return
    items = [
        (_variant(products[sku], variant), None)
        for sku, variant in CUSTOMER_ORDER
        if sku in products
    ]
    if items:
        delivered = now - timedelta(days=CUSTOMER_DELIVERED_DAYS_AGO, hours=2)
        order_deliver(reviewer, items, stock, moderator, delivered)


def _orders(todo, products, reviewers, submitted, stock: Restock, moderator, language) -> None:
    """The delivered orders that make the reviews in ``todo`` verified: each reviewer's
    purchases, oldest first, a few to an order, delivered days before the first review."""
    purchases: dict[str, list[int]] = {}
    for index in todo:
        review = REVIEWS[index]
        reviewer = reviewers[review.by]
        if not review.bought or _proof(reviewer, products[review.sku]) is not None:
            continue
        purchases.setdefault(review.by, []).append(index)
    for code, indexes in purchases.items():
        indexes.sort(key=lambda index: submitted[index])
        for start in range(0, len(indexes), ITEMS_PER_ORDER):
            chunk = indexes[start : start + ITEMS_PER_ORDER]
            items = [
                (
                    _variant(products[REVIEWS[index].sku], REVIEWS[index].variant),
                    in_language(
                        language, REVIEWS[index].design_text, REVIEWS[index].design_text_fa
                    ),
                )
                for index in chunk
            ]
            delivered = submitted[chunk[0]] - timedelta(days=2 + chunk[0] % 5, hours=5)
            order_deliver(reviewers[code], items, stock, moderator, delivered)


def _proof(reviewer: Reviewer, product: ProductPage) -> Order | None:
    """The received order that makes ``reviewer``'s review of ``product`` verified, if any."""
    if reviewer.user is not None:
        return verified_order(product=product, user=reviewer.user)
    guest_orders = Order.objects.filter(
        user=None, email=reviewer.shopper.email, lines__product=product
    ).order_by("-placed_at", "-pk")
    for order in guest_orders:
        if verified_order(product=product, order=order) is not None:
            return order
    return None


def order_deliver(
    reviewer: Reviewer,
    items,
    stock: Restock,
    moderator,
    delivered: datetime,
    *,
    email: str | None = None,
):
    """Place an order of ``items`` ((variant, design text or None) pairs, one of each) as
    ``reviewer`` through the checkout services, deliver it, and date it ``delivered``."""
    user, shopper = reviewer.user, reviewer.shopper
    cart = Cart.objects.create()  # not the user's own cart, which may hold their shopping
    for variant, text in items:
        stock.reserve(variant)
        design = None
        if text is not None and variant.product.customization_template_id:
            try:
                design = design_create(product=variant.product, choices={}, text=text, owner=user)
            except DesignError:  # a template someone has changed since
                design = None
        cart_add(cart=cart, variant_id=variant.pk, quantity=1, design=design)
    shipping = ShippingMethod.objects.filter(active=True).order_by("sort_order", "pk").first()
    quote = checkout_quote(summary=cart_summary(cart), shipping_method=shipping, user=user)
    order = order_place(
        cart=cart,
        user=user,
        details=CheckoutDetails(
            email=email or (user.email if user is not None else shopper.email),
            full_name=f"{shopper.first_name} {shopper.last_name}",
            address_line1=shopper.address,
            city=shopper.city,
            postal_code=shopper.postal_code,
            country=shopper.country,
            shipping_method_id=shipping.pk,
            payment_method="bank_transfer",
        ),
        checkout_token=checkout_token_issue(cart=cart, quote=quote),
    )
    cart.delete()
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        order_transition(order=order, to_status=status, actor=moderator)
    placed = delivered - timedelta(days=4)
    Order.objects.filter(pk=order.pk).update(placed_at=placed, delivered_at=delivered)
    for status, when in (
        (OrderStatus.PLACED, placed),
        (OrderStatus.PAID, placed + timedelta(hours=3)),
        (OrderStatus.SHIPPED, placed + timedelta(days=1)),
        (OrderStatus.DELIVERED, delivered),
    ):
        OrderEvent.objects.filter(order=order, to_status=status).update(created_at=when)


def _submit(review: DemoReview, product: ProductPage, reviewer: Reviewer, colours, language):
    # A guest writes from the signed link of their review request, which names the order.
    order = _proof(reviewer, product) if reviewer.user is None else None
    photos = []
    if review.photo and review.sku in colours:
        photos.append(_photo(review.sku, *colours[review.sku]))
    return review_submit(
        product=product,
        rating=review.rating,
        title=in_language(language, review.title, review.title_fa),
        text=in_language(language, review.text, review.text_fa),
        name=reviewer.shopper.review_name,
        user=reviewer.user,
        email=reviewer.shopper.email,
        order=order,
        photos=photos,
    )


def _moderate(stored: ProductReview, outcome: str, moderator) -> None:
    """Bring ``stored`` to the moderators' decision, where the policy did not already."""
    if moderator is None or outcome == PENDING or stored.status == outcome:
        return
    review_moderate(review=stored, status=outcome, actor=moderator)


def _photo(sku: str, colour: str, accent: str) -> CleanImage:
    """A shopper's snapshot of the product: its colours on a table top, a little tilted and
    grainy, as a phone would take it; cleaned like any uploaded photo."""
    width, height = 640, 480
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    top, bottom = (228, 218, 203), (170, 152, 130)
    for y in range(height):
        share = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)),
        )
    draw.ellipse((170, 372, 470, 420), fill=(140, 126, 108))
    draw.rounded_rectangle((200, 110, 440, 395), radius=28, fill=colour)
    draw.rectangle((200, 222, 440, 262), fill=accent)
    tilt = (sum(map(ord, sku)) % 9) - 4
    picture = picture.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=bottom)
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    picture = Image.blend(picture, grain, 0.05)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    upload = SimpleUploadedFile(f"{sku.lower()}.jpg", buffer.getvalue(), content_type="image/jpeg")
    return image_upload_clean(upload, name="review")
