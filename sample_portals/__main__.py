"""`python -m sample_portals serve --out DIR [--port 18001]`: serve the sample portals until Ctrl-C."""

from __future__ import annotations

import time
from pathlib import Path

import click

from sample_portals import DemoServer, build_portals


@click.group()
def main() -> None:
    """zwgk 示例政府网站（测试靶场）。"""


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="写入 sites.yaml 与 ground_truth.json 的目录。")
@click.option("--port", type=click.IntRange(0, 65535), default=18001, show_default=True,
              help="各网站使用的端口（每个网站有自己的 127.0.0.x 地址；0 表示随机空闲端口）。")
def serve(out: Path, port: int) -> None:
    """启动全部示例网站，写出 sites.yaml 与 ground_truth.json，按 Ctrl-C 停止。"""
    out.mkdir(parents=True, exist_ok=True)
    try:
        server = DemoServer(build_portals(), port=port).start()
    except OSError as error:
        raise click.ClickException(str(error)) from error
    try:
        server.write_sites_yaml(out / "sites.yaml")
        server.write_ground_truth(out / "ground_truth.json")
        for portal_id, url in server.urls.items():
            click.echo(f"  {portal_id:10s} {url}")
        click.echo(f"站点文件：{out / 'sites.yaml'}；真值：{out / 'ground_truth.json'}；按 Ctrl-C 停止。")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("已停止。")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
