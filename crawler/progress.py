"""A live per-site progress view while crawling, and the summary table at the end (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

COLUMN_STATUSES = {"ok": "正常(ok)", "empty": "空白(empty)", "broken": "链接失效(broken)",
                   "absent": "未找到(absent)", "failed": "抓取失败(failed)"}
RENDER_REASONS = {"challenge": "脚本验证", "js_shell": "脚本填充的列表", "config": "站点配置"}
PHASES = {"homepage": "首页", "discovery": "发现栏目", "columns": "抓取栏目", "done": "完成", "unreachable": "无法访问"}


def site_table(states: dict[str, Any]) -> Table:
    table = Table(title="zwgk 抓取进度", expand=False)
    for header in ("站点", "阶段", "栏目(完成/找到)", "页面", "条目", "错误"):
        table.add_column(header, justify="right" if header in ("页面", "条目", "错误") else "left")
    for site_id, state in states.items():
        done = sum(1 for column in state.columns.values() if column.finished)
        table.add_row(site_id, PHASES.get(state.phase, state.phase), f"{done}/{len(state.columns)}",
                      str(state.pages_requested), str(state.postings), str(sum(state.errors.values())))
    return table


def summary_table(summary: dict[str, Any]) -> Table:
    table = Table(title=f"抓取小结（run {summary.get('run_id')}）", show_header=False)
    table.add_column("项目")
    table.add_column("数值")
    columns = summary.get("columns", {})
    table.add_row("站点", f"{summary.get('sites')}（无法访问：{', '.join(summary.get('unreachable', [])) or '无'}）")
    table.add_row("栏目", "，".join(f"{COLUMN_STATUSES.get(k, k)} {v}" for k, v in sorted(columns.items())) or "无")
    table.add_row("信息条目", str(summary.get("postings")))
    reasons = summary.get("rendered_by_reason") or {}
    why = "：" + "，".join(f"{RENDER_REASONS.get(k, k)} {v}" for k, v in sorted(reasons.items())) if reasons else ""
    replayed = summary.get("replayed_from_store") or 0
    reused = f"；取自证据库 {replayed}" if replayed else ""
    table.add_row("抓取请求", f"{summary.get('fetches')}（浏览器渲染 {summary.get('rendered', 0)}{why}{reused}）")
    errors = summary.get("errors") or {}
    table.add_row("抓取错误", "，".join(f"{k} {v}" for k, v in sorted(errors.items())) or "无")
    parser_errors = summary.get("parser_errors") or {}
    table.add_row("解析出错", "，".join(f"{k} {v}" for k, v in parser_errors.items()) or "无")
    caps = summary.get("caps_hit") or {}
    table.add_row("触及上限", "，".join(f"{k}: {', '.join(v)}" for k, v in caps.items()) or "无")
    if summary.get("review"):
        table.add_row("待复核栏目", "\n".join(summary["review"]))
    return table


class LiveProgress:
    """Scrapy extension: redraws the per-site table twice a second when stderr is a terminal."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.console = Console(stderr=True)
        self.live: Live | None = None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> LiveProgress:
        if not crawler.settings.getbool("ZWGK_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider: Any) -> None:
        if not self.console.is_terminal:
            return
        self.live = Live(site_table(spider.states), console=self.console, refresh_per_second=4, transient=False)
        self.live.start()
        self.loop = task.LoopingCall(self.refresh, spider)
        self.loop.start(0.5, now=False)

    def refresh(self, spider: Any) -> None:
        if self.live is not None:
            self.live.update(site_table(spider.states))

    def closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.update(site_table(spider.states))
            self.live.stop()
