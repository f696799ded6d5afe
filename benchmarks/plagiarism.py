"""Benchmark of judging.plagiarism.core on a synthetic Vietnamese-like collection; prints JSON.

Documents are ~1,800 syllables drawn from a Zipf-like frequency list of real Vietnamese
syllables (the most frequent ones listed by hand, a long tail of well-formed syllables
built from onsets, rhymes and tones), with genre formulas sprinkled into every document
so that unrelated documents share stock phrases. Planted copies: verbatim, partial
(10-40 % lifted), reordered paragraphs, noisy (5 % of syllables replaced) and
accent-stripped. Each stage runs in its own process so peak memory (ru_maxrss) is per
stage; it includes the generated corpus held in memory.

    python -m benchmarks.plagiarism                       # quick (< 1 minute)
    python -m benchmarks.plagiarism --docs 20000 --check-index 100000 --baseline-docs 3000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

import numpy as np

from contest.textnorm import fold, strip_accents


def _words(text: str) -> list[str]:
    """Whitespace-separated items of a literal list."""
    return text.split()


COMMON = _words("""là của và có những người trong được một cho không các với đã này để
đến khi cũng như ra về từ năm anh chị ông bà em mình ở làm việc nhà thì lại đi
nhiều hơn mà nên vào sau còn rất chúng tôi ta họ đó đây nay ngày tháng xã phường
thôn bản huyện thành phố công tác đồng bào dân nhân học sinh giáo viên bệnh viện y
tế bác sĩ cán bộ chiến sĩ đoàn hội phụ nữ thanh niên cựu binh gia đình con cháu
cha mẹ vợ chồng tiền hàng giúp đỡ hoàn cảnh khó khăn nghèo tình nguyện tự vận động
xây dựng đường cầu trường lớp nước điện mưa lũ bão cứu sống chết già trẻ nhỏ lớn
tuổi đầu tiên cuối cùng mỗi mọi ai gì sao bao giờ lúc ấy kia đâu vẫn đang sẽ từng
mới bởi vì nếu tuy nhưng hay hoặc cả chỉ đều luôn thường xuyên bằng theo qua lên
xuống trên dưới giữa ngoài quanh bên cạnh trước tay chân mắt lòng tim nghĩ biết
nói kể nghe thấy nhìn yêu thương quý trọng cảm ơn vui buồn khổ đau hạnh phúc bình
an toàn sức khỏe tốt đẹp hay giỏi chăm chỉ cần cù kiên trì bền bỉ tận tụy hết mình
""")

GENRE = [
    "phong trào thi đua yêu nước",
    "lan tỏa những giá trị tốt đẹp",
    "tấm gương sáng về người tốt việc tốt",
    "gương điển hình tiên tiến",
    "góp phần xây dựng quê hương ngày càng giàu đẹp",
    "được bà con trong khu phố tin yêu",
    "là tấm gương sáng để mọi người noi theo",
    "học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh",
    "không quản ngại khó khăn vất vả",
    "hết lòng vì nhân dân phục vụ",
    "việc làm nhỏ nhưng ý nghĩa lớn",
    "lá lành đùm lá rách",
]

ONSETS = _words("b c ch d đ g gh gi h k kh l m n ng ngh nh ph qu r s t th tr v x")
RHYMES = _words("""a ai am an ang anh ao au ay ăm ăn ăng âm ân âng âu ây e em en eo ê êm ên
ênh êu i im in inh iu o oa oai oan oang oanh oe oi om on ong ô ôi ôm ôn ông ơ ơi ơm
ơn u ui um un ung uy uyên uân ư ưa ưi ưng ươi ương ươn iêm iên iêng iêu uôi uôn uông
ac ach ap at ăc ăp ăt âc âp ât ec ep et êch êp êt ich ip it oc op ot ôc ôp ôt ơp ơt
uc up ut ưc ưt ươc ươp ươt iêc iêp iêt uôc uôt oat""")
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def syllable_list(size: int, rng: np.random.Generator) -> list[str]:
    """Real Vietnamese syllables by rank: hand-listed frequent ones, then a long tail."""
    seen = dict.fromkeys(COMMON)
    tail = []
    for onset in ONSETS:
        for rhyme in RHYMES:
            stop = rhyme[-1] in "ctp" or rhyme.endswith("ch")
            for tone in TONES[4:] if stop else TONES:
                # textnorm.fold puts the tone mark where Vietnamese writes it
                tail.append(fold(onset + rhyme[0] + tone + rhyme[1:]))
    rng.shuffle(tail)
    for s in tail:
        seen.setdefault(s)
        if len(seen) >= size:
            break
    return list(seen)


class Corpus:
    """Deterministic generator of documents and planted copies."""

    def __init__(self, seed: int = 7, vocab: int = 7000, length: int = 1650) -> None:
        """Prepare the syllable list and its Zipf-like probabilities."""
        self.rng = np.random.default_rng(seed)
        self.words = np.array(syllable_list(vocab, self.rng), dtype=object)
        ranks = np.arange(1, len(self.words) + 1)
        p = 1.0 / ranks**1.05
        self.p = p / p.sum()
        self.length = length

    def original(self, seed: int) -> str:
        """One original document: Zipf syllables, genre formulas, punctuation."""
        rng = np.random.default_rng(seed)
        words = list(self.words[rng.choice(len(self.words), self.length, p=self.p)])
        for pos in rng.choice(self.length, self.length // 60, replace=False):
            words[pos] = GENRE[rng.integers(len(GENRE))]
        out = []
        for k, w in enumerate(words):
            out.append(w)
            if k % 17 == 16:
                out[-1] += "."
            if k % 150 == 149:
                out[-1] += "\n\n"
        return " ".join(out).replace("\n\n ", "\n\n")

    def copy(self, kind: str, source: str, seed: int) -> str:
        """A planted copy of ``source`` of the given kind."""
        rng = np.random.default_rng(seed)
        if kind == "verbatim":
            return source
        if kind == "reordered":
            paras = source.split("\n\n")
            rng.shuffle(paras)
            return "\n\n".join(paras)
        if kind == "accent_stripped":
            return strip_accents(source)
        words = source.split()
        if kind == "noisy":
            for pos in rng.choice(len(words), len(words) // 20, replace=False):
                words[pos] = self.words[rng.integers(200, len(self.words))]
            return " ".join(words)
        own = self.original(seed + 50_000_000).split()  # lift 10-40 % into own text
        share = rng.uniform(0.10, 0.40)
        n_lift = int(len(own) * share / (1 - share))
        start = int(rng.integers(0, max(1, len(words) - n_lift)))
        cut = int(rng.integers(0, len(own)))
        return " ".join(own[:cut] + words[start : start + n_lift] + own[cut:])


KINDS = ["verbatim", "partial", "reordered", "noisy", "accent_stripped"]


def collection(n: int, corpus: Corpus) -> tuple[Iterator, list[tuple[str, str, str]]]:
    """Documents d0..d{n-1}; every 50th slot is a planted copy of an earlier original."""
    planted: list[tuple[str, str, str]] = []
    rng = np.random.default_rng(99)
    copy_slots = set(range(49, n, 50))
    used: set[int] = set()  # one copy per source: two copies of one source are related
    for slot in sorted(copy_slots):
        src = int(rng.integers(0, slot))
        while src in copy_slots or src in used:
            src = int(rng.integers(0, slot))
        used.add(src)
        planted.append((f"d{slot}", f"d{src}", KINDS[len(planted) % len(KINDS)]))
    by_slot = {int(a[1:]): (int(b[1:]), kind) for a, b, kind in planted}

    def docs() -> Iterator[tuple[str, str, str, None]]:
        for slot in range(n):
            if slot in by_slot:
                src, kind = by_slot[slot]
                text = corpus.copy(kind, corpus.original(src), slot)
            else:
                text = corpus.original(slot)
            yield f"d{slot}", text, "edition", None

    return docs(), planted


def peak_mb() -> float:
    """Peak resident memory of this process in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def score(found: set[tuple[str, str]], planted: list[tuple[str, str, str]]) -> dict:
    """Recall per kind and false positives of a set of reported pairs."""
    truth = {frozenset((a, b)) for a, b, _ in planted}
    got = {frozenset(p) for p in found}
    per_kind: dict[str, list[int]] = {}
    for a, b, kind in planted:
        per_kind.setdefault(kind, []).append(frozenset((a, b)) in got)
    return {
        "planted": len(truth),
        "recall": round(sum(p in got for p in truth) / max(1, len(truth)), 4),
        "recall_by_kind": {k: round(sum(v) / len(v), 3) for k, v in per_kind.items()},
        "false_positives": len(got - truth),
    }


