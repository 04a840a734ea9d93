"""Benchmark: how long loading and assessing a couple record takes (``make bench``).

Not a test: it prints figures to report, on whatever machine runs it. It measures the import
of the engine, loading (JSON parse + schema validation) and ``assess`` on the committed
examples and on a synthetic year of daily check-ins for two partners, and ``for_viewer``.
"""

import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from nabij.engine import assess
from nabij.instruments.record import parse_record
from nabij.model.ids import PartnerId, ShareCategory

ROOT = Path(__file__).resolve().parents[1]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Return the seconds each of ``repeat`` calls of ``action`` took."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    """Print median and 95th percentile in milliseconds, and calls per second."""
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    median = statistics.median(ordered)
    print(
        f"{name:<44} median {median * 1e3:8.2f} ms   p95 {p95 * 1e3:8.2f} ms   {1 / median:9.0f}/s"
    )


def year_record(days: int = 365) -> str:
    """Return a synthetic record with ``days`` of check-ins for both partners."""
    rng = random.Random(7)
    intake: dict[str, Any] = {
        "crisis": ["infidelity"],
        "crisis_began": "2025-01-01",
        "reactions": dict.fromkeys(
            [
                "stress_response",
                "attachment_activation",
                "loss_of_predictability",
                "identity_stress",
            ],
            5,
        ),
        "attachment": {"anxiety": 4.5, "avoidance": 3.5},
        "distrust": 6,
        "fear_for_future": 5,
        "fear_when_apart": 4,
        "old_pain": False,
        "safety_screen": dict.fromkeys(
            ["hurt", "threatened", "afraid_of_partner", "controlled", "self_harm_thoughts"], False
        ),
    }

    def checkins() -> list[dict[str, Any]]:
        out = []
        for i in range(days):
            conflict = rng.random() < 0.2
            out.append(
                {
                    "date": (date(2025, 2, 1) + timedelta(days=i)).isoformat(),
                    **{
                        k: rng.randint(2, 8)
                        for k in ("closeness", "safety", "stress", "teamwork", "own_space")
                    },
                    "wants": rng.choice(["closer", "space", "neither"]),
                    **{
                        k: rng.random() < 0.4
                        for k in ("reached_out", "pulled_back", "connection", "talked_about_it")
                    },
                    "conflict": conflict,
                    "conflict_topic": rng.choice(["money", "household", "trust"])
                    if conflict
                    else None,
                    "rituals": ["samen ontbijten"],
                    "note": "Een gewone dag met een paar woorden erover." if i % 5 == 0 else None,
                }
            )
        for checkin in out:
            if checkin["note"] is None:
                del checkin["note"]
        return out

    partners = [{"id": p, "intake": intake, "checkins": checkins()} for p in ("a", "b")]
    return json.dumps({"format": "nabij.couple/1", "partners": partners})


IMPORTS = "import nabij.engine, nabij.instruments.record"


def _python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def main() -> None:
    """Run every measurement and print the figures."""
    print(f"python {sys.version.split()[0]}, one process, one core")
    startup = [statistics.median(timed(lambda c=code: _python(c), 7)) for code in ("pass", IMPORTS)]
    import_ms = (startup[1] - startup[0]) * 1e3
    print(f"{'import nabij.engine + record (cold process)':<44} {import_ms:8.1f} ms")

    texts = {
        p.name: p.read_text("utf-8")
        for p in sorted((ROOT / "examples").glob("*.json"))
        if p.name != "expected.json"
    }
    records = {name: parse_record(text) for name, text in texts.items()}
    report(
        "load, examples (JSON + schema)",
        timed(lambda: [parse_record(t) for t in texts.values()], 50),
    )
    report(
        "assess, examples (all 12 at once)",
        timed(lambda: [assess(r) for r in records.values()], 50),
    )
    one = records["pursue_withdraw.json"]
    report("assess, one couple, 5-10 weeks", timed(lambda: assess(one), 500))
    result = assess(one)
    report(
        "for_viewer, one couple, everything shared",
        timed(lambda: result.for_viewer(PartnerId.A, list(ShareCategory), True), 500),
    )
    year = year_record()
    report("load, a year of check-ins for two", timed(lambda: parse_record(year), 20))
    year_loaded = parse_record(year)
    report("assess, a year of check-ins for two", timed(lambda: assess(year_loaded), 100))
    report(
        "assess to JSON, a year of check-ins for two",
        timed(lambda: assess(year_loaded).to_json(), 100),
    )


if __name__ == "__main__":
    main()
