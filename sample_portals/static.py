"""A large TRS-family portal written as static files, for nginx (the crawl benchmark's target)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sample_portals.content import ContentGenerator, portal_specs_defaults
from sample_portals.families.trs import TrsSite
from sample_portals.ground_truth import portal_truth
from sample_portals.model import Portal

# Share of the postings per column (the rest of a real portal's proportions, roughly).
COLUMN_SHARES: dict[str, tuple[str, float]] = {
    "news": ("政务动态", 0.40), "policy_docs": ("政策文件", 0.15), "notices": ("通知公告", 0.12),
    "double_publicity": ("双公示", 0.12), "major_projects": ("重大项目", 0.08), "personnel": ("人事信息", 0.05),
    "plans": ("规划计划", 0.03), "consultation": ("意见征集", 0.03), "budget": ("财政预决算", 0.02),
}
FIXED_COLUMNS: dict[str, str] = {
    "interpretations": "政策解读", "annual_report": "政府信息公开年报", "guide": "政府信息公开指南",
    "institution": "机构职能",
}


def static_portal(n_postings: int = 10000, seed: int = 0) -> Portal:
    """The benchmark portal's model, rendered by the TRS family (pages in `portal.site.pages`)."""
    if n_postings < 100:
        raise ValueError(f"静态示例门户至少需要 100 条信息，收到 {n_postings}。")
    defaults = portal_specs_defaults()
    # Interpretations come on top of the shares, one for about every other policy document.
    scale = n_postings / (1 + COLUMN_SHARES["policy_docs"][1] * defaults["interpretation_rate"])
    cadence = {key: {"count": [round(scale * share)] * 2} for key, (_, share) in COLUMN_SHARES.items()}
    cadence.update({"annual_report": {"yearly": ["03-26"]}, "guide": {"count": [1, 2]},
                    "institution": {"count": [1, 3]}})
    spec: dict[str, Any] = {
        **defaults, "id": "benchmark", "seed": seed, "name": "示例市人民政府", "place": "示例市",
        "doc_prefix": "示", "family": "trs", "host": "127.0.0.1", "region": "示例省", "level": "city",
        "index_style": "org", "interpretation_methods": ["anchor", "name"],
        "columns": {**{key: label for key, (label, _) in COLUMN_SHARES.items()}, **FIXED_COLUMNS},
        "cadence": cadence,
        "options": {"pinned": {"news": 2}, "external": {"news": 4, "policy_docs": 2},
                    "attachments": {"budget": "pdf", "policy_docs": "doc"}},
    }
    portal = ContentGenerator(spec, uid_base=1_000_000).build()
    TrsSite(portal)
    return portal


def write_static_portal(out_dir: str | Path, n_postings: int = 10000, seed: int = 0,
                        base_url: str = "http://127.0.0.1:18080/") -> dict[str, Any]:
    """Write every page of the benchmark portal under `out_dir` (document root for nginx).

    Returns the root, the page and byte counts, and the portal's ground truth as served at `base_url`.
    """
    root = Path(out_dir)
    portal = static_portal(n_postings, seed)
    total_bytes = 0
    for key, page in portal.site.pages.items():
        if key == "/":
            continue  # index.html answers for "/"
        target = root / key.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.body)
        total_bytes += len(page.body)
    return {
        "root": str(root.resolve()),
        "homepage": "/index.html",
        "base_url": base_url,
        "pages": len(portal.site.pages) - 1,
        "bytes": total_bytes,
        "postings": len(portal.postings()),
        "ground_truth": portal_truth(portal, base_url),
    }


def nginx_server_block(root: str | Path, host: str = "127.0.0.1", port: int = 18080) -> str:
    """An nginx `server {}` block serving a written static portal on a loopback address."""
    return (f"server {{\n    listen {host}:{port};\n    server_name _;\n    root {Path(root).resolve()};\n"
            "    index index.html;\n    charset utf-8;\n    access_log off;\n"
            "    types { text/html html shtml; text/plain txt; application/pdf pdf; "
            "application/msword doc; }\n}\n")
