"""State Council colour cues for a column: green within its cadence, amber near it, red stale;
grey when the crawler failed or doubts the column (our problem, not the site's)."""

from __future__ import annotations

from dataclasses import dataclass

# Commercial monitors warn at 10 days of the homepage's 14-day veto line (DOMAIN.md): the
# same proportion marks a column as "near" its cadence.
NEAR_FRACTION = 10 / 14


@dataclass(frozen=True)
class Cue:
    css: str            # fresh | near | stale | review
    label: str
    cadence_met: bool | None


def column_cue(status: str, review: bool, days_without_update: int | None, cadence_days: int | None) -> Cue:
    if review or status == "failed":
        return Cue("review", "待复核（采集问题）", None)
    if status == "absent":
        return Cue("stale", "未找到栏目", False)
    if status == "broken":
        return Cue("stale", "栏目链接失效", False)
    if status == "empty":
        return Cue("stale", "空白栏目", False)
    if cadence_days is None:
        return Cue("fresh", "有内容（不要求定期更新）", True)
    if days_without_update is None:
        return Cue("review", "未取得发布日期（待复核）", None)
    if days_without_update > cadence_days:
        return Cue("stale", f"超过{cadence_days}天未更新", False)
    if days_without_update >= cadence_days * NEAR_FRACTION:
        return Cue("near", f"接近{cadence_days}天更新期限", True)
    return Cue("fresh", f"{cadence_days}天内已更新", True)