def stage_scan(n: int) -> dict:
    """Index n documents in bulk and scan them all."""
    from judging.plagiarism.core import DEFAULT_THRESHOLD, SimilarityIndex

    docs, planted = collection(n, Corpus())
    texts = list(docs)
    t0 = time.perf_counter()
    index = SimilarityIndex()
    index.add_many(texts)
    t1 = time.perf_counter()
    found = index.scan(threshold=DEFAULT_THRESHOLD)
    t2 = time.perf_counter()
    syllables = sum(len(t.split()) for _, t, _, _ in texts)
    return {
        "docs": n,
        "syllables": syllables,
        "index_s": round(t1 - t0, 2),
        "scan_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "peak_mb": peak_mb(),
        **score({(m.a, m.b) for m in found}, planted),
    }


def stage_check(m: int, repeats: int = 20) -> dict:
    """Build an index of m documents, then time adding + checking new documents."""
    from judging.plagiarism.core import SimilarityIndex

    corpus = Corpus()
    docs, _ = collection(m, corpus)
    t0 = time.perf_counter()
    index = SimilarityIndex()
    index.add_many(docs)
    build = time.perf_counter() - t0
    times, hits = [], 0
    for k in range(repeats):
        source = f"d{(k * 7919) % m}"
        if k % 2:  # half copies of an indexed document, half new originals
            text = corpus.copy("partial", index.text(source), 10_000_000 + k)
        else:
            text = corpus.original(20_000_000 + k)
        t = time.perf_counter()
        index.add(f"new{k}", text)
        found = index.check(f"new{k}")
        times.append(time.perf_counter() - t)
        hits += k % 2 == 1 and any(f.b == source for f in found)
    return {
        "index_docs": m,
        "build_s": round(build, 1),
        "add_and_check_median_s": round(float(np.median(times)), 4),
        "add_and_check_max_s": round(float(np.max(times)), 4),
        "copies_found": f"{hits}/{repeats // 2}",
        "peak_mb": peak_mb(),
    }


