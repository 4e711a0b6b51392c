"""Benchmark the anonymiser on the demo case reports: throughput, a 40k-character report, memory.

The reports are the demo cases' texts before anonymisation (casestudies/demo_content/,
the seed reports rewritten for learning), so the bench runs from any clone.

Run from the repository root:  python -m bench.anonymise [SECONDS]
The last line printed is one JSON object with chars_per_s, seconds_for_40k_chars,
peak_rss_mb (this process) and web_rss_mb: the resident memory of a real ASGI server
process after an editor has imported a report through the CMS, which loads the
anonymiser into it.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from bench import stats
from casestudies.anonymiser import anonymise_text, load_tagger
from casestudies.demo_content import CASES

TARGET_CHARS = 40_000
MEASURED = (
    "anonymiser characters per second over repeated passes on the demo reports (all passes, "
    "spread per pass); seconds for one 40,000-character report (best of 3, spread of the 3); "
    "resident memory of this process and of a server process after one CMS import"
)


def load_reports() -> list[str]:
    """The three demo cases as whole reports: title, every section, the questions."""
    return [
        "\n\n".join([case["title"], *case["sections"].values(), "\n".join(case["questions"])])
        for case in CASES
    ]


def report_of_length(texts: list[str], length: int) -> str:
    """Concatenate the reports until the text is exactly length characters long."""
    text = ""
    while len(text) < length:
        text += "\n".join(texts) + "\n"
    return text[:length]


def web_process_rss_mb(report: str) -> float:
    """Resident MB of a seeded server process after an editor imported `report` through the CMS."""
    import re
    import urllib.parse

    from bench import server
    from bench.pages import Session, sign_in

    workdir = server.workdir()
    port = server.free_port()
    env = server.server_env(workdir, port)
    server.prepare(env)
    process = server.start(env, port)
    try:
        session = Session(port, sign_in(port, "editor@example.jp"))
        _status, page = session.request("GET", "/admin/casestudies/import/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "title": "ベンチマーク", "text": report}
        )
        status, _ = session.request("POST", "/admin/casestudies/import/", form)
        if status != 302:
            raise RuntimeError(f"the import answered {status}")
        with open(f"/proc/{process.pid}/status", encoding="ascii") as handle:
            rss_kib = next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
        return rss_kib / 1024
    finally:
        process.terminate()
        process.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    """Time repeated anonymisation and print the figures."""
    argv = sys.argv[1:] if argv is None else argv
    seconds = float(argv[0]) if argv else 3.0
    started = time.perf_counter()
    load_tagger()
    anonymise_text("辞書の読み込み")
    load_seconds = time.perf_counter() - started
    texts = load_reports()

    chars = runs = 0
    pass_rates: list[float] = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        t0 = time.perf_counter()
        for text in texts:
            anonymise_text(text)
        pass_rates.append(sum(map(len, texts)) / (time.perf_counter() - t0))
        chars += sum(map(len, texts))
        runs += 1
    elapsed = time.perf_counter() - started

    big = report_of_length(texts, TARGET_CHARS)
    big_seconds = []
    for _ in range(3):
        t0 = time.perf_counter()
        anonymise_text(big)
        big_seconds.append(time.perf_counter() - t0)
    best = min(big_seconds)
    rate_spread, big_spread = stats.spread(pass_rates, 0), stats.spread(big_seconds)

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    web_rss_mb = web_process_rss_mb(texts[0])
    print(f"first load and call: {load_seconds:.3f} s")
    print(f"{runs} passes over {len(texts)} reports, {chars} characters in {elapsed:.2f} s")
    print(stats.describe("characters per second, per pass", rate_spread))
    print(stats.describe("40k-character report", big_spread, " s"))
    print(
        json.dumps(
            {
                "reports": "casestudies/demo_content",
                "report_chars": [len(text) for text in texts],
                "chars_per_s": round(chars / elapsed),
                "chars_per_s_spread": [rate_spread["min"], rate_spread["max"]],
                "chars_per_s_iqr": rate_spread["iqr"],
                "seconds_for_40k_chars": round(best, 3),
                "seconds_for_40k_chars_spread": [big_spread["min"], big_spread["max"]],
                "peak_rss_mb": round(peak_rss_mb, 1),
                "web_rss_mb": round(web_rss_mb, 1),
                "measured": MEASURED,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
