#!/usr/bin/env python3
"""An independent computation of Parley's `collocates`, `keywords` and `ngrams` tables.

Written from the formulae of the README ("Stages"), not from Parley's code or output, so that the Swift
tests (Tests/QueryEngineTests/AnalysisTests.swift) can compare the two. Standard library only.

Input: Parley's JSON Lines export of a corpus (`parley --export FILE PATH`), which gives each utterance's
text and speaker, so that this script does not read transcripts itself; everything after that (words,
folding, counting, the formulae) is done here.

    analysis.py CORPUS.jsonl --stopwords FILE collocates --select word:army [--window L R] [--min N] [--keep-stopwords]
    analysis.py CORPUS.jsonl --stopwords FILE keywords --select speaker:Beria [--versus word:army] [--min N]
    analysis.py CORPUS.jsonl ngrams --select all --n 3 [--min N] [--containing WORD]

A selection is `all`, `word:W` (utterances in which some word has the form W) or `speaker:NAME`.
Prints one JSON object: {"N": words in the corpus, "rows": [...]}, full precision, unsorted.

Words, as the README states them: a word is a run of letters, digits and combining marks; an apostrophe
(' or U+2019), a hyphen (-, U+2010, U+2011) or a middle dot (U+00B7, U+2027) between two such characters
joins, and so do , and . between two digits. A joined word has several forms at one position: as written,
its parts, and (hyphens and middle dots taken out, unless a hyphen stands between digits) joined. Forms
are folded: compatibility decomposition, marks removed, case folded. A word inside an editor's note
(`[inaudible]`) is found but counts nowhere: not in N, frequencies, windows, keywords nor n-grams.
"""

import argparse
import json
import math
import sys
import re
import unicodedata

APOSTROPHES = {"'", "\u2019"}
HYPHENS = {"-", "\u2010", "\u2011"}
DOTS = {"\u00b7", "\u2027"}
MARKERS = {"xxx", "yyy", "www", "xx", "yy"}
# What a paragraph's text shows where an interjection or a direction was taken out of it.
MARKER = "(\u2026)"
BARRED = str.maketrans("øłđħıŧƀɨƶǥ", "oldhitbizg")


def is_word_char(c):
    category = unicodedata.category(c)
    return category[0] in "LN" or category in ("Mn", "Me", "Mc")


def fold_char(c):
    if c.isascii():
        return c.lower()
    decomposed = unicodedata.normalize("NFKD", c)
    if not all(is_word_char(d) for d in decomposed):
        decomposed = unicodedata.normalize("NFD", c)
    kept = "".join(d for d in decomposed if unicodedata.category(d) not in ("Mn", "Me"))
    cased = unicodedata.normalize("NFD", kept.upper().lower())
    kept = "".join(d for d in cased if unicodedata.category(d) not in ("Mn", "Me"))
    return unicodedata.normalize("NFC", kept.translate(BARRED))


MARKUP_NAME = re.compile(r"\[[a-z]+:(?=[^\]]*\])")


def words(text):
    """The words of a text, in order: a list of forms for each position, the first as written. The name of
    source markup (`[glossary:P11]`'s `glossary`) is no word (README, "Editorial spans")."""
    text = MARKUP_NAME.sub(lambda m: " " * len(m.group(0)), text)
    result = []
    i, n = 0, len(text)
    while i < n:
        if not is_word_char(text[i]):
            i += 1
            continue
        start = i
        folded = []  # folded pieces: characters, or ("cut", joiner, joined_away)
        digits_across_hyphen = False
        last_digit = False
        while i < n:
            c = text[i]
            if is_word_char(c):
                folded.append(fold_char(c))
                last_digit = c in "0123456789"
                i += 1
                continue
            if i + 1 >= n or not is_word_char(text[i + 1]):
                break
            next_digit = text[i + 1] in "0123456789"
            if c in APOSTROPHES:
                folded.append(("cut", "'", False))
            elif c in HYPHENS:
                if last_digit and next_digit:
                    digits_across_hyphen = True
                folded.append(("cut", "-", True))
            elif c in DOTS:
                folded.append(("cut", "\u00b7", True))
            elif c in ",." and last_digit and next_digit:
                folded.append(c)
            else:
                break
            last_digit = False
            i += 1
        written = "".join(p if isinstance(p, str) else p[1] for p in folded)
        forms = [written]
        if any(not isinstance(p, str) for p in folded):
            part = ""
            for p in folded:
                if isinstance(p, str):
                    part += p
                else:
                    if part:
                        forms.append(part)
                    part = ""
            if part:
                forms.append(part)
            # A word with an apostrophe of its own is also itself without a possessive: o'brien's, o'brien.
            cuts = [k for k, p in enumerate(folded) if not isinstance(p, str)]
            if len(cuts) >= 2 and cuts[-1] == len(folded) - 2 and folded[-2][1] == "'" and folded[-1] == "s":
                forms.append(written[:-2])
            if any(not isinstance(p, str) and p[2] for p in folded) and not digits_across_hyphen:
                forms.append("".join(p if isinstance(p, str) else ("" if p[2] else p[1]) for p in folded))
        distinct = []
        for form in forms:
            if form not in distinct:
                distinct.append(form)
        result.append({"forms": distinct, "start": start, "end": i})
    return result


