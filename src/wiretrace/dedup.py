"""Copy clusters and stories for a whole corpus: pure functions over arrays, shared by every batch engine.

The local engine (`wiretrace dedup`, `batch.py`) and the Spark engine call the
same functions, so both give the same clusters. Every function is pure and
deterministic; rows are articles, and results depend on row order only where
said (sort rows by article id first to make them independent of input order).

Copies (a wire text re-run verbatim, trimmed, lightly spun or OCR-garbled):

- `signatures(texts)` -> (n, NUM_PERM) uint64: MinHash over 5-byte shingles of
  the canonical text (lowercase, runs of ASCII punctuation and space made one
  space). Values equal datasketch's `MinHash.bulk([shingles(t) ...],
  num_perm=NUM_PERM, hashfunc=xxhash.xxh32_intdigest)` (its default affine32
  scheme, seed 1): the shingles' xxHash32 and the permutations are computed in
  numpy over a whole batch at once, which is what makes it fast. Character
  shingles, not the word 3-grams of `fingerprints.py` (online stories): on
  OCR-noisy copies one garbled letter costs five character shingles but three
  word shingles out of far fewer, and noisy copies kept Jaccard 0.94 (median)
  with 5-byte shingles against 0.84 with word 3-grams.
- `sketch(texts)` -> `Sketches`: those signatures, each text's number of
  distinct shingles (to turn Jaccard into containment: a trimmed copy shares
  half its parent's shingles but is wholly inside it) and a bottom-k sketch of
  the names and numbers it states (`names`).
- `band_keys(signatures)` -> (n, BANDS) int64: LSH bucket keys, column j for band j.
- `candidate_pairs(keys)` -> (m, 2) rows: within each bucket (members in row
  order) the first member paired with every other, and each member with the
  next: linear in the bucket, so a wire story copied ten thousand times costs
  ten thousand edges, not fifty million. Buckets over `max_bucket` are
  dropped with a warning (boilerplate every article carries).
- `verify(pairs, sketches)` -> the pairs that are copies (`is_copy`): estimated
  Jaccard at least JACCARD, containment at least CONTAINMENT, and the names and
  numbers of the smaller article nearly all found in the other (NAMES). The
  last test keeps apart a report of another event written from the same
  template (other people, places, numbers and dates in the same sentences);
  an article naming fewer than MIN_NAMES cannot be tested so, and must then be
  nearly the same text (FEW_NAMES_JACCARD).
- `components(ids, pairs)` -> one label per row: the smallest id in its
  connected component (order-free: any engine that joins the same pairs gets
  the same labels).

Stories (articles that report one event): candidates are the verified copy
pairs plus articles that share a random-hyperplane bucket of their embedding
(`hyperplane_keys`, seeded) and were published within STORY_WINDOW_DAYS of
each other (`story_candidates`); `join_probability` scores them with the
online path's join model (`stories.features.feature_matrix`,
`stories.model.load`), and `components` groups the accepted ones.

An engine that shards the work reproduces the local labels when it keeps the
contract: sketches are per article (any partitioning); bucket members are
ordered by article id (copies) or by (day, article id) (stories) before pairs
are drawn; `verify` and `join_probability` are per pair; and the label of a
component is its smallest article id, which no partitioning changes.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import numpy as np
import xxhash
from datasketch import MinHash
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .compare.features import STOPWORDS

NUM_PERM = 128
SHINGLE = 5               # bytes of canonical text per shingle
ROWS = 2                  # signature values per LSH band: 64 bands find pairs of Jaccard 0.25 with p = 0.98
BANDS = NUM_PERM // ROWS
JACCARD = 0.2             # thresholds chosen by evaluation/copies.py on its tuning sets (demo, seed 1;
CONTAINMENT = 0.93        # ECB+ tuning topics, seed 1), at a clean pair; they scale with the pair's noise
NAMES = 0.85
NAMES_NOISE = 0.1         # the names threshold falls by this much per unit of noise (`noise`)
SHINGLES_KEPT = 0.35      # share of folded shingles a word-level noise n leaves: (1 - n) ** 0.35
MIN_NAMES = 3             # fewer names than this in the smaller article prove nothing: then the text must be
FEW_NAMES_JACCARD = 0.7   # nearly the same (a one-paragraph trim fits the original and its template twin alike)
NAME_SLOTS = 64           # bottom-k names sketch: exact for articles naming up to 64 distinct names and numbers
NAME_CHARS = 12           # a name is compared on its first 12 folded characters
NOISE_CHARS = 4000        # the noise level is read from the start of a text
NOISE_SCALE = 10_000
WORD_FREQUENCY = 1e-7     # a word is English when at least this frequent (wordfreq): 96,000 words
MAX_BUCKET = 100_000
STORY_WINDOW_DAYS = 14    # reports further apart are not candidates for one story (as online)
STORY_TABLES = 16
STORY_BITS = 6            # 16 tables of 6 hyperplanes: cosine 0.6 pairs share a bucket with p ~ 0.88
STORY_NEIGHBOURS = 8      # earlier bucket-mates (by publication) each article is paired with
STORY_SEED = 1

_log = logging.getLogger(__name__)
_NO_NAME = np.uint64(2**64 - 1)   # fills a names sketch after the last name
_NAME_BITS = np.uint64(2**63 - 1)
_PRIME1, _PRIME2, _PRIME3, _PRIME4, _PRIME5 = (np.uint32(p) for p in (
    0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1))
_CANON = bytes(c if chr(c).isalnum() or c >= 128 else 32 for c in range(256)).lower().translate(
    bytes.maketrans(b"ciab01l58", b"elohollsh"))
_NAME = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z][A-Za-z0-9]+|[0-9][A-Za-z0-9]*)")
_WORD = re.compile(r"(?<![A-Za-z0-9])[a-z][a-z0-9]*")
_FOLD = str.maketrans("ciab01l58", "elohollsh")
_FOLDED_STOPWORDS = frozenset(w.replace("rn", "m").translate(_FOLD) for w in STOPWORDS)
_LETTER = np.frombuffer(b"\0" + b"defghjklmnopqrstuvwxyz234679" + b"?" * 227, dtype=np.uint8)
_CODE = np.zeros(256, dtype=np.uint8)
_CODE[_LETTER[1:29]] = np.arange(1, 29)
_CHUNK = 128 * 1024         # characters hashed at once: the working arrays stay in a core's cache
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations   # datasketch's own (a, b), uint32


# copies: shingles and signatures


def canonical(text: str) -> bytes:
    """Lowercase UTF-8 with every run of ASCII punctuation and whitespace made one space, and the letters a
    scanner confuses made one (`fold`): a misread letter then costs no shingle."""
    return b" ".join(text.lower().encode("utf-8", "replace").replace(b"rn", b"m").translate(_CANON).split())


def shingles(text: str) -> list[bytes]:
    """The 5-byte windows of the canonical text (the whole of it when shorter): the reference `signatures` hashes."""
    data = canonical(text)
    if len(data) <= SHINGLE:
        return [data]
    return [data[i:i + SHINGLE] for i in range(len(data) - SHINGLE + 1)]


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures (uint64, NUM_PERM columns), equal to datasketch's over `shingles` with xxHash32."""
    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint64)
    return np.concatenate([_minhash(*_shingle_hashes(part)) for part in _parts(texts)]).astype(np.uint64)


