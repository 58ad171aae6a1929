"""Chinese wording for the codes stored in the database (statuses, methods, veto rules)."""

from __future__ import annotations

COLUMN_STATUS = {
    "ok": "正常",
    "empty": "空白栏目",
    "broken": "链接失效",
    "absent": "未找到栏目",
    "failed": "采集失败",
}

RESULT_STATUS = {
    "full": "满分",
    "deducted": "扣分",
    "excluded": "不计分（待复核）",
}

LINK_METHOD = {
    "anchor": "原文链接",
    "doc_no": "引用文号",
    "name": "引用文件名称《》",
    "fuzzy": "标题相似",
    "other_column": "其他栏目",
}

VETO_RULE = {
    "unreachable": "网站无法访问",
    "homepage_stale": "首页长期未更新",
    "blank_columns": "空白栏目过多",
    "stale_columns": "栏目长期未更新过多",
    "stale_top_columns": "主要栏目长期未更新过多",
    "long_stale_columns": "栏目超过一年未更新过多",
    "fake_dates": "发布日期造假",
    "unanswered_enquiries": "互动留言长期未回复",
}

VETO_LEVEL = {"veto": "单项否决", "warning": "预警"}

SITE_LEVEL = {"province": "省级", "city": "市级", "county": "县级", "department": "部门"}

FETCH_PURPOSE = {
    "robots": "robots.txt",
    "homepage": "首页",
    "discovery": "栏目发现",
    "list": "列表页",
    "detail": "详情页",
}


def say(table: dict[str, str], code: str | None) -> str:
    """The Chinese word for ``code``, or the code itself when the table does not know it."""
    if code is None:
        return ""
    return table.get(code, code)


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "是" if value else "否"


def pass_fail(passed: bool | None) -> str:
    if passed is None:
        return ""
    return "及格" if passed else "不及格"
