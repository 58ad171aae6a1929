"""Sample government portals: the crawler's test bed and the demo (docs/CONTRACTS.md)."""

from __future__ import annotations

from sample_portals.content import generate_portals
from sample_portals.families import FAMILIES
from sample_portals.ground_truth import DEMO_AS_OF, DEMO_YEAR, ground_truth
from sample_portals.model import CANONICAL_KEYS, Fault, Portal
from sample_portals.server import DemoServer, RequestRecord


def build_portals() -> list[Portal]:
    """The nine sample portals, deterministically: content models with their renderers attached."""
    portals = generate_portals()
    for portal in portals:
        family = FAMILIES.get(portal.family)
        if family is not None:
            family(portal)
        else:
            portal.faults.append(Fault("unreachable", "/", "该地址上没有服务监听，连接被拒绝"))
    return portals


__all__ = ["CANONICAL_KEYS", "DEMO_AS_OF", "DEMO_YEAR", "DemoServer", "Portal", "RequestRecord",
           "build_portals", "ground_truth"]
