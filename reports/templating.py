"""The Jinja2 environment of the report: autoescaping everywhere, Chinese wording filters."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from reports.html_helpers import num, snapshot_link, sort_key, url_link
from reports.safe_json import script_json
from reports.vocabulary import (
    COLUMN_STATUS,
    FETCH_PURPOSE,
    LINK_METHOD,
    RESULT_STATUS,
    SITE_LEVEL,
    VETO_LEVEL,
    VETO_RULE,
    pass_fail,
    say,
    yes_no,
)

TEMPLATES = Path(__file__).with_name("templates")
# Every page: scripts only from files in the report folder, nothing from the network.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'"
)
EVIDENCE_SHOWN = 5   # evidence items listed openly under a deduction; the rest fold away


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        script_json=script_json,
        veto_rule=lambda code: say(VETO_RULE, code),
        veto_level=lambda code: say(VETO_LEVEL, code),
        column_status=lambda code: say(COLUMN_STATUS, code),
        result_status=lambda code: say(RESULT_STATUS, code),
        link_method=lambda code: say(LINK_METHOD, code),
        fetch_purpose=lambda code: say(FETCH_PURPOSE, code),
        site_level=lambda code: say(SITE_LEVEL, code),
        yes_no=yes_no,
        pass_fail=pass_fail,
    )
    env.globals.update(url_link=url_link, snapshot_link=snapshot_link, num=num, sort_key=sort_key)
    return env


def render(template: str, **context: Any) -> str:
    context.setdefault("csp", PAGE_CSP)
    context.setdefault("uses_charts", False)
    context.setdefault("evidence_shown", EVIDENCE_SHOWN)
    return environment().get_template(template).render(**context)
