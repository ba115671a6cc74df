#!/usr/bin/env python3
"""An independent count of what `QUERY | count by speaker` reports, for the tests.

Reads a Parley JSON Lines export (the model: documents, turns, utterances with their speakers and texts)
and, for one word, counts per speaker: the utterances holding it, their share of all such utterances,
the turns they stand in, their words, the word's occurrences (hits), and hits per 1,000 words the
speaker speaks in the whole export. Words are found as README.md's word rules say, written here from
those rules, not from Parley's code: a run of letters and digits; an apostrophe, hyphen or middle dot
between two of them joins, as do ',' and '.' between two digits; a joined word is one word, found by
its parts too. Folding: compatibility decomposition, marks dropped, case folded.

usage: counts.py EXPORT.jsonl WORD|*    prints JSON {speaker: {utterances, share, turns, words, hits, rate}}
"""
import json
import re
import sys
import unicodedata

LETTERS = r"[^\W_]"
WORD = re.compile(LETTERS + r"+(?:(?:['’\-·]|(?<=\d)[.,](?=\d))" + LETTERS + r"+)*")


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text):
    """Each word's forms: as written, its parts, and joined without hyphens and middle dots."""
    result = []
    for match in WORD.finditer(text):
        written = fold(match.group(0)).replace("’", "'")
        forms = {written}
        forms.update(p for p in re.split(r"['\-·]|(?<=\d)[.,](?=\d)", written) if p)
        forms.add(re.sub(r"(?<!\d)-|-(?!\d)|·", "", written))
        result.append(forms)
    return result


def main():
    path, word = sys.argv[1], sys.argv[2]
    utterances = [o for o in map(json.loads, open(path, encoding="utf-8")) if o["type"] == "utterance"]
    spoken = {}
    rows = {}
    for u in utterances:
        speaker = u.get("name") or "(none)"
        forms = words(u["text"])
        spoken[speaker] = spoken.get(speaker, 0) + len(forms)
        hits = len(forms) if word == "*" else sum(1 for f in forms if fold(word) in f)
        if word == "*":
            hits = 1
        elif hits == 0:
            continue
        row = rows.setdefault(speaker, {"utterances": 0, "turns": set(), "words": 0, "hits": 0})
        row["utterances"] += 1
        if u.get("turn") is not None:
            row["turns"].add((u["doc"], u["turn"]))
        row["words"] += len(forms)
        row["hits"] += hits
    total = sum(r["utterances"] for r in rows.values())
    out = {}
    for speaker, r in rows.items():
        out[speaker] = {"utterances": r["utterances"], "share": r["utterances"] / total, "turns": len(r["turns"]),
                        "words": r["words"], "hits": r["hits"],
                        "rate": r["hits"] * 1000 / spoken[speaker] if spoken[speaker] else 0}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


main()
