"""Seeded content generator: portal specs (portals.yaml) + vocabulary (content.yaml) → Portal models.

Deterministic: every random choice comes from a `random.Random` seeded with the portal id, and no
result depends on today's date or on set ordering.
"""

from __future__ import annotations

import calendar
import random
import re
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from sample_portals.model import CANONICAL_KEYS, Column, Portal, Posting, policy_name

# Short path names per column, as a Chinese CMS would abbreviate them (pinyin initials).
SLUGS: dict[str, str] = {
    "institution": "jgzn", "guide": "gkzn", "policy_docs": "zcwj", "interpretations": "zcjd",
    "news": "gzdt", "notices": "tzgg", "plans": "ghjh", "personnel": "rsxx", "budget": "czyjs",
    "major_projects": "zdxm", "consultation": "yjzj", "double_publicity": "sgs",
    "proposals": "jyta", "audit": "sjjg", "fees": "sfml", "annual_report": "ndbg",
}
# Category codes for dash-style 索引号 (e.g. 2025-02-00018): not dates, on purpose.
INDEX_CATEGORIES: dict[str, int] = {key: n + 1 for n, key in enumerate(CANONICAL_KEYS)}
DEFAULT_PUBLISHER_DEPT: dict[str, str] = {
    "budget": "财政局", "audit": "审计局", "major_projects": "发展和改革局", "fees": "财政局",
    "personnel": "人力资源和社会保障局", "double_publicity": "市场监督管理局",
}


@cache
def _yaml(name: str) -> dict[str, Any]:
    text = resources.files("sample_portals").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def portal_specs_defaults() -> dict[str, Any]:
    return _yaml("portals.yaml")["defaults"]


def portal_specs() -> list[dict[str, Any]]:
    """The portal specs of portals.yaml, each merged over the defaults."""
    data = _yaml("portals.yaml")
    defaults = data["defaults"]
    specs = []
    for raw in data["portals"]:
        spec = {**defaults, **raw}
        spec["cadence"] = {**defaults["cadence"], **raw.get("cadence", {})}
        specs.append(spec)
    return specs


