"""Near-duplicate detection: MinHash signatures of word shingles, indexed with LSH.

Syndicated copies of one article (a wire story re-run with a new first line, a trimmed
ending) share most of their 5-word shingles. Each stored document keeps its signature in
``documents.minhash``; an ingest loads the signatures of stored originals into an LSH index,
so a copy is linked to its original whether that arrived a second or a year earlier.

Only originals enter the index, so a copy of a copy links to the first article, not to a
sibling. The index keeps 8-byte band keys, not signatures (those are fetched from the
database for the rare candidate pair), which keeps memory near 1 KB per stored document.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's default; pinned because stored signatures depend on it
SEED = 1
SHINGLE_WORDS = 5
THRESHOLD = 0.8  # estimated Jaccard similarity of shingle sets that makes a near-duplicate
# LSH only proposes candidates; each is then checked against THRESHOLD on the signatures.
# Banding for 0.5 (25 bands of 5 rows) finds pairs at 0.8 with probability ~1.0, where
# banding for 0.8 itself (9 x 13) would miss one pair in twenty at 0.9.
LSH_THRESHOLD = 0.5
SIGNATURE_BYTES = NUM_PERM * 4

_WORD = re.compile(r"\w+")


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of a polynomial hash over word hashes


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> list[int]:
    """32-bit hashes of the text's ``size``-word shingles, case- and punctuation-insensitive.

    Words are hashed once (CRC-32, stable across processes, unlike ``hash()``) and shingles
    combined with numpy, which is ten times faster than hashing each shingle's bytes: this
    is the hot loop of ingest. Stored signatures depend on it, so changing it needs a
    migration that recomputes ``documents.minhash``.
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if not words:
        return []
    hashes = np.fromiter(
        (zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64, count=len(words)
    )
    width = min(size, len(hashes))
    combined = np.zeros(len(hashes) - width + 1, dtype=np.uint64)
    for offset in range(width):
        combined = combined * _MIX + hashes[offset : offset + len(combined)]
    return np.unique(combined >> np.uint64(32)).tolist()


def _identity(value: int) -> int:
    return value


def _band_key(data: bytes) -> int:
    # Python's own bytes hash: fast and 64-bit; salted per process, which is fine because
    # the index is rebuilt from the stored signatures by every run.
    return hash(data)


class NearDuplicateIndex:
    """An LSH index over the originals seen so far; answers "which original is this a copy of?"."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHash, MinHashLSH  # lazy: a quarter-second import

        self._minhash = MinHash
        self.threshold = threshold
        self._lsh = MinHashLSH(
            threshold=min(threshold, LSH_THRESHOLD), num_perm=NUM_PERM, hashfunc=_band_key
        )
        self._template = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity)
        self.size = 0

    def signature(self, text: str) -> MinHash:
        """The MinHash of a text (reusing the permutations, which are costly to draw)."""
        minhash = self._minhash(
            num_perm=NUM_PERM,
            seed=SEED,
            scheme=SCHEME,
            permutations=self._template.permutations,
            hashfunc=_identity,
        )
        minhash.update_batch(shingle_hashes(text))
        return minhash

    @staticmethod
    def to_bytes(minhash: MinHash) -> bytes:
        return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()

    def from_bytes(self, blob: bytes) -> MinHash | None:
        """A MinHash from its stored bytes; None for a blob from another layout."""
        if len(blob) != SIGNATURE_BYTES:
            return None
        values = np.frombuffer(blob, dtype=np.uint32)
        return self._minhash(
            num_perm=NUM_PERM,
            seed=SEED,
            scheme=SCHEME,
            hashvalues=values,
            permutations=self._template.permutations,
            hashfunc=_identity,
        )

    def add(self, doc_id: str, minhash: MinHash) -> None:
        """Index an original document."""
        if doc_id not in self._lsh:
            self._lsh.insert(doc_id, minhash)
            self.size += 1

    def load(self, stored: Iterable[tuple[str, bytes]]) -> int:
        """Index stored originals from (id, signature bytes) pairs; returns how many."""
        for doc_id, blob in stored:
            minhash = self.from_bytes(bytes(blob))
            if minhash is not None:
                self.add(doc_id, minhash)
        return self.size

    def candidates(self, minhash: MinHash) -> list[str]:
        """Ids of indexed originals that may be near-duplicates of this signature."""
        return list(self._lsh.query(minhash))

    def best_original(self, minhash: MinHash, signatures: Mapping[str, MinHash]) -> str | None:
        """The most similar candidate at or above the threshold, given candidates' signatures."""
        best, best_score = None, self.threshold
        for doc_id, other in sorted(signatures.items()):
            score = minhash.jaccard(other)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = doc_id, score
        return best
