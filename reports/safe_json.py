"""JSON that can sit inside an HTML ``<script type="application/json">`` element."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from markupsafe import Markup

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def script_json(value: Any) -> Markup:
    """Serialise ``value`` so that no ``</script>``, ``<!--`` or ``&`` can reach the HTML parser."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_default, allow_nan=False)
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)