def read_corpus(path):
    """The utterances, each word marked `note` when it starts inside an editor's note (`[inaudible]`): a
    note's words are no one's, so they are counted nowhere (README, "Counts that can be compared")."""
    utterances = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("type") == "utterance":
                utterances.append({"text": record["text"], "speaker": record.get("name"), "words": marked_words(record)})
    return utterances


def marked_words(record):
    """The words of an exported utterance, each marked `note` when it starts inside an editor's note."""
    text = record["text"]
    # The export gives spans in UTF-8 bytes; the words stand at character offsets.
    char_at = {}
    offset = 0
    for i, c in enumerate(text):
        char_at[offset] = i
        offset += len(c.encode("utf-8"))
    char_at[offset] = len(text)
    spans = [(span["kind"], char_at[span["range"][0]], char_at[span["range"][1]]) for span in record.get("editorial") or []]
    notes = [(start, end) for kind, start, end in spans if kind == "note"]
    marks = [(start, end) for kind, start, end in spans if kind in ("note", "elision")]
    # Where an interjection or a direction was taken out of the paragraph, `(…)`: someone else spoke there.
    marks += [(m.start(), m.end()) for m in re.finditer(re.escape(MARKER), text)]
    found = words(text)
    for k, w in enumerate(found):
        w["note"] = any(start <= w["start"] < end for start, end in notes)
        # A note, an elision or a marker between this word and the one before (`million [?] Rub`,
        # `the [...] plan`, `deep enough (…) and`).
        w["after_mark"] = k > 0 and any(found[k - 1]["end"] <= start and end <= w["start"] for start, end in marks)
    return found


def spoken(words_):
    """The words that count: not those of an editor's note."""
    return [w for w in words_ if not w["note"]]


def selected(utterances, selection):
    if selection == "all":
        return list(range(len(utterances)))
    kind, _, value = selection.partition(":")
    if kind == "word":
        return [u for u, utt in enumerate(utterances) if any(value in w["forms"] for w in utt["words"])]
    if kind == "speaker":
        return [u for u, utt in enumerate(utterances) if utt["speaker"] == value]
    raise SystemExit("unknown selection " + selection)


def stop_list(path):
    if not path:
        return set()
    with open(path, encoding="utf-8") as f:
        return {"".join(fold_char(c) if is_word_char(c) else c for c in line.strip())
                for line in f if line.strip() and not line.strip().startswith("#")}


def keeps(form, stop):
    return (len(form) > 1 and form not in stop and form not in MARKERS
            and not all(c in "0123456789,." for c in form))


def corpus_frequencies(utterances):
    counts = {}
    for utt in utterances:
        for w in spoken(utt["words"]):
            for form in w["forms"]:
                counts[form] = counts.get(form, 0) + 1
    return counts


def log_likelihood(o11, row1, column1, total):
    """2 · Σ O·ln(O/E) over the 2×2 table; a cell of 0 (or below: overlapping windows) adds nothing."""
    observed = [[o11, row1 - o11], [column1 - o11, total - row1 - column1 + o11]]
    rows = [row1, total - row1]
    columns = [column1, total - column1]
    result = 0.0
    for i in range(2):
        for j in range(2):
            o = observed[i][j]
            e = rows[i] * columns[j] / total
            if o > 0 and e > 0:
                result += o * math.log(o / e)
    return 2 * result


def nodes(utt, word):
    """The matches of a one-word query: positions holding the form, neighbours that only spaces (two at
    most) separate joined into one match, as kwic shows them. Each as (first, last) position."""
    result = []
    for p, w in enumerate(utt["words"]):
        if word not in w["forms"]:
            continue
        if result and result[-1][1] == p - 1:
            gap = utt["text"][utt["words"][p - 1]["end"]:w["start"]]
            if len(gap) <= 2 and set(gap) <= {" "}:
                result[-1] = (result[-1][0], p)
                continue
        result.append((p, p))
    return result


