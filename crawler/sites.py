"""The sites file: which portals to crawl, validated with messages that name file, line and key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

SITE_ID = re.compile(r"^[a-z0-9_-]{1,64}$")
LEVELS = ("province", "city", "county", "department")
SITE_KEYS = {"id", "name", "url", "region", "level", "columns", "render", "obey_robots", "selectors"}
SELECTOR_KEYS = {"rows", "min", "max"}


class SitesFileError(ValueError):
    """A sites file that cannot be used; the message names file, line and key."""


@dataclass(frozen=True)
class SelectorOverride:
    rows: str
    min_rows: int = 1
    max_rows: int = 200


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    url: str
    region: str | None = None
    level: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    render: bool = False
    obey_robots: bool = True
    selectors: dict[str, SelectorOverride] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def load_sites(path: str | Path, known_columns: set[str] | None = None) -> list[Site]:
    """Read and validate a sites file. ``known_columns`` checks ``columns:`` override keys."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SitesFileError(f"站点文件不存在：{path}") from None
    except UnicodeDecodeError as exc:
        raise SitesFileError(f"{path}：不是 UTF-8 编码的文本（{exc.reason}）") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise SitesFileError(f"{path}{where}：YAML 格式错误（{getattr(exc, 'problem', exc)}）") from None
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise SitesFileError(f"{path}：缺少顶层键 sites（应为站点列表）")
    if not data["sites"]:
        raise SitesFileError(f"{path}：sites 列表为空")

    sites: list[Site] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["sites"]):
        sites.append(_parse_site(path, index, raw, seen, known_columns))
    return sites


def _parse_site(
    path: Path, index: int, raw: object, seen: dict[str, int], known_columns: set[str] | None
) -> Site:
    if not isinstance(raw, dict):
        raise SitesFileError(f"{path}：sites[{index}] 应为键值映射（id、name、url …）")
    line = raw.get("__line__", "?")

    def fail(key: str, problem: str) -> SitesFileError:
        return SitesFileError(f"{path} 第 {line} 行 sites[{index}].{key}：{problem}")

    unknown = sorted(set(raw) - SITE_KEYS - {"__line__"})
    if unknown:
        raise fail(unknown[0], f"未知的键（可用：{', '.join(sorted(SITE_KEYS))}）")
    for key in ("id", "name", "url"):
        if key not in raw or raw[key] in (None, ""):
            raise fail(key, "缺少必填项")
    site_id = str(raw["id"])
    if not SITE_ID.match(site_id):
        raise fail("id", f"“{site_id}” 只能由小写字母、数字、_ 和 - 组成")
    if site_id in seen:
        raise fail("id", f"“{site_id}” 与第 {seen[site_id]} 行的站点重复")
    seen[site_id] = line if isinstance(line, int) else 0
    if not _is_http_url(raw["url"]):
        raise fail("url", f"“{raw['url']}” 不是 http(s) 网址")
    level = raw.get("level")
    if level is not None and level not in LEVELS:
        raise fail("level", f"“{level}” 应为 {' / '.join(LEVELS)} 之一")

    columns: dict[str, str] = {}
    for key, url in (raw.get("columns") or {}).items():
        if key == "__line__":
            continue
        if known_columns is not None and key not in known_columns:
            raise fail(f"columns.{key}", f"未知的栏目键（可用：{', '.join(sorted(known_columns))}）")
        if not _is_http_url(url):
            raise fail(f"columns.{key}", f"“{url}” 不是 http(s) 网址")
        columns[key] = str(url)

    selectors: dict[str, SelectorOverride] = {}
    for key, spec in (raw.get("selectors") or {}).items():
        if key == "__line__":
            continue
        if known_columns is not None and key not in known_columns:
            raise fail(f"selectors.{key}", "未知的栏目键")
        if not isinstance(spec, dict) or not isinstance(spec.get("rows"), str):
            raise fail(f"selectors.{key}", "应为 {rows: CSS 选择器, min: 数量, max: 数量}")
        extra = sorted(set(spec) - SELECTOR_KEYS - {"__line__"})
        if extra:
            raise fail(f"selectors.{key}.{extra[0]}", "未知的键（可用：rows、min、max）")
        selectors[key] = SelectorOverride(spec["rows"], int(spec.get("min", 1)), int(spec.get("max", 200)))

    for flag in ("render", "obey_robots"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise fail(flag, "应为 true 或 false")

    return Site(
        id=site_id,
        name=str(raw["name"]),
        url=str(raw["url"]),
        region=None if raw.get("region") is None else str(raw["region"]),
        level=level,
        columns=columns,
        render=bool(raw.get("render", False)),
        obey_robots=bool(raw.get("obey_robots", True)),
        selectors=selectors,
    )
