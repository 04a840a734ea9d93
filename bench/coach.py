"""Benchmark: how fast the message coach reads a message (``make bench``).

Not a test: it prints figures to report, on whatever machine runs it (CONTRACTS §9). On one
core (pinned where the platform allows it) it measures, separately:

- the import of ``nabij.coach.analysis`` in a fresh process (median of several runs, minus
  the start of an empty interpreter);
- the first call of ``analyse`` in a fresh process, which compiles the rules and loads the
  lemmatiser's dictionary, with that cost broken down;
- warm figures: messages per second and p50/p99 latency per message of ``analyse``, on
  chat-length messages (under 300 characters, from ``tests/coach/data/dev.*.jsonl``) and on a
  realistic mix (those messages plus some longer ones of several paragraphs, up to about 2,000
  characters, made by joining dev messages deterministically), with the language given and
  detected, side by side with vaderSentiment's ``polarity_scores`` on the same English messages.

``--calls N`` sets the timed calls per row (default 20,000, enough for a stable p99).
"""

import argparse
import gc
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "coach" / "data"

CHAT_LIMIT = 300  # characters: the targets are for messages shorter than this
LONG_MAX = 2_000  # characters: the longest message of the mix
LONG_SHARE = 9  # the mix holds one long message per this many chat messages
TARGET_RATE = 20_000  # messages per second
TARGET_P99_NS = 1_000_000  # 1 ms
FRESH_RUNS = 7  # fresh processes per cold measurement

IMPORT = "import nabij.coach.analysis"

# A fresh process: the first call of analyse, broken down into its parts. The lemmatiser's
# dictionary is loaded by its first lookup; tokens.lemma is cached, so a word not used before
# is looked up here.
FIRST_CALL = """
import json, sys, time
clock = time.perf_counter_ns
t0 = clock()
import simplemma
from nabij.coach.analysis import analyse
from nabij.coach.language import detect
from nabij.coach.rules import rules
from nabij.model.ids import Lang
t1 = clock()
langs = [Lang(code) for code in sys.argv[2].split(",")] if sys.argv[2] else []
parts = {"import": t1 - t0}
if sys.argv[1] == "breakdown":
    start = clock()
    for lang in langs:
        rules(lang)
    parts["rules compiled"] = clock() - start
    start = clock()
    for lang in langs:
        simplemma.lemmatize("huizen", lang=lang.value)
    parts["dictionary loaded"] = clock() - start
    if not sys.argv[3]:
        start = clock()
        detect("x")
        parts["language markers loaded"] = clock() - start
start = clock()
analyse(sys.argv[4], langs[0] if sys.argv[3] else None)
parts["first analyse"] = clock() - start
start = clock()
analyse(sys.argv[4], langs[0] if sys.argv[3] else None)
parts["second analyse"] = clock() - start
print(json.dumps(parts))
"""


