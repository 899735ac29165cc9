from typing import Any


def as_id(value: Any) -> int | None:
    """``value`` as a primary key, or None: a bool is an int subclass, but True must not
    stand for the row with primary key 1."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
