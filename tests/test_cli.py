"""The zwgk command: --help everywhere, bad input in one sentence with a non-zero exit, nothing lost."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from zwgk.cli import main

COMMANDS = ["run", "crawl", "score", "report", "demo", "serve-demo"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output) > 200


def crawl(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["crawl", *args, "--no-progress"])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_broken_sites_file_names_file_line_and_key(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - id: a\n    name: 甲\n    url: http://127.0.0.1:9/\n    columns:\n"
                     "      polcy_docs: http://127.0.0.1:9/x\n", encoding="utf-8")
    code, output = crawl(CliRunner(), "--sites", str(sites), "--year", "2025", "--db", str(tmp_path / "a.duckdb"))
    assert code == 2
    assert "sites.yaml 第 2 行 sites[0].columns.polcy_docs：未知的栏目键" in output
    assert not (tmp_path / "a.duckdb").exists(), "nothing is created when the input is wrong"


def test_bad_dates_are_refused(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - id: a\n    name: 甲\n    url: http://127.0.0.1:9/\n", encoding="utf-8")
    code, output = crawl(CliRunner(), "--sites", str(sites), "--year", "2025", "--as-of", "2025-13-01",
                         "--db", str(tmp_path / "a.duckdb"))
    assert code == 2 and "--as-of “2025-13-01” 不是 YYYY-MM-DD 格式的日期" in output
    code, output = crawl(CliRunner(), "--sites", str(sites), "--year", "2025", "--as-of", "2024-06-01",
                         "--db", str(tmp_path / "a.duckdb"))
    assert code == 2 and "早于评估年度 2025 的开始" in output


def test_corrupt_database_is_named_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "audit.duckdb"
    garbage = b"this is not a duckdb file" * 100
    db.write_bytes(garbage)
    result = CliRunner().invoke(main, ["score", "--db", str(db)])
    assert result.exit_code == 2
    assert str(db) in result.output
    assert db.read_bytes() == garbage, "a corrupt database must not be overwritten"


def test_missing_database_for_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and "数据库文件不存在" in result.output


def test_resume_and_reuse_are_exclusive(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - id: a\n    name: 甲\n    url: http://127.0.0.1:9/\n", encoding="utf-8")
    code, output = crawl(CliRunner(), "--sites", str(sites), "--year", "2025", "--db", str(tmp_path / "a.duckdb"),
                         "--resume", "--reuse-run", "1")
    assert code == 2 and "不能同时使用" in output


def test_reuse_of_a_run_that_does_not_exist(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - id: a\n    name: 甲\n    url: http://127.0.0.1:9/\n", encoding="utf-8")
    db = tmp_path / "a.duckdb"
    duckdb.connect(str(db)).close()
    code, output = crawl(CliRunner(), "--sites", str(sites), "--year", "2025", "--db", str(db), "--reuse-run", "7")
    assert code == 2 and "没有第 7 次抓取" in output


def test_demo_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("用户的文件", encoding="utf-8")
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "已存在且不为空" in result.output
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "用户的文件"


def test_setting_overrides_must_be_name_equals_value(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - id: a\n    name: 甲\n    url: http://127.0.0.1:9/\n", encoding="utf-8")
    code, output = crawl(CliRunner(), "--sites", str(sites), "--year", "2025", "--db", str(tmp_path / "a.duckdb"),
                         "-s", "download_timeout")
    assert code == 2 and "应写成 大写设置名=值" in output


def test_serve_demo_serves_every_portal_until_interrupted(tmp_path: Path) -> None:
    import json
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    import yaml

    out = tmp_path / "sites"
    proc = subprocess.Popen([sys.executable, "-m", "zwgk", "serve-demo", "--out", str(out), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (out / "ground_truth.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        sites = yaml.safe_load((out / "sites.yaml").read_text(encoding="utf-8"))["sites"]
        truth = {p["id"]: p for p in json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))["portals"]}
        assert len(sites) == 9
        for site in sites:
            if truth[site["id"]]["reachable"] and not truth[site["id"]].get("needs_browser"):
                with urllib.request.urlopen(site["url"], timeout=10) as answer:
                    assert answer.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "已停止" in err
