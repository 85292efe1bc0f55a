"""The benchmark script runs end to end at a tiny size (timings are the script's business, not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_bench_runs_and_reports_every_key() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--articles", "4", "--facts", "10",
                        "--json"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"articles", "facts", "floor_s", "harness_s", "api_s", "peer_s", "ratio_vs_floor",
                         "ratio_vs_peer", "peak_rss_mb"}
    assert data["articles"] == 4 and data["facts"] == 40
    assert data["harness_s"] > 0 and data["peak_rss_mb"] > 0
