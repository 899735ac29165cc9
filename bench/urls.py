"""The demo site's URLs plus ``bench/bare/``: the baseline of bench/page_rate.py."""

from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

SECTIONS = [
    (f"Section {n}", f"Static paragraph number {n} of the baseline page.") for n in range(1, 9)
]


def bare(request):
    """A 10 KB page from the template engine with a little context and no database access:
    no session, user, messages, CSRF token or cart is looked at (see the template)."""
    return render(request, "bench/bare.html", {"title": "Bare page", "sections": SECTIONS})


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urlpatterns]
