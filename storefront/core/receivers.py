"""Receivers the core app connects in its AppConfig.ready()."""

from storefront.core.pagecache import page_cache_clear


def clear_page_cache(sender, **kwargs):
    """Something guests see changed: cached catalogue pages must not be served again."""
    page_cache_clear()
