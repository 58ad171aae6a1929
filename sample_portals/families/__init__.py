"""One small class per site family; each renders a Portal model into pages and answers requests."""

from __future__ import annotations

from sample_portals.families.base import Site
from sample_portals.families.challenge import ChallengeSite
from sample_portals.families.generic import GenericSite
from sample_portals.families.hanweb import HanwebSite
from sample_portals.families.jsonapi import JsonApiSite
from sample_portals.families.shortdate import ShortDateSite
from sample_portals.families.table import TableSite
from sample_portals.families.trs import Trs6Site, TrsSite

FAMILIES: dict[str, type[Site]] = {
    "trs": TrsSite,
    "trs6": Trs6Site,
    "hanweb": HanwebSite,
    "jsonapi": JsonApiSite,
    "table": TableSite,
    "shortdate": ShortDateSite,
    "challenge": ChallengeSite,
    "generic": GenericSite,
}

__all__ = ["FAMILIES", "Site"]