def pin_one_core() -> str:
    """Pin this process (and the processes it starts) to one CPU; say what was done."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned: this platform has no sched_setaffinity; the OS may move the process"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu} with os.sched_setaffinity (child processes inherit it)"


def cpu_model() -> str:
    """Return the processor's name where the platform tells it."""
    try:
        for line in Path("/proc/cpuinfo").read_text("utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def run_python(*args: str) -> str:
    """Run a fresh interpreter and return what it printed."""
    done = subprocess.run(
        [sys.executable, *args], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return done.stdout


def process_seconds(code: str) -> float:
    """Return the median wall time of a fresh process running ``code``."""
    times = []
    for _ in range(FRESH_RUNS):
        start = time.perf_counter()
        run_python("-c", code)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_call(mode: str, langs: str, lang_given: bool, text: str) -> dict[str, float]:
    """Return the median milliseconds of each part of a first call, over fresh processes."""
    runs = [
        json.loads(run_python("-c", FIRST_CALL, mode, langs, "1" if lang_given else "", text))
        for _ in range(FRESH_RUNS)
    ]
    return {part: statistics.median(run[part] for run in runs) / 1e6 for part in runs[0]}


def messages(lang: str) -> list[str]:
    """Return the texts of the development set of ``lang``."""
    with (DATA / f"dev.{lang}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def long_messages(chat: Sequence[str], count: int, seed: int) -> list[str]:
    """Return ``count`` messages of several paragraphs, 300 to ~2,000 characters, from ``chat``.

    Deterministic: the same seed gives the same messages. A paragraph is two to four chat
    messages in a row; paragraphs are separated by a blank line.
    """
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        target = rng.randint(CHAT_LIMIT, LONG_MAX)
        paragraphs: list[str] = []
        length = 0
        while length < target:
            paragraph = " ".join(rng.sample(list(chat), rng.randint(2, 4)))
            if length + len(paragraph) + 2 > LONG_MAX:
                break
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        text = "\n\n".join(paragraphs)
        if len(text) >= CHAT_LIMIT:
            out.append(text)
    return out


@dataclass(frozen=True)
class Row:
    """The warm figures of one function on one set of messages."""

    name: str
    messages: int
    mean_chars: float
    calls: int
    rate: float
    p50_ns: int
    p99_ns: int
    max_ns: int
    chat: bool


def percentile(ordered: Sequence[int], share: float) -> int:
    """Return the nearest-rank percentile of sorted values."""
    return ordered[min(len(ordered), max(1, math.ceil(share * len(ordered)))) - 1]


def warm(
    name: str,
    action: Callable[..., object],
    args: Sequence[tuple[object, ...]],
    calls: int,
    *,
    chat: bool,
) -> Row:
    """Time ``calls`` calls of ``action``, cycling through ``args``, after a warm-up."""
    for each in args:  # warm-up: every message once (caches filled, code paths taken)
        action(*each)
    for index in range(min(2_000, calls)):
        action(*args[index % len(args)])
    clock = time.perf_counter_ns
    times = [0] * calls
    count = len(args)
    gc.collect()
    for index in range(calls):
        each = args[index % count]
        start = clock()
        action(*each)
        times[index] = clock() - start
    ordered = sorted(times)
    chars = statistics.fmean(len(str(each[0])) for each in args)
    return Row(
        name,
        count,
        chars,
        calls,
        calls / (sum(times) / 1e9),
        percentile(ordered, 0.50),
        percentile(ordered, 0.99),
        ordered[-1],
        chat,
    )


def verdict(row: Row) -> str:
    """Return PASS or MISS against the targets for messages under 300 characters."""
    if not row.chat or not row.name.startswith("analyse"):
        return ""
    good = row.rate >= TARGET_RATE and row.p99_ns < TARGET_P99_NS
    return "PASS" if good else "MISS"


def print_rows(title: str, rows: Sequence[Row]) -> None:
    """Print a table of warm figures."""
    print(f"\n{title}")
    header = (
        f"{'':<38} {'msgs':>5} {'chars':>6} {'calls':>7} {'msg/s':>9} "
        f"{'p50 µs':>8} {'p99 µs':>9} {'max µs':>9}  target"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.name:<38} {row.messages:>5} {row.mean_chars:>6.0f} {row.calls:>7} "
            f"{row.rate:>9,.0f} {row.p50_ns / 1e3:>8.1f} {row.p99_ns / 1e3:>9.1f} "
            f"{row.max_ns / 1e3:>9.1f}  {verdict(row)}"
        )


def main() -> None:
    """Run every measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="timed calls per row")
    calls = parser.parse_args().calls
    began = time.perf_counter()

    print("nabij coach benchmark (make bench; not part of make test)")
    print(f"python {sys.version.split()[0]} on {cpu_model()}")
    print(f"simplemma {version('simplemma')}, vaderSentiment {version('vaderSentiment')}")
    print(f"one core: {pin_one_core()}")

    # Cold: import and first call, each in fresh processes.
    empty = process_seconds("pass")
    imported = process_seconds(IMPORT)
    print(f"\nCold, fresh processes (median of {FRESH_RUNS})")
    label = "import nabij.coach.analysis (minus empty start)"
    print(f"{label:<52} {(imported - empty) * 1e3:8.1f} ms")
    nl_text = "Ik voel me alleen als jij nooit luistert, en dat doet pijn."
    en_text = "I feel alone when you never listen to me, and that hurts."
    mixed_text = f"{nl_text} {en_text}"
    cases = [
        ("nl, lang given", "nl", True, nl_text),
        ("en, lang given", "en", True, en_text),
        ("nl+en, lang=None (detected)", "nl,en", False, mixed_text),
    ]
    for label, langs, given, text in cases:
        total = first_call("total", langs, given, text)
        parts = first_call("breakdown", langs, given, text)
        parts["rest of the first analyse"] = parts.pop("first analyse")
        pieces = ", ".join(
            f"{part} {ms:.1f}"
            for part, ms in parts.items()
            if part not in {"import", "second analyse"}
        )
        print(
            f"{'first call, ' + label:<52} {total['first analyse']:8.1f} ms"
            f"   (second call {total['second analyse']:.2f} ms)"
        )
        print(f"{'  of which, timed apart (ms)':<52} {pieces}")

    # Warm figures, in this process.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from nabij.coach.analysis import analyse
    from nabij.model.ids import Lang

    vader = SentimentIntensityAnalyzer().polarity_scores
    chat = {
        lang: [text for text in messages(lang.value) if len(text) < CHAT_LIMIT] for lang in Lang
    }
    long = {
        lang: long_messages(chat[lang], len(chat[lang]) // LONG_SHARE, seed=2026 + index)
        for index, lang in enumerate(Lang)
    }
    rng = random.Random(7)
    both_chat = [(text, lang) for lang in Lang for text in chat[lang]]
    both_mix = both_chat + [(text, lang) for lang in Lang for text in long[lang]]
    en_chat = list(chat[Lang.EN])
    en_mix = en_chat + long[Lang.EN]
    for shuffled in (both_chat, both_mix, en_chat, en_mix):
        rng.shuffle(shuffled)
    longest = max(len(text) for texts in long.values() for text in texts)
    print(
        f"\nWarm, this process: {calls:,} timed calls per row (per-call perf_counter_ns), after a"
        " warm-up;\ngarbage collector on, as in the app. Messages: tests/coach/data/dev.*.jsonl"
        f" under {CHAT_LIMIT} characters\n({', '.join(f'{len(v)} {k}' for k, v in chat.items())});"
        f" the mix adds one long message per {LONG_SHARE}"
        f" ({', '.join(f'{len(v)} {k}' for k, v in long.items())}, {CHAT_LIMIT}-{longest}"
        " characters, dev messages joined into paragraphs).\nchars: mean message length;"
        " msg/s: calls / time spent inside the calls; p50/p99/max: latency of one call."
    )

    print_rows(
        f"Chat-length messages (< {CHAT_LIMIT} characters), nl + en",
        [
            warm("analyse(text, lang)", analyse, both_chat, calls, chat=True),
            warm(
                "analyse(text)  [lang detected]",
                analyse,
                [(text,) for text, _ in both_chat],
                calls,
                chat=True,
            ),
        ],
    )
    print_rows(
        f"Chat-length messages (< {CHAT_LIMIT} characters), English, side by side",
        [
            warm(
                "analyse(text, Lang.EN)",
                analyse,
                [(text, Lang.EN) for text in en_chat],
                calls,
                chat=True,
            ),
            warm(
                "vaderSentiment polarity_scores(text)",
                vader,
                [(text,) for text in en_chat],
                calls,
                chat=True,
            ),
        ],
    )
    print_rows(
        f"Realistic mix (chat + multi-paragraph up to ~{LONG_MAX} characters), nl + en",
        [
            warm("analyse(text, lang)", analyse, both_mix, calls, chat=False),
            warm(
                "analyse(text)  [lang detected]",
                analyse,
                [(text,) for text, _ in both_mix],
                calls,
                chat=False,
            ),
        ],
    )
    print_rows(
        "Realistic mix, English, side by side",
        [
            warm(
                "analyse(text, Lang.EN)",
                analyse,
                [(text, Lang.EN) for text in en_mix],
                calls,
                chat=False,
            ),
            warm(
                "vaderSentiment polarity_scores(text)",
                vader,
                [(text,) for text in en_mix],
                calls,
                chat=False,
            ),
        ],
    )
    print(
        f"\nTargets (messages under {CHAT_LIMIT} characters, one core): ≥ {TARGET_RATE:,}"
        f" messages/s and p99 < {TARGET_P99_NS / 1e6:.0f} ms. PASS/MISS is given for analyse"
        " on chat-length rows."
    )
    print(f"benchmark wall time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