class ContentGenerator:
    """Generates the columns and postings of one portal from its spec."""

    def __init__(self, spec: dict[str, Any], uid_base: int) -> None:
        self.spec = spec
        self.place: str = spec["place"]
        seed_text = f"zwgk-sample:{spec['id']}" + (f":{spec['seed']}" if "seed" in spec else "")
        self.rng = random.Random(seed_text)
        self.vocab = _yaml("content.yaml")
        self.slots: dict[str, list[str]] = dict(self.vocab["slots"])
        rare = spec.get("options", {}).get("rare_names")
        if rare:
            self.slots["person"] = list(rare)
        self.next_uid = uid_base
        self.start: date = spec["start"]
        self.end: date = spec["end"]
        self.used_titles: set[str] = set()
        self.used_policy_names: set[str] = set()

    # ---- public -------------------------------------------------------------------------------

    def build(self) -> Portal:
        spec = self.spec
        options = spec.get("options") or {}
        columns: dict[str, Column] = {}
        for key in CANONICAL_KEYS:
            label = spec["columns"].get(key)
            if label is None:
                continue
            if key in spec.get("broken", []):
                status = "broken"
            elif key in spec.get("empty", []):
                status = "empty"
            else:
                status = "ok"
            column = Column(key=key, label=label, status=status, slug=SLUGS[key])
            if status == "ok" and key != "interpretations":
                until = spec.get("until", {}).get(key, self.end)
                column.postings = [self._posting(key, d) for d in self._dates(key, until)]
            columns[key] = column
        self._add_boundary_postings(columns, options.get("boundary_days", []))
        if "policy_docs" in columns:
            self._number_policies(columns["policy_docs"].postings)
            self._add_interpretations(columns)
        self._mark_external(columns, options.get("external", {}))
        self._mark_attachments(columns, options.get("attachments", {}))
        self._assign_index_numbers(columns)
        for column in columns.values():
            column.postings.sort(key=lambda p: (p.published, p.uid), reverse=True)
        self._pin(columns, options.get("pinned", {}))
        return Portal(
            id=spec["id"], name=spec["name"], place=self.place, family=spec["family"],
            host=spec["host"], region=spec["region"], level=spec["level"], columns=columns,
            options=options, seed=self.rng.randrange(10**9),
            reachable=spec["family"] != "unreachable",
            stale_until=self._stale_until(columns),
        )

    def _stale_until(self, columns: dict[str, Column]) -> dict[str, date]:
        stale = {key: day for key, day in (self.spec.get("until") or {}).items() if key in columns}
        if self.end < portal_specs_defaults()["end"]:
            stale["homepage"] = self.end
        return stale

    # ---- dates --------------------------------------------------------------------------------

    def _dates(self, key: str, until: date) -> list[date]:
        mode, arg = next(iter(self.spec["cadence"][key].items()))
        rng, start = self.rng, self.start
        if mode == "gap":
            days, day = [], until
            while day >= start:
                days.append(day)
                day -= timedelta(days=rng.randint(*arg))
            return days
        if mode == "per_month":
            days = []
            year, month = start.year, start.month
            while date(year, month, 1) <= until:
                last = calendar.monthrange(year, month)[1]
                candidates = [date(year, month, d) for d in range(1, last + 1)
                              if start <= date(year, month, d) <= until]
                count = min(rng.randint(*arg), len(candidates))
                days.extend(sorted(rng.sample(candidates, count)))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return days
        if mode == "yearly":
            days = []
            for year in range(start.year, until.year + 1):
                for month_day in arg:
                    month, day_of_month = (int(x) for x in month_day.split("-"))
                    day = date(year, month, day_of_month) + timedelta(days=rng.randint(-3, 3))
                    if start <= day <= until:
                        days.append(day)
            return days
        if mode == "count":
            span = (until - start).days
            return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(rng.randint(*arg)))
        raise ValueError(f"portals.yaml 中栏目 {key} 的更新频率模式 {mode} 无法识别。")

    # ---- titles and bodies --------------------------------------------------------------------

    def _fill(self, template: str, day: date, extra: dict[str, str] | None = None) -> str:
        values = {"place": self.place, "year": str(day.year), "prev_year": str(day.year - 1),
                  "month": str(day.month), "n": str(self.rng.randint(1, 260))}
        values.update(extra or {})

        def slot(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in values:
                return values[name]
            return self.rng.choice(self.slots[name])

        return re.sub(r"\{(\w+)\}", slot, template)

    def _title(self, group: str, day: date, extra: dict[str, str] | None = None) -> str:
        templates = self.vocab["titles"][group]
        if group == "budget":
            word = "预算" if day.month <= 6 else "决算"
            templates = [t for t in templates if word in t]
        title = ""
        for _ in range(30):
            title = self._fill(self.rng.choice(templates), day, extra)
            if title not in self.used_titles:
                break
        else:
            title = f"{title}（{day.month}月）"
        self.used_titles.add(title)
        return title

    def _body(self, day: date, extra: dict[str, str] | None = None) -> list[str]:
        sentences = self.rng.sample(self.vocab["body"], 3)
        return [self._fill(s, day, extra) for s in sentences]

    def _publisher(self, key: str) -> str:
        dept = DEFAULT_PUBLISHER_DEPT.get(key)
        return f"{self.place}{dept}" if dept else f"{self.place}人民政府办公室"

    def _uid(self) -> int:
        self.next_uid += self.rng.randint(1, 9)
        return self.next_uid

    def _posting(self, key: str, day: date) -> Posting:
        if key == "policy_docs":
            # A policy's name (its 《》 part) must be unique, or a name-only interpretation is ambiguous.
            for _ in range(30):
                topic = self.rng.choice(self.slots["topic"])
                group = "policy_docs" if self.rng.random() < 0.7 else "policy_opinion"
                title = self._title(group, day, {"topic": topic})
                name = policy_name(title)
                if name not in self.used_policy_names:
                    break
            self.used_policy_names.add(name)
            addressees = f"各乡镇人民政府、街道办事处，{self.place}政府各部门："
            if "《" in title:
                name = title[title.index("《") + 1 : title.index("》")]
                opening = f"{addressees}现将《{name}》印发给你们，请结合实际认真贯彻执行。"
            else:
                opening = f"{addressees}为{self.rng.choice(self.slots['action'])}{topic}工作，现提出如下意见。"
            body = [opening, *self._body(day, {"topic": topic})]
        else:
            title = self._title(key, day)
            body = self._body(day)
        return Posting(uid=self._uid(), column_key=key, title=title, published=day,
                       publisher=self._publisher(key), body=body)

    # ---- special postings ---------------------------------------------------------------------

    def _add_boundary_postings(self, columns: dict[str, Column], days: list[str]) -> None:
        """Postings on both sides of a year boundary, for year inference from short dates."""
        for n, text in enumerate(days):
            day = date.fromisoformat(text)
            for key in ("news", "notices") if n % 2 == 0 else ("news", "policy_docs"):
                column = columns.get(key)
                if column and column.status == "ok" and day not in {p.published for p in column.postings}:
                    column.postings.append(self._posting(key, day))

    def _number_policies(self, policies: list[Posting]) -> None:
        prefix = self.spec["doc_prefix"]
        kinds = [f"{prefix}政发", f"{prefix}政办发", f"{prefix}政规"]
        counters: dict[tuple[str, int], int] = {}
        for policy in sorted(policies, key=lambda p: (p.published, p.uid)):
            # The issuing office in the title decides the kind of number (政办发 for the 办公室).
            if policy.title.startswith(f"{self.place}人民政府办公室"):
                kind = kinds[1]
            elif policy.title.startswith(f"{self.place}人民政府"):
                kind = self.rng.choice([kinds[0], kinds[2]])
            else:
                kind = self.rng.choice(kinds)
            policy.written = policy.published - timedelta(days=self.rng.randint(2, 12))
            number = counters.get((kind, policy.written.year), 0) + self.rng.randint(1, 3)
            counters[(kind, policy.written.year)] = number
            policy.doc_no = f"{kind}〔{policy.written.year}〕{number}号"
            office = "人民政府办公室" if "办" in kind else "人民政府"
            policy.publisher = f"{self.place}{office}"

    def _add_interpretations(self, columns: dict[str, Column]) -> None:
        spec = self.spec
        methods: list[str] = spec.get("interpretation_methods") or []
        target = columns.get("interpretations")
        if not methods or target is None or target.status != "ok":
            return
        end = spec.get("until", {}).get("interpretations", self.end)
        for policy in sorted(columns["policy_docs"].postings, key=lambda p: (p.published, p.uid)):
            if self.rng.random() >= spec["interpretation_rate"]:
                continue
            day = policy.published + timedelta(days=self.rng.choice(spec["interpretation_lags"]))
            method = self.rng.choice(methods)
            if day > end:
                continue
            topic = next((t for t in self.slots["topic"] if t in policy.title), self.slots["topic"][0])
            if method == "name":
                title = self._title("interpretations_name", day, {"policy_name": policy.policy_name})
            else:
                title = self._title("interpretations_plain", day, {"topic": topic})
            if method == "doc_no":
                body = [f"近日，{self.place}印发{policy.doc_no}文件，现就文件出台背景和主要内容解读如下。"]
            elif method == "name":
                body = [f"近日，《{policy.policy_name}》正式印发，现就有关内容解读如下。"]
            else:
                body = ["为便于社会公众理解相关政策，现将文件主要内容解读如下。"]
            body += self._body(day, {"topic": topic})
            home = columns["news"] if method == "other_column" else target
            home.postings.append(Posting(
                uid=self._uid(), column_key=home.key, title=title, published=day,
                publisher=policy.publisher, body=body, interprets=policy, link_method=method))

    def _mark_external(self, columns: dict[str, Column], counts: dict[str, int]) -> None:
        for key, count in counts.items():
            postings = [p for p in columns[key].postings if p.interprets is None and not _is_interpreted(
                p, columns)]
            for n, posting in enumerate(self.rng.sample(postings, count)):
                day = posting.published
                if key == "news" and n % 2 == 1:
                    posting.title = self._title("wechat_news", day)
                    token = "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
                                    for _ in range(22))
                    posting.external_url = f"https://mp.weixin.qq.com/s/{token}"
                    posting.publisher = f"{self.place}发布"
                else:
                    posting.title = self._title("external_news", day)
                    posting.external_url = (f"http://www.gov.cn/zhengce/content/{day:%Y%m}/"
                                            f"content_{self.rng.randint(7000000, 7099999)}.htm")
                    posting.publisher = "中国政府网"
                posting.doc_no = posting.written = None

    def _mark_attachments(self, columns: dict[str, Column], exts: dict[str, str]) -> None:
        for key, ext in exts.items():
            postings = [p for p in columns[key].postings
                        if p.external_url is None and not _is_interpreted(p, columns)]
            for posting in self.rng.sample(postings, min(2, len(postings))):
                posting.attachment_ext = ext
                posting.doc_no = posting.written = None

    def _assign_index_numbers(self, columns: dict[str, Column]) -> None:
        style = self.spec.get("index_style", "org")
        org_code = f"11{self.rng.randint(100000, 999999)}MB{self.rng.randint(1000000, 9999999)}X"
        serials: dict[tuple[int, str], int] = {}
        everything = [p for c in columns.values() for p in c.postings]
        for posting in sorted(everything, key=lambda p: (p.published, p.uid)):
            if posting.external_url or posting.attachment_ext:
                continue
            year = posting.published.year
            if style == "dash":
                code = f"{INDEX_CATEGORIES[posting.column_key]:02d}"
                serials[(year, code)] = serials.get((year, code), 0) + 1
                posting.index_no = f"{year}-{code}-{serials[(year, code)]:05d}"
            else:
                serials[(year, "")] = serials.get((year, ""), 0) + 1
                posting.index_no = f"{org_code}/{year}-{serials[(year, '')]:05d}"

    def _pin(self, columns: dict[str, Column], counts: dict[str, int]) -> None:
        for key, count in counts.items():
            postings = columns[key].postings
            oldest = [p for p in postings if p.external_url is None][-count:]
            for posting in oldest:
                posting.pinned = True
            columns[key].postings = oldest + [p for p in postings if not p.pinned]


def _is_interpreted(posting: Posting, columns: dict[str, Column]) -> bool:
    return any(p.interprets is posting for c in columns.values() for p in c.postings)


def generate_portals() -> list[Portal]:
    """Content models of all sample portals, in portals.yaml order (no paths assigned yet)."""
    return [ContentGenerator(spec, uid_base=100000 * (n + 1)).build()
            for n, spec in enumerate(portal_specs())]
