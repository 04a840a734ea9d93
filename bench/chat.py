"""Benchmark: a 100,000-message chat export parsed and fully analysed (``make bench``).

Not a test: it prints figures to report, on whatever machine runs it (issue 6, point 9). On one
core (pinned where the platform allows it) it writes a synthetic WhatsApp export with
``bench/chat_export.py``, then times each phase of ``nabij chat analyse`` separately, in the
order ``analyse_chat`` runs them, with the garbage collector paused as ``nabij chat analyse``
pauses it:

- parse: ``read_chat`` on the file (detect the layout, stream, date the messages);
- coach: the coach and the word lists on every partner message (``read_messages``); identical
  texts are read once, as in the product;
- measures: turns and replies, sequences, weekly measures and totals, safety;
- dance: the three patterns per month, with evidence;
- model: the Gottman–Murray model (``model_for_chat``);
- json: ``ChatAnalysis.to_json()`` serialised.

Then, apart from the total: the coach on every message with no text read twice (the generator
draws from a small set of phrases, so the product's reuse of identical texts flatters it; a
real chat repeats less), and, with ``--profile``, where the coach spends its time.
Peak memory is the process's peak resident size (``ru_maxrss``), imports included.
"""

import argparse
import cProfile
import json
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from chat_export import write_export  # noqa: E402
from nabij.coach.analysis import MAX_CHARS, analyse  # noqa: E402
from nabij.conversation.analysis import (  # noqa: E402
    ChatAnalysis,
    choose_partners,
    paused_collector,
)
from nabij.conversation.dance import read_dance  # noqa: E402
from nabij.conversation.dynamics import model_for_chat  # noqa: E402
from nabij.conversation.importers import read_chat  # noqa: E402
from nabij.conversation.measures import measure  # noqa: E402
from nabij.conversation.messages import ChatFormat  # noqa: E402
from nabij.conversation.readings import read_messages  # noqa: E402
from nabij.conversation.safety import chat_safety  # noqa: E402
from nabij.conversation.sequences import find_sequences, sequence_counts  # noqa: E402
from nabij.conversation.timeline import timeline  # noqa: E402

MESSAGES = 100_000
TARGET_SECONDS = 10.0
TARGET_MB = 300.0
SEED = 6

T = TypeVar("T")


def pin_to_one_core() -> str:
    """Run on one core where the platform allows it; return which, for the report."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


Times = dict[str, tuple[float, float]]


def timed(phases: Times, name: str, work: Callable[[], T]) -> T:
    """Run ``work`` and add its wall time and this process's CPU time to ``name``.

    On a quiet machine the two agree; when other work shares the core, the CPU time is the
    figure that says what nabij itself costs.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    before = phases.get(name, (0.0, 0.0))
    phases[name] = (
        before[0] + time.perf_counter() - wall,
        before[1] + time.process_time() - cpu,
    )
    return result


def peak_mb() -> float:
    """Return the peak resident size of this process in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    """Write the export, time every phase, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=MESSAGES)
    parser.add_argument("--profile", action="store_true", help="profile the coach as well")
    args = parser.parse_args()
    pinned = pin_to_one_core()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chat.txt"
        write_export(path, args.messages, ChatFormat.WHATSAPP_ANDROID, SEED)
        size_mb = path.stat().st_size / 1e6
        baseline = peak_mb()
        phases: Times = {}
        # As nabij chat analyse runs them: the collector paused (see paused_collector).
        paused = paused_collector()
        paused.__enter__()
        chat = timed(phases, "parse", lambda: read_chat(path))
        partners = choose_partners(chat.senders)
        coach = timed(phases, "coach", lambda: read_messages(chat.messages, partners))

        read = timed(phases, "measures", lambda: timeline(coach.readings))
        events = timed(phases, "sequences", lambda: find_sequences(read))
        measured = timed(phases, "measures", lambda: measure(read, partners))
        counts = timed(
            phases, "sequences", lambda: sequence_counts(events, partners, measured.weeks)
        )
        safety = timed(phases, "safety", lambda: chat_safety(coach.readings))
        dance = timed(phases, "dance", lambda: read_dance(read, events, partners))
        model = timed(
            phases, "model", lambda: model_for_chat(chat.messages, coach.analyses, partners)
        )
        result = ChatAnalysis(
            chat=chat,
            partners=partners,
            messages={},
            media={},
            safety=safety,
            measures=measured.weekly,
            totals=measured.totals,
            sequences=counts,
            dance=dance,
            model=model,
            truncated=coach.truncated,
        )
        timed(phases, "json", lambda: json.dumps(result.to_json()))
        paused.__exit__(None, None, None)
        peak = peak_mb()
        texts = [m.text[:MAX_CHARS] for m in chat.messages if m.text.strip()]
        distinct = len(set(texts))
        start = time.process_time()
        for text in texts:
            analyse(text)
        uncached = time.process_time() - start

    wall = sum(w for w, _ in phases.values())
    cpu = sum(c for _, c in phases.values())
    print(f"nabij chat benchmark — {args.messages:,} messages, {size_mb:.1f} MB export, {pinned}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs visible")
    print(f"messages kept: {len(chat.messages):,}; skipped lines: {len(chat.skipped):,}")
    print(f"  {'phase':<10} {'wall':>7}   {'cpu':>7}")
    for name, (seconds, used) in phases.items():
        print(f"  {name:<10} {seconds:7.2f} s {used:7.2f} s")
    verdict = "ok" if max(wall, cpu) < TARGET_SECONDS else "over target"
    print(
        f"  {'total':<10} {wall:7.2f} s {cpu:7.2f} s   (target < {TARGET_SECONDS:.0f} s: {verdict})"
    )
    print(
        f"peak memory {peak:.0f} MB (after imports {baseline:.0f} MB); "
        f"target < {TARGET_MB:.0f} MB: {'ok' if peak < TARGET_MB else 'over target'}"
    )
    print(
        f"coach without reuse of identical texts (cpu): {len(texts):,} texts "
        f"({distinct:,} distinct) in {uncached:.2f} s = {len(texts) / uncached:,.0f} messages/s; "
        f"the full analysis would then take about {cpu - phases['coach'][1] + uncached:.1f} s"
    )
    if args.profile:
        sample = texts[:20_000]
        profiler = cProfile.Profile()
        profiler.enable()
        for text in sample:
            analyse(text)
        profiler.disable()
        print(f"\nwhere the coach spends its time ({len(sample):,} texts, by own time):")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
