"""Benchmark on real Vietnamese text: the project's copy detection beside a plain baseline.

Takes any folder of real Vietnamese .txt files (e.g. the vietnews corpus exported by
benchmarks/plagiarism_real_export.py; never committed). The first ``--docs`` files
(by name) are the background; ``--planted`` copies per kind are made from other real
articles of the background and written next to them:
- verbatim: the source as is;
- no_accents: the source with every diacritic stripped;
- insert_20: a host article (outside the background) with whole sentences of the
  source inserted until they are 20 % of the result;
- shuffle_7: the source's sentences shuffled and every 7th word changed;
- quoted: the host's first lines, a short lead-in and a ~38-word passage of the source
  in quotation marks.
Both systems run in their own process on the same folder: the project through its CLI
(``flask plagiarism check-dir --json``), the baseline (scikit-learn word 3-gram TF-IDF
on accent-folded text, sparse cosine ≥ 0.3, products in row blocks) through
``--baseline-only``. Prints JSON: per system CPU seconds, peak RSS, pairs flagged per
kind, planted recall per kind, and precision of the pairs reported as copying against
the labelled sample in benchmarks/data/plagiarism_real_labels.csv (pair "a|b" by file
name, label genuine/template/other; labels made by reading the pairs).

    python -m benchmarks.plagiarism_real /work/corpus/vietnews --docs 5000
    python -m benchmarks.plagiarism_real DIR --docs 20000 --pairs-out /tmp/p.json
    python -m benchmarks.plagiarism_real DIR --check-index 100000

``--check-index N`` instead indexes the first N files (in-process) and times checking
new texts against that index (what `flask plagiarism check` does per file): half are
unseen articles, half an unseen article with a fifth of an indexed one inserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "data" / "plagiarism_real_labels.csv"
KINDS = ("verbatim", "no_accents", "insert_20", "shuffle_7", "quoted")
SEED = 20261207
SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+")


def fold_plain(text: str) -> str:
    """Lower case, diacritics removed (written here, independent of contest.textnorm)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def strip_marks(text: str) -> str:
    """The text with diacritics removed, case kept."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in text if not unicodedata.combining(c))
    )


def sentences(text: str) -> list[str]:
    """Sentences of an article (lines, then sentence punctuation)."""
    out = []
    for line in text.splitlines():
        out += [s.strip() for s in SENTENCE_RE.split(line) if s.strip()]
    return out


def plant(kind: str, source: str, host: str, rng: random.Random, vocab: list[str]):
    """One planted copy of ``source`` (``host``: another real article)."""
    if kind == "verbatim":
        return source
    if kind == "no_accents":
        return strip_marks(source)
    if kind == "insert_20":
        own = sentences(host)
        lifted = [s for s in sentences(source) if len(s.split()) >= 8]
        rng.shuffle(lifted)
        out, added = list(own), 0
        total = sum(len(s.split()) for s in own)
        for s in lifted:
            if added >= 0.25 * total:  # 20 % of the result
                break
            out.insert(rng.randrange(len(out) + 1), s)
            added += len(s.split())
        return "\n".join(out)
    if kind == "shuffle_7":
        sents = sentences(source)
        rng.shuffle(sents)
        words = " ".join(sents).split()
        for k in range(6, len(words), 7):
            words[k] = rng.choice(vocab)
        return " ".join(words)
    if kind == "quoted":
        words = " ".join(sentences(source)[2:]).split()
        start = rng.randrange(max(1, len(words) - 38))
        passage = " ".join(words[start : start + 38])
        lead = " ".join(sentences(host)[:2])
        return f"{lead}\n\nBáo chí từng viết: “{passage}”."
    raise ValueError(kind)


def build_folder(src: Path, out: Path, docs: int, planted: int) -> dict[str, str]:
    """Background + planted copies in ``out``; returns planted name → source name."""
    names = sorted(p.name for p in src.glob("*.txt"))
    background, hosts = names[:docs], names[docs:]
    for name in background:
        os.link(src / name, out / name) if _same_fs(src, out) else shutil.copy(
            src / name, out / name
        )
    rng = random.Random(SEED)
    vocab = (src / background[0]).read_text(encoding="utf-8").split()
    truth = {}
    sources = rng.sample(background, planted * len(KINDS))
    host_names = rng.sample(hosts, planted * len(KINDS)) if hosts else sources[::-1]
    for k, kind in enumerate(KINDS):
        for i in range(planted):
            s = sources[k * planted + i]
            h = host_names[k * planted + i]
            text = plant(
                kind,
                (src / s).read_text(encoding="utf-8"),
                (src / h).read_text(encoding="utf-8"),
                rng,
                vocab,
            )
            name = f"zz_{kind}_{i:03d}.txt"
            (out / name).write_text(text, encoding="utf-8")
            truth[name] = s
    (out / "truth.json").write_text(json.dumps(truth, indent=0), encoding="utf-8")
    return truth


def _same_fs(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


def run_measured(cmd: list[str]) -> tuple[str, float, float]:
    """Run ``cmd``; its stdout, CPU seconds (user + sys) and peak RSS in MB."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"{cmd[:3]} failed: {status}")
    return out.decode("utf-8"), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def baseline(folder: Path, cutoff: float = 0.3) -> list[dict]:
    """scikit-learn word 3-gram TF-IDF on accent-folded text, cosine ≥ cutoff."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    files = sorted(p for p in folder.glob("*.txt"))
    texts = [fold_plain(p.read_text(encoding="utf-8")) for p in files]
    x = TfidfVectorizer(ngram_range=(3, 3), dtype=np.float32).fit_transform(texts)
    xt = x.T.tocsr()
    pairs = []
    for b0 in range(0, x.shape[0], 1024):
        prod = (x[b0 : b0 + 1024] @ xt).tocoo()
        i, j, v = prod.row + b0, prod.col, prod.data
        ok = (j < i) & (v >= cutoff)
        for a, b, s in zip(i[ok], j[ok], v[ok], strict=True):
            pairs.append({"a": files[a].name, "b": files[b].name, "score": float(s)})
    return sorted(pairs, key=lambda p: (-p["score"], p["a"], p["b"]))


def pair_key(a: str, b: str) -> str:
    """Order-free id of a pair of file names."""
    return "|".join(sorted((a, b)))


def load_labels() -> dict[str, tuple[str, str]]:
    """Labelled pairs: "a|b" → (label, sample): label genuine / template / other,
    sample "project" or "baseline_only" (see benchmarks/data/README.md)."""
    if not LABELS.exists():
        return {}
    with LABELS.open(encoding="utf-8") as fh:
        return {
            pair_key(r["a"], r["b"]): (r["label"], r["sample"])
            for r in csv.DictReader(fh)
        }


def summarise(pairs: list[dict], truth: dict[str, str], labels: dict):
    """Counts per kind, planted recall per kind, precision on the labelled sample."""
    kinds: dict[str, int] = {}
    for p in pairs:
        kinds[p.get("kind", "copy")] = kinds.get(p.get("kind", "copy"), 0) + 1
    found = {pair_key(p["a"], p["b"]) for p in pairs}
    copies = [p for p in pairs if p.get("kind", "copy") == "copy"]
    copy_keys = {pair_key(p["a"], p["b"]) for p in copies}
    recall = {}
    for kind in KINDS:
        group = [n for n in truth if n.startswith(f"zz_{kind}_")]
        hit = sum(pair_key(n, truth[n]) in found for n in group)
        recall[kind] = round(hit / max(len(group), 1), 3)
    background = [p for p in copies if "zz_" not in p["a"] + p["b"]]
    judged = [labels[k][0] for k in copy_keys if k in labels]
    genuine = sum(lab == "genuine" for lab in judged)
    return {
        "pairs": len(pairs),
        "pairs_per_kind": kinds,
        "background_copy_pairs": len(background),
        "recall": recall,
        "labelled_copy_pairs": len(judged),
        "labelled_genuine": genuine,
        "precision_on_labelled": round(genuine / len(judged), 3) if judged else None,
    }


def _rate(keys: set[str], labels: dict, sample: str) -> tuple[float | None, int]:
    """Share of genuine pairs among the labelled ``keys`` of one sample, and n."""
    judged = [labels[k][0] for k in keys if k in labels and labels[k][1] == sample]
    if not judged:
        return None, 0
    return sum(lab == "genuine" for lab in judged) / len(judged), len(judged)


def genuine_estimates(dumped: dict, labels: dict) -> dict:
    """Genuine reuse found by each system, estimated stratum by stratum: the
    project's background copies from the project sample; the baseline's pairs that
    the project also reports as copying from the project sample, the others from
    the baseline-only sample."""

    def keys(name: str, kind: str | None = None) -> set[str]:
        return {
            pair_key(p["a"], p["b"])
            for p in dumped[name]
            if "zz_" not in p["a"] + p["b"] and kind in (None, p.get("kind"))
        }

    proj = keys("project", "copy")
    rate, n = _rate(proj, labels, "project")
    out = {"project_precision": rate, "project_labelled": n}
    if rate is not None:
        out["project_genuine"] = round(rate * len(proj))
    if "baseline" in dumped and rate is not None:
        base = keys("baseline")
        shared = base & proj
        only = base - keys("project")
        shared_rate, _ = _rate(shared, labels, "project")
        only_rate, n_only = _rate(only, labels, "baseline_only")
        if shared_rate is not None and only_rate is not None:
            other = base - shared - only  # project reports them as template/quote
            estimate = shared_rate * len(shared) + only_rate * len(only)
            out |= {
                "baseline_pairs_also_project_copies": len(shared),
                "baseline_pairs_project_lists_apart": len(other),
                "baseline_only_pairs": len(only),
                "baseline_only_genuine_rate": round(only_rate, 3),
                "baseline_only_labelled": n_only,
                "baseline_genuine": round(estimate),
                "baseline_precision": round(estimate / max(len(base), 1), 3),
            }
    return out


def check_latency(folder: Path, n: int, repeats: int = 60) -> dict:
    """Build an index of the first ``n`` files, time checks of new texts."""
    import resource

    import numpy as np

    from judging.plagiarism.core import SimilarityIndex

    names = sorted(p.name for p in folder.glob("*.txt"))
    indexed, fresh = names[:n], names[n : n + repeats]
    t0 = time.process_time()
    index = SimilarityIndex()
    index.add_many(
        (name, (folder / name).read_text(encoding="utf-8"), "archive", None)
        for name in indexed
    )
    build = time.process_time() - t0
    rng = random.Random(SEED)
    times, hits, copies = [], 0, 0
    for k, name in enumerate(fresh):
        text = (folder / name).read_text(encoding="utf-8")
        source = rng.choice(indexed)
        if k % 2:
            text = plant("insert_20", index.text(source), text, rng, [])
            copies += 1
        t = time.perf_counter()
        found = index.check(text)
        times.append(time.perf_counter() - t)
        hits += bool(k % 2) and any(m.b == source for m in found)
    return {
        "index_docs": len(index),
        "build_cpu_s": round(build, 1),
        "check_median_ms": round(1000 * float(np.median(times)), 1),
        "check_p95_ms": round(1000 * float(np.percentile(times, 95)), 1),
        "check_max_ms": round(1000 * max(times), 1),
        "inserted_copies_found": f"{hits}/{copies}",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    """Build the folder, run both systems, print the JSON summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--planted", type=int, default=50, help="copies per kind")
    ap.add_argument("--work", type=Path, help="keep the built folder here")
    ap.add_argument("--pairs-out", type=Path, help="write both systems' pairs here")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--baseline-only", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--check-index", type=int, help="time checks against N files")
    args = ap.parse_args()
    if args.check_index:
        report = check_latency(args.folder, args.check_index)
        print(json.dumps(report, indent=1))
        return
    if args.baseline_only:
        json.dump(baseline(args.baseline_only), sys.stdout)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="plag_real_"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    truth = build_folder(args.folder, work, args.docs, args.planted)
    labels = load_labels()
    py = sys.executable
    flask = str(Path(py).with_name("flask"))
    result: dict = {"docs": args.docs, "planted_per_kind": args.planted}
    runs = {"project": [flask, "--app", "wsgi", "plagiarism", "check-dir", "--json"]}
    if not args.skip_baseline:
        runs["baseline"] = [
            py,
            "-m",
            "benchmarks.plagiarism_real",
            ".",
            "--baseline-only",
        ]
    dumped = {}
    for name, cmd in runs.items():
        out, cpu, rss = run_measured([*cmd, str(work)])
        pairs = json.loads(out)
        dumped[name] = [
            {k: p.get(k) for k in ("a", "b", "score", "kind")} for p in pairs
        ]
        result[name] = {
            "cpu_s": round(cpu, 1),
            "peak_rss_mb": round(rss),
            **summarise(pairs, truth, labels),
        }
    if "baseline" in dumped:
        proj = {pair_key(p["a"], p["b"]) for p in dumped["project"]}
        base = {pair_key(p["a"], p["b"]) for p in dumped["baseline"]}
        result["baseline_pairs_also_found_by_project"] = len(base & proj)
    result["genuine_reuse"] = genuine_estimates(dumped, labels)
    result["wall_s"] = round(time.time() - started, 1)
    if args.pairs_out:
        args.pairs_out.write_text(json.dumps(dumped), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
