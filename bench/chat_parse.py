"""Benchmark: parsing alone, nabij's importer against whatstk's on the same file (``make bench``).

Not a test: it prints figures to report (issue 6, point 9). For each layout it writes one
synthetic export with ``bench/chat_export.py`` and times, on one core, the best of ``--runs``:

- nabij: ``read_chat(path)``: the layout detected from the file, streamed, messages dated;
- whatstk: ``WhatsAppChat.from_source(path)``: its own header detection (``auto_header``), the
  whole file read into memory and parsed into a pandas DataFrame.

Both count what they kept, so a parser that is fast because it drops messages shows up. The
two do not keep the same things: nabij drops app notices and deleted-message markers and keeps
media placeholders as media; whatstk keeps each header it matches as a message.
"""

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from whatstk import WhatsAppChat  # noqa: E402

from chat import pin_to_one_core  # noqa: E402
from chat_export import ExportLayout, write_export  # noqa: E402
from nabij.conversation.importers import read_chat  # noqa: E402

MESSAGES = 100_000
SEED = 6
# The layouts whatstk reads: it has no plain-transcript parser.
LAYOUTS = (
    ExportLayout.ANDROID_NL,
    ExportLayout.ANDROID_EN,
    ExportLayout.IOS_NL,
    ExportLayout.IOS_EN,
)


def best_of(runs: int, work: Callable[[], int]) -> tuple[float, int | str]:
    """Return the fastest wall time of ``runs`` calls of ``work``, and what the last one kept.

    A parser that fails gives its error's class name instead of a count, and an infinite time.
    """
    best, kept = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        try:
            kept = work()
        except Exception as error:
            return float("inf"), type(error).__name__
        best = min(best, time.perf_counter() - start)
    return best, kept


def main() -> None:
    """Write each layout's export, time both parsers on it, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=MESSAGES)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pinned = pin_to_one_core()
    print(f"chat parse: nabij vs whatstk — {args.messages:,} messages per export, {pinned}")
    columns = ("layout", "MB", "nabij", "kept", "whatstk", "kept", "ratio")
    print("  {:<11} {:>5}  {:>8} {:>8}  {:>8} {:>8}  {}".format(*columns))
    with tempfile.TemporaryDirectory() as folder:
        for layout in LAYOUTS:
            path = Path(folder) / f"{layout.value}.txt"
            write_export(path, args.messages, layout, SEED)
            ours, our_kept = best_of(args.runs, lambda p=path: len(read_chat(p).messages))
            theirs, their_kept = best_of(
                args.runs, lambda p=path: len(WhatsAppChat.from_source(filepath=str(p)).df)
            )
            ratio = f"{theirs / ours:5.1f}x" if theirs != float("inf") else "  n/a"
            print(
                f"  {layout.value:<11} {path.stat().st_size / 1e6:5.1f}  {ours:7.2f}s {our_kept:>8}"
                f"  {theirs:7.2f}s {their_kept:>8}  {ratio}"
            )
    print("ratio: whatstk's time / nabij's time (above 1: nabij is faster)")


if __name__ == "__main__":
    main()