def _parts(texts: list[str]):
    """Consecutive runs of texts of about _CHUNK characters."""
    lo = 0
    while lo < len(texts):
        hi, size = lo + 1, len(texts[lo])
        while hi < len(texts) and size < _CHUNK:
            size += len(texts[hi])
            hi += 1
        yield texts[lo:hi]
        lo = hi


def _rotl(h: np.ndarray, r: int) -> np.ndarray:
    return (h << np.uint32(r)) | (h >> np.uint32(32 - r))


def _xxh32_short(words: list[np.ndarray], tail: list[np.ndarray], length: int) -> np.ndarray:
    """xxHash32 (seed 0) of many inputs of one length under 16 bytes: their 4-byte words, then their last bytes."""
    h = np.full(len((words or tail)[0]), (int(_PRIME5) + length) & 0xFFFFFFFF, dtype=np.uint32)
    for w in words:
        h += w * _PRIME3
        h = _rotl(h, 17) * _PRIME4
    for t in tail:
        h += t * _PRIME5
        h = _rotl(h, 11) * _PRIME1
    h ^= h >> np.uint32(15)
    h *= _PRIME2
    h ^= h >> np.uint32(13)
    h *= _PRIME3
    return h ^ (h >> np.uint32(16))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, which datasketch's affine32 scheme applies to every input hash."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _shingle_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mixed hashes of every window of the texts laid end to end (one separator byte between texts),
    and where each text's own windows start and end."""
    datas = [canonical(t) for t in texts]
    lengths = np.fromiter(map(len, datas), dtype=np.int64, count=len(datas))
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    raw = b"\n".join(datas) + b"\n" * (SHINGLE + 4)
    n = len(raw) - SHINGLE - 3
    data = np.frombuffer(raw, dtype=np.uint8)
    unaligned = np.ndarray(shape=(len(raw) - 3,), dtype="<u4", buffer=raw, strides=(1,))
    full = SHINGLE // 4
    words = [np.ascontiguousarray(unaligned[4 * j:4 * j + n]) for j in range(full)]
    tail = [data[4 * full + j:4 * full + j + n].astype(np.uint32) for j in range(SHINGLE % 4)]
    h = _xxh32_short(words, tail, SHINGLE)
    for i in np.flatnonzero(lengths < SHINGLE):
        h[starts[i]] = xxhash.xxh32_intdigest(datas[i])   # a text shorter than a shingle is one shingle
    return _fmix32(h), starts, starts + np.maximum(lengths - SHINGLE + 1, 1)


