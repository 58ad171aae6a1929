"""The ``zwgk`` command: crawl → score → report, each stage alone or all in one go."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from crawler.sites import SitesFileError, load_sites
from crawler.store import SHANGHAI, DatabaseError

console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A problem with the user's input: one sentence, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        console.print(f"[bold red]错误：[/]{escape(self.message)}", highlight=False, soft_wrap=True)


def friendly_errors(func: F) -> F:
    """Turn known input problems into one clear sentence and a non-zero exit."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Imported here so that `zwgk --help` stays fast; every stage exists, none is optional.
        from indicators import IndicatorSystemError
        from reports import ReportError
        from scoring import ScoringError

        try:
            return func(*args, **kwargs)
        except (SitesFileError, DatabaseError, IndicatorSystemError, ScoringError, ReportError) as exc:
            raise UserError(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def today_shanghai() -> date:
    return datetime.now(SHANGHAI).date()


def _as_of(value: str | None) -> date:
    if not value:
        return today_shanghai()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--as-of “{value}” 不是 YYYY-MM-DD 格式的日期") from None


def _check_year(year: int, as_of: date) -> None:
    if as_of < date(year, 1, 1):
        raise UserError(f"--as-of {as_of} 早于评估年度 {year} 的开始，无法评估")


def _validate_inputs(sites: Path, indicators: Path | None) -> None:
    from indicators import load_system

    system = load_system(indicators)
    load_sites(sites, known_columns={column.key for column in system.columns})


year_option = click.option("--year", type=click.IntRange(2000, 2100), required=True,
                           help="评估年度：评估窗口为该年 1 月 1 日至 12 月 31 日。")
as_of_option = click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                            help="基准日（默认今天，上海时区）：计算“多少天未更新”的参照日期。")
db_option = click.option("--db", type=click.Path(dir_okay=False, path_type=Path), required=True,
                         help="DuckDB 数据库文件（各阶段共用）。")
indicators_option = click.option("--indicators", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                                 default=None, help="指标体系 YAML（默认内置体系）。")
sites_option = click.option("--sites", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                            required=True, help="站点文件 sites.yaml。")
settings_option = click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
    help="覆盖一项抓取设置（Scrapy 或 zwgk 的，如 -s DOWNLOAD_TIMEOUT=30 -s ZWGK_MAX_PAGES_PER_COLUMN=300），可多次使用。")
out_option = click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
                          help="报告输出目录。")


def crawl_inputs(command: F) -> F:
    """The options every crawling command takes: sites, year, as-of, database, indicators, settings."""
    for option in reversed((sites_option, year_option, as_of_option, db_option, indicators_option,
                            click.option("--no-progress", is_flag=True, help="不显示实时进度表。"),
                            settings_option)):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zwgk")
def main() -> None:
    """zwgk：政务公开第三方评估 — 抓取政府网站栏目、评分、生成报告。"""


@main.command()
@crawl_inputs
@click.option("--resume", is_flag=True, help="继续最近一次被中断的抓取：已保存的页面不再抓取，条目不重复。")
@click.option("--reuse-run", type=int, default=None, metavar="RUN",
              help="新建一次抓取，但已在第 RUN 次抓取中保存的页面直接取自证据库（修正解析器后重新提取，不再访问网站）。")
@friendly_errors
def crawl(sites: Path, year: int, as_of: str | None, db: Path, indicators: Path | None, no_progress: bool,
          settings: tuple[str, ...], resume: bool, reuse_run: int | None) -> None:
    """抓取站点文件中的每个网站，写入数据库。"""
    if resume and reuse_run is not None:
        raise UserError("--resume 与 --reuse-run 不能同时使用")
    _crawl(sites, year, _as_of(as_of), db, indicators, progress=not no_progress, resume=resume, reuse_run=reuse_run,
           overrides=_parse_settings(settings))


def _parse_settings(pairs: tuple[str, ...]) -> dict[str, Any]:
    """NAME=VALUE pairs; values are read as YAML scalars (numbers, true/false, strings)."""
    import yaml

    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier() or not name.strip().isupper():
            raise UserError(f"-s “{pair}” 应写成 大写设置名=值，例如 -s DOWNLOAD_TIMEOUT=30")
        try:
            overrides[name.strip()] = yaml.safe_load(value) if value.strip() else ""
        except yaml.YAMLError:
            overrides[name.strip()] = value
    return overrides


def _crawl(sites: Path, year: int, as_of: date, db: Path, indicators: Path | None, *, progress: bool,
           resume: bool = False, reuse_run: int | None = None, overrides: dict[str, Any] | None = None) -> int:
    from crawler.progress import summary_table
    from zwgk.crawl import run_crawl

    _check_year(year, as_of)
    _validate_inputs(sites, indicators)
    db.parent.mkdir(parents=True, exist_ok=True)
    if resume or reuse_run is not None:
        _check_stored_run(db, year, as_of, resume, reuse_run)
    summary = run_crawl(sites=sites, year=year, as_of=as_of, db=db, indicators=indicators, progress=progress,
                        resume=resume, reuse_run=reuse_run, overrides=overrides)
    console.print(summary_table(summary))
    if summary.get("finish_reason") != "finished":
        raise click.ClickException(f"抓取被中断（{summary.get('finish_reason')}），运行记录为 incomplete")
    return int(summary["run_id"])


