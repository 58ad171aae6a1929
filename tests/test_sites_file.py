"""The sites file: valid files load, broken ones name file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sites import SitesFileError, load_sites

KNOWN = {"policy_docs", "news"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_and_full_site(tmp_path: Path) -> None:
    path = write(tmp_path, """
sites:
  - id: qingzhou
    name: 青州市人民政府
    url: http://127.0.0.11:18001/
  - id: linhai-2
    name: 临海县人民政府
    url: http://127.0.0.12:18001/
    region: 示例省
    level: county
    columns:
      policy_docs: http://127.0.0.12:18001/xxgk/zcwj/index.html
    obey_robots: false
    selectors:
      news: {rows: "ul.list > li", min: 5, max: 30}
""")
    first, second = load_sites(path, KNOWN)
    assert first.id == "qingzhou" and first.columns == {} and first.obey_robots
    assert first.host == "127.0.0.11:18001"
    assert second.columns == {"policy_docs": "http://127.0.0.12:18001/xxgk/zcwj/index.html"}
    assert second.selectors["news"].rows == "ul.list > li"
    assert (second.selectors["news"].min_rows, second.selectors["news"].max_rows) == (5, 30)
    assert not second.obey_robots and second.level == "county"


@pytest.mark.parametrize(("body", "expected"), [
    ("sites:\n  - id: a\n    name: A\n", "第 2 行 sites[0].url：缺少必填项"),
    ("sites:\n  - id: A B\n    name: A\n    url: http://127.0.0.1/\n", "sites[0].id"),
    ("sites:\n  - id: a\n    name: A\n    url: ftp://x/\n", "不是 http(s) 网址"),
    ("sites:\n  - id: a\n    name: A\n    url: http://127.0.0.1/\n    colums: {}\n", "sites[0].colums：未知的键"),
    ("sites:\n  - id: a\n    name: A\n    url: http://127.0.0.1/\n    columns:\n      polcy: http://127.0.0.1/x\n",
     "sites[0].columns.polcy：未知的栏目键"),
    ("sites:\n  - id: a\n    name: A\n    url: http://127.0.0.1/\n  - id: a\n    name: B\n    url: http://127.0.0.2/\n",
     "与第 2 行的站点重复"),
    ("sites:\n  - id: a\n    name: A\n    url: http://127.0.0.1/\n    level: village\n", "sites[0].level"),
    ("sites: [\n", "YAML 格式错误"),
    ("other: 1\n", "缺少顶层键 sites"),
])
def test_broken_files_are_named_precisely(tmp_path: Path, body: str, expected: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(SitesFileError) as caught:
        load_sites(path, KNOWN)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SitesFileError, match="站点文件不存在"):
        load_sites(tmp_path / "nope.yaml")
