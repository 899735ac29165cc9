"""Receivers the core app connects in its AppConfig.ready()."""

from storefront.core.pagecache import page_cache_clear


def clear_page_cache(sender, **kwargs):
    """Something guests see changed: cached catalogue pages must not be served again."""
    page_cache_clear()


def clear_page_cache_on_settings_change(sender, created=False, **kwargs):
    """Site settings are created with their defaults the first time a page reads them, while
    that page renders; only an editor's change makes cached pages wrong."""
    if not created:
        page_cache_clear()