def _check_stored_run(db: Path, year: int, as_of: date, resume: bool, reuse_run: int | None) -> None:
    """Fail before crawling when there is nothing to resume or reuse."""
    from crawler.store import CrawlStore, RunWindow

    if not db.exists():
        raise UserError(f"数据库文件不存在：{db}（--resume / --reuse-run 需要已有的抓取）")
    store = CrawlStore(db)
    try:
        if resume:
            store.resume_run(RunWindow(year, as_of))
            store.con.execute("UPDATE runs SET status = 'incomplete' WHERE run_id = ?", [store.run_id])
        elif reuse_run is not None and not store.has_run(reuse_run):
            raise UserError(f"{db} 中没有第 {reuse_run} 次抓取（--reuse-run）")
    finally:
        store.con.close()


@main.command()
@db_option
@indicators_option
@click.option("--run", "run_id", type=int, default=None, help="评分哪一次抓取（默认最近一次完成的）。")
@click.option("--holidays", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="节假日文件（chinesecalendar 未覆盖的年份使用）。")
@click.option("--allow-incomplete", is_flag=True,
              help="也为未完成（被中断）的抓取评分；结果仅供参考，报告会注明。")
@friendly_errors
def score(db: Path, indicators: Path | None, run_id: int | None, holidays: Path | None,
          allow_incomplete: bool) -> None:
    """按指标体系为一次抓取评分（不重新抓取）。"""
    _score(db, indicators, run_id, holidays, allow_incomplete=allow_incomplete)


def _score(db: Path, indicators: Path | None, run_id: int | None, holidays: Path | None = None, *,
           allow_incomplete: bool = False) -> Any:
    from scoring import score_run

    if not db.exists():
        raise UserError(f"数据库文件不存在：{db}")
    summary = score_run(db, run_id=run_id, indicators_path=indicators, holidays_path=holidays,
                        allow_incomplete=allow_incomplete)
    console.print(f"评分完成：{summary}")
    return summary


@main.command()
@db_option
@out_option
@click.option("--run", "run_id", type=int, default=None, help="报告哪一次运行（默认最近一次已评分的）。")
@friendly_errors
def report(db: Path, out: Path, run_id: int | None) -> None:
    """生成 HTML 评估报告与 Excel/CSV 导出。"""
    print(_report(db, out, run_id))


def _report(db: Path, out: Path, run_id: int | None) -> Path:
    from reports import build_report

    if not db.exists():
        raise UserError(f"数据库文件不存在：{db}")
    return Path(build_report(db, out, run_id=run_id))  # writes the Excel/CSV exports too


@main.command()
@crawl_inputs
@out_option
@friendly_errors
def run(sites: Path, year: int, as_of: str | None, db: Path, indicators: Path | None, out: Path,
        no_progress: bool, settings: tuple[str, ...]) -> None:
    """抓取、评分、生成报告，一次完成。"""
    run_id = _crawl(sites, year, _as_of(as_of), db, indicators, progress=not no_progress,
                    overrides=_parse_settings(settings))
    _score(db, indicators, run_id)
    print(_report(db, out, run_id))


@main.command("serve-demo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("zwgk-demo-sites"),
              show_default=True, help="写入 sites.yaml 与 ground_truth.json 的目录。")
@click.option("--port", type=click.IntRange(0, 65535), default=18001, show_default=True,
              help="各示例网站使用的端口（每个网站有自己的 127.0.0.x 地址）。")
def serve_demo(out: Path, port: int) -> None:
    """只启动示例政府网站（回环地址），写出它们的 sites.yaml，按 Ctrl-C 停止。"""
    from sample_portals import DemoServer, build_portals

    out.mkdir(parents=True, exist_ok=True)
    with DemoServer(build_portals(), port=port) as server:
        server.write_sites_yaml(out / "sites.yaml")
        server.write_ground_truth(out / "ground_truth.json")
        for portal_id, url in server.urls.items():
            console.print(f"  {portal_id:10s} {url}")
        console.print(f"站点文件：{out / 'sites.yaml'}；按 Ctrl-C 停止。")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            console.print("已停止。")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出目录（默认 ./zwgk-demo-<时间>）。")
@click.option("--no-progress", is_flag=True, help="不显示实时进度表。")
@friendly_errors
def demo(out: Path | None, no_progress: bool) -> None:
    """在本机回环地址上启动示例政府网站，完整跑一遍抓取→评分→报告，打印报告路径。"""
    from sample_portals import DEMO_AS_OF, DEMO_YEAR, DemoServer, build_portals

    out = out or Path(f"zwgk-demo-{datetime.now(SHANGHAI):%Y%m%d-%H%M%S}")
    if out.exists() and any(out.iterdir()):
        raise UserError(f"输出目录 {out} 已存在且不为空，请换一个目录")
    out.mkdir(parents=True, exist_ok=True)
    db = out / "audit.duckdb"
    with DemoServer(build_portals(), port=0) as server:
        sites = out / "sites.yaml"
        server.write_sites_yaml(sites)
        server.write_ground_truth(out / "ground_truth.json")
        console.print(f"示例网站已启动（{len(server.urls)} 个），开始抓取 {DEMO_YEAR} 年度，基准日 {DEMO_AS_OF}")
        run_id = _crawl(sites, DEMO_YEAR, DEMO_AS_OF, db, None, progress=not no_progress)
    _score(db, None, run_id)
    index = _report(db, out / "report", run_id)
    console.print("[bold green]报告已生成：[/]")
    print(index.resolve())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
