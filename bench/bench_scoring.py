"""Benchmark: full scoring of a synthetic crawl database; prints time and peak memory.

    python -m bench.bench_scoring                       # 3,000 sites × 20 columns, 1 M and 10 M postings
    python -m bench.bench_scoring --postings 2000000    # one size only

Each scoring runs in a fresh child process; a thread samples /proc/self/status and the kernel's
VmHWM gives the peak resident memory of the whole process, DuckDB's buffers included.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import make_synthetic_db

REPO = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 60
GOAL_BYTES = 4 * 1024**3

CHILD = """
import json, sys, threading, time
sys.path.insert(0, {repo!r})

def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

peak = [0]
stop = threading.Event()
def sample():
    while not stop.is_set():
        peak[0] = max(peak[0], status_kib("VmRSS"))
        time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()

from scoring import score_run
started = time.perf_counter()
summary = score_run({db!r})
seconds = time.perf_counter() - started
stop.set()
print(json.dumps({{"seconds": seconds, "peak_kib": max(peak[0], status_kib("VmHWM")),
                  "sites": summary.sites, "links": summary.links, "vetoed": summary.vetoed}}))
"""


def score_in_child(db: Path) -> dict:
    code = CHILD.format(repo=str(REPO), db=str(db))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="评分基准测试")
    parser.add_argument("--sites", type=int, default=3000)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--postings", type=int, action="append",
                        help="postings per run (repeatable); default 1,000,000 and 10,000,000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="where the synthetic databases go")
    parser.add_argument("--keep", action="store_true",
                        help="keep the databases and reuse one that already exists (re-scoring replaces scores)")
    args = parser.parse_args()
    sizes = args.postings or [1_000_000, 10_000_000]
    folder = args.dir or Path(tempfile.mkdtemp(prefix="zwgk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"合成数据：{args.sites} 个网站 × {args.columns} 个栏目，目录 {folder}")
    print(f"{'信息条数':>12} {'生成(秒)':>9} {'评分(秒)':>9} {'峰值内存(MiB)':>14} {'解读关联':>9} {'否决':>6}")
    measured = []
    for postings in sizes:
        db = folder / f"synth_{args.sites}x{args.columns}_{postings}.duckdb"
        started = time.perf_counter()
        if not (args.keep and db.exists()):
            make_synthetic_db(db, args.sites, args.columns, postings, args.seed)
        generated = time.perf_counter() - started
        figures = score_in_child(db)
        measured.append((postings, figures))
        peak_mib = figures["peak_kib"] / 1024
        print(f"{postings:>12,} {generated:>9.1f} {figures['seconds']:>9.1f} {peak_mib:>14.0f} "
              f"{figures['links']:>9,} {figures['vetoed']:>6}")
        if not args.keep:
            db.unlink()
            for extra in db.parent.glob(db.name + ".*"):
                extra.unlink()
    if len(measured) > 1:
        (small, first), (large, last) = measured[0], measured[-1]
        print(f"增长：信息条数 ×{large / small:.1f} → 评分时间 ×{last['seconds'] / first['seconds']:.1f}，"
              f"峰值内存 ×{last['peak_kib'] / first['peak_kib']:.1f}")
    largest = measured[-1][1]
    ok = largest["seconds"] < GOAL_SECONDS and largest["peak_kib"] * 1024 < GOAL_BYTES
    print(f"目标（< {GOAL_SECONDS} 秒，< 4 GiB）：{'达到' if ok else '未达到'}")


if __name__ == "__main__":
    main()
