"""Rate limits for public writes, on django-ratelimit and the shared cache."""

from django_ratelimit.core import is_ratelimited

from storefront.core import conf


def rate_for(setting: str):
    """A django-ratelimit rate callable that reads ``setting`` at request time."""
    return lambda group, request: conf.get(setting)


def rate_limit_exceeded(request, *, group: str, setting: str, key: str = "") -> bool:
    """Count this request against ``group`` per ``key`` (default: the client IP); True when
    over the limit."""
    return is_ratelimited(
        request,
        group=f"storefront.{group}",
        key=(lambda group, request: key) if key else "ip",
        rate=conf.get(setting),
        increment=True,
    )