def stage_baseline(n: int, top_k: int = 20, threshold: float = 0.1) -> dict:
    """scikit-learn TfidfVectorizer word 3-grams + sparse top-k cosine, same corpus."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs, planted = collection(n, Corpus())
    texts = [t for _, t, _, _ in docs]
    t0 = time.perf_counter()
    x = TfidfVectorizer(ngram_range=(3, 3), sublinear_tf=True).fit_transform(texts)
    t1 = time.perf_counter()
    found = set()
    xt = x.T.tocsr()
    for b0 in range(0, n, 512):
        sims = (x[b0 : b0 + 512] @ xt).tocoo()
        for i, j, v in zip(sims.row + b0, sims.col, sims.data, strict=True):
            if i > j and v >= threshold:
                found.add((f"d{i}", f"d{j}"))
    t2 = time.perf_counter()
    return {
        "docs": n,
        "method": f"TfidfVectorizer(ngram_range=(3,3)) + cosine >= {threshold}",
        "vectorize_s": round(t1 - t0, 2),
        "pairs_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "peak_mb": peak_mb(),
        **score(found, planted),
    }


STAGES = {"scan": stage_scan, "check": stage_check, "baseline": stage_baseline}


def run_stage(name: str, size: int) -> dict:
    """Run one stage in a fresh process so its peak memory is its own."""
    cmd = [sys.executable, "-m", "benchmarks.plagiarism", "--stage", name, str(size)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    """Parse flags, run the stages, print one JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents to scan")
    parser.add_argument("--check-index", type=int, default=5000, help="index size")
    parser.add_argument("--baseline-docs", type=int, default=1000)
    parser.add_argument(
        "--stage", nargs=2, metavar=("NAME", "SIZE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(STAGES[args.stage[0]](int(args.stage[1]))))
        return
    report = {
        "scan": run_stage("scan", args.docs),
        "check": run_stage("check", args.check_index),
        "baseline": run_stage("baseline", args.baseline_docs),
        "engine_on_baseline_size": run_stage("scan", args.baseline_docs),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