def collocates(utterances, args, stop):
    kind, _, word = args.select.partition(":")
    if kind != "word":
        raise SystemExit("collocates needs a word:W selection")
    left, right = args.window
    total = sum(len(spoken(utt["words"])) for utt in utterances)
    frequencies = corpus_frequencies(utterances)
    observed = {}
    f_node = 0
    for u in selected(utterances, args.select):
        utt = utterances[u]
        count = len(utt["words"])
        for first, last in nodes(utt, word):
            f_node += 1
            window = list(range(max(0, first - left), first)) + list(range(last + 1, min(count, last + 1 + right)))
            for q in window:
                if utt["words"][q]["note"]:
                    continue
                for form in utt["words"][q]["forms"]:
                    if keeps(form, set() if args.keep_stopwords else stop):
                        observed[form] = observed.get(form, 0) + 1
    rows = []
    for form, o in observed.items():
        if o < args.min:
            continue
        f_coll = frequencies[form]
        e = f_node * f_coll * (left + right) / total
        rows.append({
            "word": form, "o": o, "e": e, "f_node": f_node, "f_coll": f_coll,
            "mi": math.log2(o / e),
            "t": (o - e) / math.sqrt(o),
            "logdice": 14 + math.log2(2 * o / (f_node + f_coll)),
            "ll": log_likelihood(o, f_node * (left + right), f_coll, total),
        })
    return {"N": total, "f_node": f_node, "rows": rows}


def keywords(utterances, args, stop):
    total = sum(len(spoken(utt["words"])) for utt in utterances)
    target = selected(utterances, args.select)

    def count(units):
        counts = {}
        for u in units:
            for w in spoken(utterances[u]["words"]):
                for form in w["forms"]:
                    counts[form] = counts.get(form, 0) + 1
        return counts, sum(len(spoken(utterances[u]["words"])) for u in units)

    a_counts, n1 = count(target)
    if args.versus:
        b_counts, n2 = count(selected(utterances, args.versus))
    else:
        corpus = corpus_frequencies(utterances)
        b_counts = {form: corpus[form] - a_counts.get(form, 0) for form in corpus}
        n2 = total - n1
    rows = []
    for form, a in a_counts.items():
        if a < args.min or not keeps(form, stop):
            continue
        b = b_counts.get(form, 0)
        rows.append({
            "word": form, "a": a, "b": b,
            "ll": log_likelihood(a, n1, a + b, n1 + n2),
            "log_ratio": math.log2((a / n1) / ((b if b else 0.5) / n2)),
            "positive": a / n1 > b / n2,
        })
    return {"N": total, "N1": n1, "N2": n2, "rows": rows}


def ngrams(utterances, args):
    counts = {}
    for u in selected(utterances, args.select):
        # A note's word is none, and no sequence runs across a note or an elision.
        first_forms = []
        for w in utterances[u]["words"]:
            if w["after_mark"]:
                first_forms.append(None)
            first_forms.append(None if w["note"] else w["forms"][0])
        for start in range(len(first_forms) - args.n + 1):
            gram = first_forms[start:start + args.n]
            if None in gram or args.containing and args.containing not in gram:
                continue
            key = " ".join(gram)
            counts[key] = counts.get(key, 0) + 1
    total = sum(len(spoken(utt["words"])) for utt in utterances)
    return {"N": total, "rows": [{"ngram": k, "count": c} for k, c in counts.items() if c >= args.min]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--stopwords", help="the stop list file (one word a line, # comments)")
    commands = parser.add_subparsers(dest="command", required=True)
    c = commands.add_parser("collocates")
    c.add_argument("--select", required=True)
    c.add_argument("--window", nargs=2, type=int, default=[5, 5])
    c.add_argument("--min", type=int, default=3)
    c.add_argument("--keep-stopwords", action="store_true")
    k = commands.add_parser("keywords")
    k.add_argument("--select", required=True)
    k.add_argument("--versus")
    k.add_argument("--min", type=int, default=3)
    g = commands.add_parser("ngrams")
    g.add_argument("--select", required=True)
    g.add_argument("--n", type=int, required=True)
    g.add_argument("--min", type=int, default=2)
    g.add_argument("--containing")
    args = parser.parse_args()
    utterances = read_corpus(args.corpus)
    stop = stop_list(args.stopwords)
    if args.command == "collocates":
        result = collocates(utterances, args, stop)
    elif args.command == "keywords":
        result = keywords(utterances, args, stop)
    else:
        result = ngrams(utterances, args)
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
