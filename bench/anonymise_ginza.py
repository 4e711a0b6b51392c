"""Measure GiNZA as the anonymiser's name detector: load time, memory, speed and scores.

GiNZA runs in its own environment (bench/ginza-requirements.txt says how to make it);
this bench runs in the project's and starts the worker the way the web process would.

    ANONYMISER_GINZA_PYTHON=/path/to/ginza/bin/python \
        python -m bench.anonymise_ginza [--score SET.jsonl ...] [--seconds 3]

Figures: the worker's load time (start to ready) and resident memory (VmRSS after
loading, VmHWM at the end), GiNZA's characters per second on the demo reports, the
seconds for the 40,000-character report with each detector, and, for every --score
set, recall and keep (as ../shared/tools/score_anonymisation.py counts them) with
"rules", "ginza" and "ginza+rules". The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from bench.anonymise import TARGET_CHARS, load_reports, report_of_length
from casestudies.anonymiser import anonymise_text, load_tagger, ner

MEASURED = (
    "GiNZA worker load seconds and resident MB (own process), GiNZA characters per second "
    "on the demo reports, best of 3 seconds for a 40,000-character report per detector, "
    "recall and keep per labelled set and detector"
)


def proc_status_mb(pid: int, field: str) -> float:
    """A memory line of /proc/PID/status (VmRSS, VmHWM) in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        kib = next(int(line.split()[1]) for line in handle if line.startswith(field + ":"))
    return kib / 1024


def score(path: str, detector: str) -> dict:
    """Recall and keep of one detector on one labelled JSONL set."""
    with open(path, encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    masked = total = kept = keep_total = 0
    for item in items:
        text = anonymise_text(item["text"], ner=detector).text
        total += len(item["identifiers"])
        masked += sum(1 for ident in item["identifiers"] if ident not in text)
        keep_total += len(item["keep"])
        kept += sum(1 for term in item["keep"] if term in text)
    return {
        "recall": round(masked / total, 3) if total else None,
        "recall_counts": [masked, total],
        "keep": round(kept / keep_total, 3) if keep_total else None,
        "keep_counts": [kept, keep_total],
    }


def best_of(runs: int, call) -> float:
    """The shortest of `runs` timings of call()."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    """Start the worker, time and score it, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--score", action="append", default=[], metavar="SET.jsonl")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    python = os.environ.get(ner.PYTHON_ENV)
    if not python:
        print(f"set {ner.PYTHON_ENV} to the GiNZA environment's python", file=sys.stderr)
        return 2

    load_tagger()
    started = time.perf_counter()
    worker = ner.GinzaWorker(python)
    load_seconds = time.perf_counter() - started
    ner._worker = worker  # the anonymiser's GiNZA calls go to this worker
    loaded_rss = proc_status_mb(worker.process.pid, "VmRSS")

    texts = load_reports()
    chars = 0
    started = time.perf_counter()
    while time.perf_counter() - started < args.seconds:
        for text in texts:
            worker.spans(text)
            chars += len(text)
    ginza_rate = chars / (time.perf_counter() - started)

    big = report_of_length(texts, TARGET_CHARS)
    seconds_40k = {
        detector: round(best_of(3, lambda d=detector: anonymise_text(big, ner=d)), 3)
        for detector in ner.DETECTORS
    }
    scores = {
        os.path.basename(path): {detector: score(path, detector) for detector in ner.DETECTORS}
        for path in args.score
    }
    peak_rss = proc_status_mb(worker.process.pid, "VmHWM")
    worker.close()
    print(
        json.dumps(
            {
                "model": "ja_ginza",
                "worker_load_s": round(load_seconds, 2),
                "worker_rss_mb_loaded": round(loaded_rss, 1),
                "worker_peak_rss_mb": round(peak_rss, 1),
                "ginza_chars_per_s": round(ginza_rate),
                "seconds_for_40k_chars": seconds_40k,
                "scores": scores,
                "measured": MEASURED,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
