"""Save and load a SimilarityIndex as one .npz file: plain arrays plus a JSON header.

No pickle: loading uses ``allow_pickle=False``, so a tampered file cannot run code.
The CSR pointer array is stored sparsely (non-empty features and their counts) because
most of the 2**bits features are empty in a contest-sized collection.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import TYPE_CHECKING

import numpy as np

from judging.plagiarism.core.postings import Postings
from judging.plagiarism.core.tokens import PhraseSet, Vocabulary

if TYPE_CHECKING:
    from judging.plagiarism.core.index import SimilarityIndex

FORMAT_VERSION = 1


def save_index(index: SimilarityIndex, path: str) -> None:
    """Write ``index`` atomically to ``path``."""
    index.postings.merge()
    counts = np.diff(index.postings.ptr)
    nonempty = np.flatnonzero(counts).astype(np.uint32)
    blob = b"".join(index._texts)
    text_ends = np.cumsum([len(t) for t in index._texts], dtype=np.int64)
    header = {
        "version": FORMAT_VERSION,
        "bits": index.postings.bits,
        "ids": index._ids,
        "sources": index._sources,
        "authors": index._authors,
        "boilerplate": index.boilerplate,
        "terms": index.vocab.terms,
    }
    arrays = {
        "header": np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
        "features": nonempty,
        "counts": counts[nonempty],
        "docs": index.postings.docs,
        "mass": index._mass,
        "alive": np.array(index._alive, dtype=bool),
        "texts": np.frombuffer(blob, dtype=np.uint8),
        "text_ends": text_ends,
    }
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_index(cls: type[SimilarityIndex], path: str) -> SimilarityIndex:
    """Read an index written by ``save_index``."""
    with np.load(path, allow_pickle=False) as data:
        header = json.loads(data["header"].tobytes().decode("utf-8"))
        if header["version"] != FORMAT_VERSION:
            raise ValueError(
                f"unsupported similarity index version {header['version']}"
            )
        bits = int(header["bits"])
        counts = np.zeros(1 << bits, dtype=np.int64)
        counts[data["features"]] = data["counts"]
        ptr = np.concatenate([[0], np.cumsum(counts)])
        index = cls(feature_bits=bits)
        index.postings = Postings(bits, ptr=ptr, docs=data["docs"].astype(np.int32))
        index._mass = data["mass"].astype(np.float64)
        index._alive = data["alive"].tolist()
        blob = data["texts"].tobytes()
        ends = data["text_ends"].tolist()
    index.vocab = Vocabulary(header["terms"])
    index.boilerplate = header["boilerplate"]
    index._phrases = PhraseSet(index.vocab, index.boilerplate)
    index._ids = header["ids"]
    index._sources = header["sources"]
    index._authors = header["authors"]
    starts = [0, *ends[:-1]]
    index._texts = [blob[s:e] for s, e in zip(starts, ends, strict=True)]
    index._slot = {d: i for i, d in enumerate(index._ids) if index._alive[i]}
    return index
