"""Fuzzy interpretation → policy linking, the last resort after anchor, 文号 and 《》 name links.

Titles are reduced to what names the document (no issuer, no 关于印发…的通知 wrapper, no
解读/图解 wording, no punctuation) and compared with rapidfuzz; the best policy published on or
before the interpretation wins if it clears the threshold.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from rapidfuzz import fuzz, process

_PUNCTUATION = str.maketrans("", "", " \t\r\n\u3000《》〈〉“”\"'‘’：:，,。、；;！!？?（）()[]【】〔〕—-_·…")
_INNER_NAME = re.compile(r"《([^》]+)》")
_ISSUING_VERBS = ("印发", "转发", "公布", "发布")
_DOCUMENT_KINDS = ("的通知", "的通告", "的公告", "的决定", "的批复", "的函")


@dataclass(frozen=True)
class TitledPosting:
    site_id: str
    ref: int  # identifies the posting to the caller (a row id)
    title: str
    published_date: date | None


@dataclass(frozen=True)
class FuzzyLink:
    interpretation_ref: int
    policy_ref: int
    confidence: float  # 0..1


def interpretation_key(title: str, keywords: Iterable[str]) -> str:
    """The part of an interpretation title that names its policy."""
    text = title.translate(_PUNCTUATION)
    for phrase in ("一图读懂", "政策解读", "图解政策", "新闻发布会", "答记者问", *keywords, "关于", "的"):
        text = text.replace(phrase, "")
    return text


def _strip_wrappers(title: str) -> str:
    """The issuer before 关于, an issuing verb after it and a trailing 的通知-like kind are not the name."""
    start = title.find("关于")
    if start >= 0:
        title = title[start + 2:]
        for verb in _ISSUING_VERBS:
            if title.startswith(verb):
                title = title[len(verb):]
                break
    for kind in _DOCUMENT_KINDS:
        if title.endswith(kind):
            return title[: -len(kind)]
    return title


def policy_keys(title: str) -> list[str]:
    """Forms of a policy title worth comparing: its document name and any 《》 name inside it."""
    main = _strip_wrappers(title).translate(_PUNCTUATION).replace("的", "")
    if "《" not in title:
        return [main] if main else []
    keys = {main, *(name.translate(_PUNCTUATION).replace("的", "") for name in _INNER_NAME.findall(title))}
    return sorted(key for key in keys if key)


@dataclass(frozen=True)
class _SiteChoices:
    """A site's policy title keys, newest policy first, with the dates to cut them by."""

    keys: list[str]
    owners: list[TitledPosting]
    negated_days: list[int]  # -date.toordinal(), ascending, for bisect


def _site_choices(policies: list[TitledPosting]) -> dict[str, _SiteChoices]:
    by_site: dict[str, _SiteChoices] = {}
    for site, group in groupby(sorted(policies, key=lambda p: p.site_id), key=lambda p: p.site_id):
        # newest first: on a tie extractOne keeps the first choice, i.e. the latest policy
        ordered = sorted(group, key=lambda p: (p.published_date or date.min, p.ref), reverse=True)
        keys: list[str] = []
        owners: list[TitledPosting] = []
        negated: list[int] = []
        for policy in ordered:
            for key in policy_keys(policy.title):
                keys.append(key)
                owners.append(policy)
                negated.append(-(policy.published_date or date.min).toordinal())
        by_site[site] = _SiteChoices(keys, owners, negated)
    return by_site


def fuzzy_links(interpretations: list[TitledPosting], policies: list[TitledPosting],
                keywords: Iterable[str], threshold: float) -> list[FuzzyLink]:
    """Best policy per interpretation, among the same site's policies published no later than it."""
    keywords = list(keywords)
    choices_by_site = _site_choices(policies)
    links: list[FuzzyLink] = []
    for interp in interpretations:
        choices = choices_by_site.get(interp.site_id)
        if choices is None or interp.published_date is None:
            continue
        first = bisect.bisect_left(choices.negated_days, -interp.published_date.toordinal())
        query = interpretation_key(interp.title, keywords)
        if len(query) < 4 or first >= len(choices.keys):
            continue
        best = process.extractOne(query, choices.keys[first:], scorer=fuzz.ratio, score_cutoff=threshold)
        if best is None:
            continue
        _, score, index = best
        links.append(FuzzyLink(interp.ref, choices.owners[first + index].ref, round(score / 100, 4)))
    return links
