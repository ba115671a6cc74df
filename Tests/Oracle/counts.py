#!/usr/bin/env python3
"""An independent count of what `QUERY | count by speaker` reports, for the tests.

Reads a Parley JSON Lines export (the model: documents, turns, utterances with their speakers and texts)
and, for one word, counts per speaker: the utterances holding it, their share of all such utterances,
the turns they stand in, their words, the word's occurrences (hits), and hits per 1,000 words the
speaker speaks in the whole export. Words and folding are analysis.py's, written from README.md's word
rules, not from Parley's code: a joined word is one word, found by its parts too; a word of an editor's
note (`[inaudible]`) is a hit but none of the speaker's words.

usage: counts.py EXPORT.jsonl WORD|*    prints JSON {speaker: {utterances, share, turns, words, hits, rate}}, no rate for a speaker of no words
"""
import json
import os
import sys

# Words and folding as analysis.py reads them, from README.md's rules.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from analysis import fold_char, marked_words  # noqa: E402


def fold(text):
    return "".join(fold_char(c) for c in text)


def main():
    path, word = sys.argv[1], sys.argv[2]
    utterances = [o for o in map(json.loads, open(path, encoding="utf-8")) if o["type"] == "utterance"]
    spoken = {}
    rows = {}
    for u in utterances:
        speaker = u.get("name") or "(none)"
        found = marked_words(u)
        forms = [set(w["forms"]) for w in found]
        # An editor's note (`[inaudible]`) is found, a hit, but no one's words.
        said = sum(1 for w in found if not w["note"])
        spoken[speaker] = spoken.get(speaker, 0) + said
        hits = len(forms) if word == "*" else sum(1 for f in forms if fold(word) in f)
        if word == "*":
            hits = 1
        elif hits == 0:
            continue
        row = rows.setdefault(speaker, {"utterances": 0, "turns": set(), "words": 0, "hits": 0})
        row["utterances"] += 1
        if u.get("turn") is not None:
            row["turns"].add((u["doc"], u["turn"]))
        row["words"] += said
        row["hits"] += hits
    total = sum(r["utterances"] for r in rows.values())
    out = {}
    for speaker, r in rows.items():
        out[speaker] = {"utterances": r["utterances"], "share": r["utterances"] / total, "turns": len(r["turns"]),
                        "words": r["words"], "hits": r["hits"]}
        # A speaker who speaks no words has no rate: the cell is empty.
        if spoken[speaker]:
            out[speaker]["rate"] = r["hits"] * 1000 / spoken[speaker]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


main()
