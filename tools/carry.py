#!/usr/bin/env python3
"""Do corrections carry? A measure of fine-tuning (bin/newsmark train --init).

For each corpus: the names (gold mention texts) the model DIR gets wrong in at
least two sentences. A name's first half of those sentences, with every gold
label they have, are the corrections a person would make; the other half are
probes the fine-tuning never sees. Names go five to a fine-tuning (at most 12
per corpus); reported: how many probe mentions of the names the base model and
the fine-tuned one get right (exact span and label), and the change of
`train --check` (micro F1 on data/heldout/own.jsonl) after each fine-tuning.

Names are split into two parts by a hash of the text: tune the fine-tuning on
one, report both. The dev files are split by document like data/MODEL.md's
halves (even-numbered documents "tune", odd "held"); GMB is its first 3,000
Voice of America documents (in no training mix).

usage: tools/carry.py [--model DIR] [--part tune|held] [--anchor A] [--epochs N]
(run from the project root; needs ../shared/data)
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import zlib

NER = "../shared/data/ner"


def read_docs(path, limit=None):
    """[[sentence of (token, tag)]] per document (`# doc` lines)."""
    docs, sent = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# doc"):
            if sent:
                docs[-1].append(sent)
                sent = []
            if limit and len(docs) == limit:
                break
            docs.append([])
        elif line.startswith("#"):
            continue
        elif not line:
            if sent and docs:
                docs[-1].append(sent)
            sent = []
        else:
            tok, tag = line.split("\t")[:2]
            sent.append((tok, tag))
    if sent and docs:
        docs[-1].append(sent)
    return docs


def corpora(part):
    for name in ("conll2003", "uner-ewt", "gum"):
        docs = read_docs(f"{NER}/dev/{name}.bio")
        yield name, [s for i, d in enumerate(docs) if i % 2 == (0 if part == "tune" else 1) for s in d]
    yield "gmb3k", [s for d in read_docs(f"{NER}/train/gmb.bio", 3000) for s in d]


def spans(tags):
    out, i = [], 0
    while i < len(tags):
        if tags[i][:2] in ("B-", "U-"):
            lab, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == "I-" + lab:
                j += 1
            out.append((i, j, lab))
            i = j
        else:
            i += 1
    return out


def tag(model, sents):
    inp = "\n\n".join("\n".join(t for t, _ in s) for s in sents) + "\n"
    r = subprocess.run(["bin/newsmark", "tag", "--model", model], input=inp, capture_output=True,
                       text=True, check=True)
    out = [[line.split("\t")[1] for line in block.split("\n") if line]
           for block in r.stdout.split("\n\n") if block.strip()]
    assert len(out) == len(sents), (len(out), len(sents))
    return out


def mentions(sent, pred, name):
    """(right, all) mentions of name in a sentence."""
    pr = set(spans(pred))
    got = [(a, b, lab) in pr for a, b, lab in spans([t for _, t in sent])
           if " ".join(w for w, _ in sent[a:b]) == name]
    return sum(got), len(got)


def carry(model, S, part, anchor, epochs, work):
    P = tag(model, S)
    wrong = collections.defaultdict(set)
    for si, (s, p) in enumerate(zip(S, P)):
        pr = set(spans(p))
        for a, b, lab in spans([t for _, t in s]):
            if (a, b, lab) not in pr:
                wrong[" ".join(w for w, _ in s[a:b])].add(si)
    names = sorted(n for n, v in wrong.items()
                   if len(v) >= 2 and zlib.crc32(n.encode()) % 2 == (0 if part == "tune" else 1))
    base_ok = tuned_ok = total = 0
    deltas = []
    for bi in range(0, min(len(names), 60), 5):
        batch = names[bi:bi + 5]
        train, probes = set(), {}
        for n in batch:
            sis = sorted(wrong[n])
            k = max(1, len(sis) // 2)
            train.update(sis[:k])
            probes[n] = sis[k:]
        bio = os.path.join(work, "corrections.bio")
        with open(bio, "w", encoding="utf-8") as f:
            for si in sorted(train):
                f.write("\n".join(f"{w}\t{t}" for w, t in S[si]) + "\n\n")
        out = os.path.join(work, "tuned")
        os.makedirs(out, exist_ok=True)
        subprocess.run(["cp", os.path.join(model, "newsmark.lex"), out], check=True)
        subprocess.run(["bin/newsmark", "train", "--init", os.path.join(model, "newsmark.model"), "--data", bio,
                        "--epochs", str(epochs), "--anchor", str(anchor), "--output",
                        os.path.join(out, "newsmark.model"), "--quiet"], check=True, capture_output=True)
        r = subprocess.run(["bin/newsmark", "train", "--check", out, "--base", model], capture_output=True, text=True)
        m = re.search(r"\(([-+][0-9.]+)\)", r.stdout + r.stderr)
        deltas.append(float(m.group(1)) if m else float("nan"))
        T = tag(out, S)
        for n in batch:
            for si in probes[n]:
                if si in train:
                    continue
                b, t = mentions(S[si], P[si], n)
                a, _ = mentions(S[si], T[si], n)
                base_ok, tuned_ok, total = base_ok + b, tuned_ok + a, total + t
    return len(names), total, base_ok, tuned_ok, deltas


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="data")
    ap.add_argument("--part", default="tune", choices=("tune", "held"))
    ap.add_argument("--anchor", default=0.05, type=float)
    ap.add_argument("--epochs", default=5, type=int)
    o = ap.parse_args()
    all_t = all_b = all_a = 0
    with tempfile.TemporaryDirectory() as work:
        for name, S in corpora(o.part):
            n, t, b, a, d = carry(o.model, S, o.part, o.anchor, o.epochs, work)
            all_t, all_b, all_a = all_t + t, all_b + b, all_a + a
            print(f"{name:10s} {o.part}: {n:3d} names, {t:3d} probe mentions: base right {b:3d}, "
                  f"fine-tuned right {a:3d} ({100 * a / max(1, t):.1f}%); own.jsonl F1 change "
                  f"mean {sum(d) / max(1, len(d)):+.2f}, worst {min(d, default=0):+.2f}")
    print(f"all        {o.part}: {all_t} probe mentions: base right {all_b}, fine-tuned right {all_a} "
          f"({100 * all_a / max(1, all_t):.1f}%)")


if __name__ == "__main__":
    sys.exit(main())
