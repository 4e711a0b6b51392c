"""GiNZA's named entities for the anonymiser, in a process of its own.

Run by the interpreter of a separate environment that holds `ginza` and `ja-ginza`
(bench/ginza-requirements.txt): GiNZA 5.3 needs SudachiPy < 0.7 and the project pins
0.7, so the two cannot share one environment, and GiNZA's ~440 MB would not fit the
web process's 400 MB anyway. Standalone on purpose: it imports nothing of the project.

Protocol: one JSON object per line on stdin, {"text": ...}; one per line on stdout,
{"ents": [[label, start_char, end_char], ...]}. The first line written is
{"ready": true, "model": NAME} once the model is loaded.
"""

from __future__ import annotations

import json
import sys

#: Sudachi refuses inputs over 49,149 bytes; 8,000 characters stay below that in UTF-8.
MAX_PIECE_CHARS = 8000


def _pieces(text: str):
    """(offset, piece) runs of whole lines, each at most MAX_PIECE_CHARS (a longer line is cut)."""
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_PIECE_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def main() -> int:
    """Load the model named on the command line (ja_ginza by default) and answer lines."""
    import spacy

    model = sys.argv[1] if len(sys.argv) > 1 else "ja_ginza"
    nlp = spacy.load(model)
    out = sys.stdout
    out.write(json.dumps({"ready": True, "model": model}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        text = json.loads(line)["text"]
        pieces = list(_pieces(text))
        ents = [
            [e.label_, offset + e.start_char, offset + e.end_char]
            for (offset, _piece), doc in zip(pieces, nlp.pipe(p for _o, p in pieces), strict=True)
            for e in doc.ents
        ]
        out.write(json.dumps({"ents": ents}, ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
