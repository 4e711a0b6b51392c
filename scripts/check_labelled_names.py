"""Fail if a name from the labelled anonymisation sets appears in the anonymiser or its tests.

The sets live outside the repository (../shared/anonymisation beside the clone) and are
for measuring only, so this is a check run by hand before a change lands, not a test
that would have to skip on every clone without them:

    .venv/bin/python scripts/check_labelled_names.py [path/to/anonymisation]
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casestudies.anonymiser.lexicon import PREFECTURE_STEMS, PREFECTURES  # noqa: E402


def labelled_terms(folder: Path) -> set[str]:
    """Every identifier of two characters or more in the sets, less the public prefecture list."""
    terms: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                terms.update(t for t in json.loads(line)["identifiers"] if len(t) >= 2)
    return terms - set(PREFECTURES) - PREFECTURE_STEMS


def leaks(terms: set[str]) -> set[tuple[str, str]]:
    """(file, term) for each labelled term found in the anonymiser's code or tests."""
    sources = [
        *(ROOT / "casestudies" / "anonymiser").glob("*.py"),
        *(ROOT / "tests" / "casestudies").glob("*.py"),
    ]
    return {
        (str(path.relative_to(ROOT)), term)
        for path in sources
        for term in terms
        if term in path.read_text(encoding="utf-8")
    }


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "anonymisation"
    if not folder.is_dir():
        print(f"no labelled sets at {folder}", file=sys.stderr)
        return 2
    terms = labelled_terms(folder)
    found = sorted(leaks(terms))
    for path, term in found:
        print(f"{path}: {term}")
    print(f"{len(terms)} labelled terms checked, {len(found)} found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