def _minhash(h: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per text, for each permutation: the minimum of a*h + b (mod 2^32) over its windows."""
    a, b = _PERMUTATIONS
    bounds = np.column_stack([starts, ends]).ravel()
    out = np.empty((NUM_PERM, len(starts)), dtype=np.uint32)
    buf = np.empty_like(h)
    for p in range(NUM_PERM):
        np.multiply(h, a[p], out=buf)
        buf += b[p]
        out[p] = np.minimum.reduceat(buf, bounds)[::2]
    return np.ascontiguousarray(out.T)


def _distinct(h: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per text, how many distinct window hashes it has: each text's hashes sorted in a row of their own."""
    counts = ends - starts
    width = int(counts.max())
    column = np.arange(width)
    inside = column < counts[:, None]
    rows = np.full((len(starts), width), np.uint32(0xFFFFFFFF))
    rows[inside] = h[(starts[:, None] + column)[inside]]
    rows.sort(axis=1)
    new = np.ones_like(inside)
    new[:, 1:] = rows[:, 1:] != rows[:, :-1]
    return (new & inside).sum(axis=1)


# copies: names, noise, sketches, verification


def names(text: str) -> set[str]:
    """Capitalised words (not stopwords) and numbers: what a copy keeps and a same-template report changes.

    A token that starts with a digit runs on through letters, so that a number
    the scanner misread ("2O23") stays one token; one that is mostly letters
    ("5aid") is a misread word, not a number, and no name."""
    return {w for w in _NAME.findall(text) if fold(w) not in _FOLDED_STOPWORDS
            and not (w[0].isdigit() and 2 * sum(c.isdigit() for c in w) < len(w))}


def fold(name: str) -> str:
    """`name` lowercased with the letters a scanner confuses made one (c/e, 1/l/i, 0/o/a, rn/m, 5/s, 8/b/h),
    cut to NAME_CHARS: a misread name folds to its original, or near it."""
    return name.lower().replace("rn", "m").translate(_FOLD)[:NAME_CHARS]


def _pack(folded: list[bytes], numeric: np.ndarray) -> np.ndarray:
    """Folded names as uint64: five bits a character, the top bit set for a number (compared exactly)."""
    codes = _CODE[np.array(folded, dtype=f"S{NAME_CHARS}").view(np.uint8).reshape(len(folded), NAME_CHARS)]
    packed = np.zeros(len(folded), dtype=np.uint64)
    for k in range(NAME_CHARS):
        packed = (packed << np.uint64(5)) | codes[:, k].astype(np.uint64)
    return packed | (numeric.astype(np.uint64) << np.uint64(63))


def _unpack(packed: np.ndarray) -> list[str]:
    """The folded names of `_pack`, as strings (the number bit dropped)."""
    codes = np.stack([(packed >> np.uint64(5 * (NAME_CHARS - 1 - k))) & np.uint64(31)
                      for k in range(NAME_CHARS)], axis=-1).astype(np.uint8)
    return [b.decode() for b in _LETTER[codes].view(f"S{NAME_CHARS}").ravel().tolist()]


def _name_order(packed: np.ndarray) -> np.ndarray:
    """The hash that orders a text's names for the bottom-k sketch (the number bit left out)."""
    with np.errstate(over="ignore"):
        return _mix64(packed & _NAME_BITS)


def noise_level(text: str) -> float:
    """Share of the distinct lowercase words of (the start of) `text` that are no English word or mix digits into
    letters: about 0.01 on clean news, 0.3 at a 5% character error rate, 0.45 at 10% (generated OCR noise)."""
    words = set(_WORD.findall(text, 0, NOISE_CHARS))
    return len(words - _vocabulary()) / len(words) if words else 0.0


@functools.cache
def _vocabulary() -> frozenset[str]:
    from wordfreq import get_frequency_dict

    return frozenset(w for w, f in get_frequency_dict("en", wordlist="large").items() if f >= WORD_FREQUENCY
                     and w.isalpha())


def name_sketches(texts: list[str]) -> np.ndarray:
    """(n, 1 + NAME_SLOTS) uint64: per text, its noise level (column 0, in 1/NOISE_SCALE), then its folded names
    (`_pack`) with the smallest `_name_order`, in that order, padded with 2^64 - 1."""
    out = np.full((len(texts), 1 + NAME_SLOTS), _NO_NAME, dtype=np.uint64)
    out[:, 0] = [round(noise_level(t) * NOISE_SCALE) for t in texts]
    found = [names(t) for t in texts]
    tokens = [w for f in found for w in f]
    if not tokens:
        return out
    row = np.repeat(np.arange(len(texts)), [len(f) for f in found])
    folded = "\n".join(tokens).lower().replace("rn", "m").translate(_FOLD).encode().split(b"\n")
    packed = _pack(folded, np.array([w[0].isdigit() or not w.isalpha() for w in tokens]))
    order = _name_order(packed)
    sort = np.lexsort((order, row))
    row, packed, order = row[sort], packed[sort], order[sort]
    new = np.ones(len(row), dtype=bool)
    new[1:] = (row[1:] != row[:-1]) | (order[1:] != order[:-1])
    row, packed = row[new], packed[new]
    rank = np.arange(len(row)) - np.searchsorted(row, row)
    keep = rank < NAME_SLOTS
    out[row[keep], 1 + rank[keep]] = packed[keep]
    return out


@dataclass(frozen=True)
class Sketches:
    """What copy detection keeps of each article: row i is article i."""

    signatures: np.ndarray    # (n, NUM_PERM) uint32: `signatures` values (they fit), in half the memory
    sizes: np.ndarray         # (n,) distinct shingles
    names: np.ndarray         # (n, 1 + NAME_SLOTS) uint64: `name_sketches` (noise level, then names)

    def __len__(self) -> int:
        return len(self.sizes)

    def take(self, rows) -> "Sketches":
        return Sketches(self.signatures[rows], self.sizes[rows], self.names[rows])

    @property
    def noise(self) -> np.ndarray:
        return self.names[:, 0] / NOISE_SCALE

    @staticmethod
    def concat(parts: list["Sketches"]) -> "Sketches":
        if not parts:
            return sketch([])
        return Sketches(np.concatenate([p.signatures for p in parts]), np.concatenate([p.sizes for p in parts]),
                        np.concatenate([p.names for p in parts]))


def sketch(texts: list[str]) -> Sketches:
    """Signatures, distinct shingle counts and names sketches of the texts."""
    if not texts:
        return Sketches(np.zeros((0, NUM_PERM), np.uint32), np.zeros(0, np.int64),
                        np.zeros((0, 1 + NAME_SLOTS), np.uint64))
    hashed = [_shingle_hashes(part) for part in _parts(texts)]
    return Sketches(np.concatenate([_minhash(*x) for x in hashed]), np.concatenate([_distinct(*x) for x in hashed]),
                    name_sketches(texts))


def similarity(a: Sketches, b: Sketches) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row by row: estimated Jaccard, estimated containment (of the smaller text in the larger), names overlap
    (misread names count: `names_overlap`), and how many names the article naming fewer names."""
    overlap, fewer = names_overlap(a.names, b.names)
    return (*_text_similarity(a, b), overlap, fewer)


def noise(a: Sketches, b: Sketches) -> np.ndarray:
    """Row by row: the share of words misread in one text or the other (`noise_level`)."""
    return 1 - (1 - a.noise) * (1 - b.noise)


def _text_similarity(a: Sketches, b: Sketches) -> tuple[np.ndarray, np.ndarray]:
    """Estimated Jaccard, and containment from it and the exact shingle counts: |A & B| = J (|A| + |B|) / (1 + J)."""
    jaccard = (a.signatures == b.signatures).mean(axis=1)
    shared = jaccard / (1 + jaccard) * (a.sizes + b.sizes)
    return jaccard, np.minimum(shared / np.maximum(np.minimum(a.sizes, b.sizes), 1), 1.0)


def names_overlap(a: np.ndarray, b: np.ndarray, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Share of the names of the article naming fewer that the other names too (1 when either names none; a
    number counts twice: a report of another event changes them all), and how many that article names (in
    the range compared); rows of `name_sketches`.

    Counted over the hash range both bottom-k sketches cover in full, so it is
    exact whenever both articles name at most NAME_SLOTS, and a fair sample
    above. Names are folded (`fold`); unless `exact`, a name not found so is
    found when the other names one within a few edits (`_misread`).
    """
    a, b = a[:, 1:], b[:, 1:]
    order_a, order_b = _name_order(a), _name_order(b)
    pad_a, pad_b = a == _NO_NAME, b == _NO_NAME
    last = np.minimum(np.where(pad_a, _NO_NAME, order_a).max(axis=1, initial=0),
                      np.where(pad_b, _NO_NAME, order_b).max(axis=1, initial=0))
    full_a, full_b = pad_a[:, -1], pad_b[:, -1]
    limit = np.where(full_a & full_b, _NO_NAME, last)[:, None]
    in_a, in_b = ~pad_a & (order_a <= limit), ~pad_b & (order_b <= limit)
    count_a, count_b = in_a.sum(axis=1), in_b.sum(axis=1)
    keys_a, keys_b = np.where(in_a, a & _NAME_BITS, _NO_NAME), np.where(in_b, b & _NAME_BITS, _NO_NAME - 1)
    weight_a, weight_b = in_a * (1 + (a >> np.uint64(63))), in_b * (1 + (b >> np.uint64(63)))
    found_a = _members(keys_a, keys_b)
    found_b = _members(keys_b, keys_a)
    a_fewer = count_a <= count_b
    fewer = np.where(a_fewer, count_a, count_b)
    total = np.where(a_fewer, weight_a.sum(axis=1), weight_b.sum(axis=1)).astype(np.float64)
    found = np.where(a_fewer, (weight_a * found_a).sum(axis=1), (weight_b * found_b).sum(axis=1)).astype(np.float64)
    if not exact:
        for i in np.flatnonzero((found < total) & (fewer > 0)):
            mine, theirs = (a[i], b[i]) if a_fewer[i] else (b[i], a[i])
            lost = (in_a[i] & ~found_a[i]) if a_fewer[i] else (in_b[i] & ~found_b[i])
            found[i] += _misread(mine[lost], theirs[in_b[i] if a_fewer[i] else in_a[i]])
    return np.where(fewer > 0, found / np.maximum(total, 1), 1.0), fewer


def _members(keys: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Row by row: which of `keys` are among `other` (each row's values distinct; values of NO_NAME - 1 and above
    stand for none): the two rows sorted together, a value equal to its neighbour is in both."""
    merged = np.concatenate([keys, other], axis=1)
    order = np.argsort(merged, axis=1)
    values = np.take_along_axis(merged, order, axis=1)
    equal = (values[:, 1:] == values[:, :-1]) & (values[:, 1:] < _NO_NAME - 1)
    hit = np.zeros(merged.shape, dtype=bool)
    hit[:, 1:] |= equal
    hit[:, :-1] |= equal
    found = np.zeros(merged.shape, dtype=bool)
    np.put_along_axis(found, order, hit, axis=1)
    return found[:, :keys.shape[1]]


def _misread(lost: np.ndarray, other: np.ndarray) -> int:
    """How many of the names `lost` (packed) lie within a few edits of one of `other`: one edit from four
    characters, two from eight; numbers only when equal after folding."""
    if not len(lost) or not len(other):
        return 0
    mine, theirs = _unpack(lost), _unpack(other)
    allowed = np.array([0 if n else (len(w) >= 4) + (len(w) >= 8) for w, n in zip(mine, lost >> np.uint64(63))])
    distance = process.cdist(mine, theirs, scorer=Levenshtein.distance, score_cutoff=2, dtype=np.int32)
    return int((distance.min(axis=1) <= allowed).sum())


def verify(pairs: np.ndarray, sketches: Sketches, jaccard: float = JACCARD, containment: float = CONTAINMENT,
           names: float = NAMES, names_noise: float = NAMES_NOISE, chunk: int = 8192) -> np.ndarray:
    """The candidate pairs (rows of `sketches`) that are copies of one another."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    kept = []
    for lo in range(0, len(pairs), chunk):
        part = pairs[lo:lo + chunk]
        a, b = sketches.take(part[:, 0]), sketches.take(part[:, 1])
        j, c = _text_similarity(a, b)
        misread = noise(a, b)
        alive = (1 - misread) ** SHINGLES_KEPT
        text = (j >= jaccard * alive) & (c >= containment * alive)  # the cheap tests first; names for what passes
        a, b, part, j, c, misread = a.take(text), b.take(text), part[text], j[text], c[text], misread[text]
        overlap, fewer = names_overlap(a.names, b.names, exact=True)
        retry = ~is_copy(j, c, overlap, fewer, misread, jaccard, containment, names, names_noise)
        if retry.any():
            overlap[retry], fewer[retry] = names_overlap(a.names[retry], b.names[retry])
        kept.append(part[is_copy(j, c, overlap, fewer, misread, jaccard, containment, names, names_noise)])
    return np.concatenate(kept) if kept else pairs


def is_copy(jaccard: np.ndarray, containment: np.ndarray, overlap: np.ndarray, fewer: np.ndarray,
            misread: np.ndarray | float = 0.0, min_jaccard: float = JACCARD, min_containment: float = CONTAINMENT,
            min_names: float = NAMES, names_noise: float = NAMES_NOISE, shingles_kept: float = SHINGLES_KEPT
            ) -> np.ndarray:
    """The copy decision on `similarity`'s measures and the pair's `noise`: the text thresholds scale with the
    share of shingles the noise leaves, the names threshold falls with the noise (misread names are found less
    often); an article naming too few names must be nearly the same text."""
    alive = (1 - np.asarray(misread)) ** shingles_kept
    names_ok = overlap >= min_names - names_noise * np.asarray(misread)
    facts = np.where(fewer >= MIN_NAMES, names_ok, jaccard >= FEW_NAMES_JACCARD * alive)
    return (jaccard >= min_jaccard * alive) & (containment >= min_containment * alive) & facts


# LSH buckets, candidates, components


def _mix64(h: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer: spreads combined band values over all 64 bits."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def band_keys(signatures: np.ndarray, rows: int = ROWS) -> np.ndarray:
    """(n, bands) int64 bucket keys: column j hashes signature values j*rows .. j*rows + rows - 1."""
    sig = np.asarray(signatures, dtype=np.uint64)
    bands = sig.shape[1] // rows
    keys = np.zeros((len(sig), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            keys = _mix64(keys * np.uint64(0x9E3779B97F4A7C15) + sig[:, r:bands * rows:rows])
    return keys.view(np.int64)


def _buckets(keys: np.ndarray, max_bucket: int, what: str):
    """Per column, the rows of each bucket with two or more members, in row order."""
    for column in range(keys.shape[1]):
        order = np.argsort(keys[:, column], kind="stable")
        sorted_keys = keys[order, column]
        cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
        starts = np.concatenate([[0], cuts])
        ends = np.concatenate([cuts, [len(order)]])
        sizes = ends - starts
        big = sizes > max_bucket
        if big.any():
            _log.warning("%s: dropped %d bucket(s) of more than %d articles in column %d (largest %d)",
                         what, int(big.sum()), max_bucket, column, int(sizes.max()))
        keep = (sizes >= 2) & ~big
        yield order, starts[keep], ends[keep]


def candidate_pairs(keys: np.ndarray, max_bucket: int = MAX_BUCKET) -> np.ndarray:
    """(m, 2) row pairs, first < second, unique: in every bucket the first member with each other, and
    each member with the next (members in row order)."""
    codes = np.zeros(0, dtype=np.int64)
    for order, starts, ends in _buckets(np.asarray(keys), max_bucket, "copy candidates"):
        sizes = ends - starts
        member = np.arange(sizes.sum()) + np.repeat(starts - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
        first = np.repeat(starts, sizes)
        later = member != first
        member, first = member[later], first[later]
        band = [np.column_stack([order[first], order[member]]), np.column_stack([order[member - 1], order[member]])]
        codes = _sorted_unique(np.concatenate([codes, _pair_codes(band, len(keys))]))   # memory holds unique pairs
    return np.column_stack([codes // max(len(keys), 1), codes % max(len(keys), 1)])


def _pair_codes(found: list[np.ndarray], n: int) -> np.ndarray:
    """Each pair (a, b), a < b, as the one integer a * n + b, without repeats."""
    pairs = np.sort(np.concatenate(found).astype(np.int64), axis=1) if found else np.zeros((0, 2), np.int64)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return _sorted_unique(pairs[:, 0] * n + pairs[:, 1])


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting: stable sort merges the two sorted runs `candidate_pairs` hands it in linear time."""
    values = np.sort(values, kind="stable")
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _unique_pairs(found: list[np.ndarray], n: int) -> np.ndarray:
    codes = _pair_codes(found, n)
    return np.column_stack([codes // max(n, 1), codes % max(n, 1)])


def components(ids, pairs: np.ndarray) -> np.ndarray:
    """Label of each row: the smallest id in its connected component over `pairs` (rows).

    `ids` is a row count (labels are then row numbers) or a sequence of sortable ids.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids = np.arange(ids) if isinstance(ids, (int, np.integer)) else np.asarray(ids)
    n = len(ids)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(ids, kind="stable")] = np.arange(n)
    smallest = np.full(component.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(smallest, component, rank)
    return np.sort(ids, kind="stable")[smallest[component]]


# stories


def hyperplane_keys(vectors: np.ndarray, tables: int = STORY_TABLES, bits: int = STORY_BITS,
                    seed: int = STORY_SEED) -> np.ndarray:
    """(n, tables) int64 bucket keys: the signs of the vectors against seeded random hyperplanes."""
    vectors = np.asarray(vectors, dtype=np.float32)
    planes = np.random.default_rng(seed).standard_normal((tables * bits, vectors.shape[1])).astype(np.float32)
    signs = (vectors @ planes.T > 0).reshape(len(vectors), tables, bits)
    return (signs * (1 << np.arange(bits))).sum(axis=2).astype(np.int64)


def story_candidates(keys: np.ndarray, days: np.ndarray, window: int = STORY_WINDOW_DAYS,
                     neighbours: int = STORY_NEIGHBOURS, max_bucket: int = MAX_BUCKET) -> np.ndarray:
    """(m, 2) row pairs sharing a bucket: each article with up to `neighbours` bucket-mates published just
    before it (or on the same day; rows in row order break ties) and at most `window` days earlier.

    `days` are day numbers (date.toordinal()); an unknown day (-1) pairs with anything in the bucket.
    """
    days = np.asarray(days, dtype=np.int64)
    found = []
    for order, starts, ends in _buckets(np.asarray(keys), max_bucket, "story candidates"):
        for s, e in zip(starts, ends):
            rows = order[s:e]
            rows = rows[np.lexsort((rows, days[rows]))]
            d = days[rows]
            for back in range(1, min(neighbours, len(rows) - 1) + 1):
                a, b = rows[:-back], rows[back:]
                near = (d[back:] - d[:-back] <= window) | (d[:-back] < 0) | (d[back:] < 0)
                found.append(np.column_stack([a[near], b[near]]))
    return _unique_pairs(found, len(keys))


def join_probability(pairs: list, chunk: int = 4096) -> np.ndarray:
    """The online join model's probability that each (Profile, Profile) pair reports one event, `chunk` pairs at
    a time: the feature rows of a million candidate pairs would take gigabytes at once."""
    from .stories.features import feature_matrix
    from .stories.model import join_probability, load

    model = load()
    return np.concatenate([np.zeros(0)] + [join_probability(model, feature_matrix(pairs[i:i + chunk]))
                                           for i in range(0, len(pairs), chunk)])


def join_threshold() -> float:
    from .stories.model import load

    return load().threshold
