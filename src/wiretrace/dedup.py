"""Copy clusters and stories for a whole corpus: pure functions over arrays, shared by every batch engine.

The local engine (`wiretrace dedup`, `batch.py`) and the Spark engine call the
same functions, so both give the same clusters. Every function is pure and
deterministic; rows are articles, and results depend on row order only where
said (sort rows by article id first to make them independent of input order).

Copies (a wire text re-run verbatim, trimmed, lightly spun or OCR-garbled):

- `signatures(texts)` -> (n, NUM_PERM) uint64: one-permutation MinHash (Li,
  Owen & Zhang 2012) over 5-byte shingles of the canonical text (lowercase,
  runs of ASCII punctuation and space made one space, and the letters a
  scanner confuses made one: c/e, 1/l/i, 0/o/a, rn/m, 5/s, 8/b/h, so that a
  misread letter costs no shingle). Each distinct shingle is hashed once
  (xxHash32, then a second mix): its top bits pick one of NUM_PERM bins, the
  rest are its value, and a bin keeps its smallest value; a bin no shingle
  fell in takes the value of the first filled bin along a probe sequence of
  its own, the same for every text (Shrivastava 2017, optimal
  densification). The share of bins two texts agree on estimates their
  Jaccard as 128 separate permutations do (no worse: `tests/test_dedup.py`),
  for one pass over the shingles instead of 128. Character shingles, not the
  word 3-grams of `fingerprints.py` (online stories): on OCR-noisy copies one
  garbled letter costs five character shingles but three word shingles out
  of far fewer. Folded, a copy at a 10% character error rate keeps about
  0.78 of its shingles (0.6 unfolded).
- `sketch(texts)` -> `Sketches`: those signatures, each text's number of
  distinct shingles, its BOTTOM smallest distinct shingle hashes (`bottom`:
  containment, `contained`; a trimmed copy shares half its parent's shingles
  but is wholly inside it) and `name_sketches`: the text's noise level
  (`noise_level`: the share of its words that are no word of its
  language even folded, about its character error rate) and a bottom-k sketch of the names
  and numbers it states, folded (`names`): capitalised words that do not
  open a sentence (a capital the sentence asks for says nothing, and
  same-template reports open theirs alike), and tokens half or more digits;
  and a bottom-k sketch of its lead's skeleton shingles (`_skeletons`).
  A text set in a newspaper column is read with its lines run together
  (`_read`, `article.unwrap`), so that a name opening a line is a name.
- `Sketcher().add(texts)`: `sketch` of a corpus given chunk by chunk, each
  distinct text sketched once (a wire story re-run word for word); and
  `same_rows(sketches)`, the rows whose sketches repeat an earlier row's,
  which `verify` then decides once.
- `band_keys(signatures)` -> (n, BANDS) int64: LSH bucket keys, column j for band j;
  `bucket_keys(sketches)` adds the band keys of each text's first
  LEAD_CHARS (`_lead_keys`), where a copy cut to its first paragraphs meets
  its original whatever share of it was cut; `copy_candidates(sketches)`:
  the `candidate_pairs` of both, the whole texts' first.
- `candidate_pairs(keys)` -> (m, 2) rows: within each bucket (members in row
  order) the first member paired with every other, and each member with the
  next: linear in the bucket, so a wire story copied ten thousand times costs
  ten thousand edges, not fifty million. `copy_candidates` pairs the
  bucket's fullest, cleanest member (`hub_rank`) with every other too: a
  scan checked against a scan loses what both lost. Buckets over
  `max_bucket` are dropped with a warning (boilerplate every article carries).
- `verify(pairs, sketches)` -> the pairs that are copies (`is_copy`): estimated
  Jaccard at least JACCARD, containment (bottom-k, not through the Jaccard:
  half the spread) at least CONTAINMENT, and the names and
  numbers of one article nearly all found in the other (NAMES): the shorter
  text's (a trimmed copy is inside its original), or the other's where that
  finds more (a noisy copy's misread spellings are not in its original). The
  last test keeps apart a report of another event written from the same
  template (other people, places, numbers and dates in the same sentences);
  an article naming fewer than MIN_NAMES cannot be tested so, and must then be
  nearly the same text (FEW_NAMES_JACCARD). A noisy pair is held to less:
  the text thresholds scale with the shingles its noise leaves, and the names
  threshold falls with its noise. In any pair, a name not found folded is
  found within an edit or two of one the other names, counted on the longer
  spelling, or as two of its names run together (`names_overlap`: a text
  that reads clean can still hold a misread name, and one compared exactly
  failed trimmed scans at 1-2%), except where no count of them could make
  the pair a copy (two events told alike, below, and numbers of each missing
  from the other: `numbers_kept`); numbers must match
  folded and count twice, since a report of another event changes them all.
  Last, a pair that passes is still two events when, where both texts state
  a name or number between the same two words (`conflicts`: a bottom-k
  sketch of such places, kept after the names in `name_sketches`), they
  state other ones too often (`two_events`, CONFLICTS; asked only where a
  name of one is missing from the other): a scan misreads the
  words around a name as often as the name, so noise loses such places but
  makes no conflicts, and the test need not weaken with the noise as the
  names share does. A pair short of the text tests is a spun copy (`_spun`)
  when its Jaccard is SPIN_JACCARD at least, the names of one are nearly all
  in the other, exactly (MIN_NAMES of them at least), and the skeleton of one
  is in the other's (`skeleton_contained`: SKELETON; stopwords kept, numbers
  and capitalised words as their class, each run of other words one
  placeholder: SpotSigs, Theobald et al. 2008), losing no more of it than of
  its text (SKELETON_LOSS): a spinner swaps content words and keeps the
  sentences round them, a writer re-words a sentence round a new structure,
  and a same-template report of another event keeps the skeleton and changes
  the names. The skeleton is sketched from the tokens of each text's lead
  that the noise level reads (`name_sketches`, its last columns).
- `copy_links(pairs, sketches)` -> what the batch engine joins by: `verify`'s
  decisions, a chunk of pairs at a time, skipping each pair whose two rows
  the pairs kept so far have joined already (a union-find forest of rows):
  such a pair cannot change the components. The links kept span `verify`'s
  components, one fewer than its articles per component, and at 20,000
  real-length articles `verify` keeps four pairs for each link needed, the
  dear ones, whose names are counted. `verify` stays for callers that want
  every copy pair, or decide pairs apart (Spark's batches).
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
ordered by article id (copies; the hub by `hub_rank`, then id) or by (day,
article id) (stories) before pairs are drawn; `verify` and
`join_probability` are per pair (`copy_links` keeps fewer pairs than
`verify`, with the same components); and the label of a component is its
smallest article id, which no partitioning changes.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import xxhash
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .article import unwrap
from .stopwords import FUNCTION_WORDS, spacy_stop_words

NUM_PERM = 128            # one-permutation MinHash bins: values per signature
SHINGLE = 5               # bytes of canonical text per shingle
ROWS = 3                  # signature values per LSH band: 42 bands find pairs of Jaccard 0.4 with p = 0.94
BANDS = NUM_PERM // ROWS
LEAD_CHARS = 400          # canonical characters of a text's opening, banded on their own too (`_lead_keys`), in
LEAD_BANDS = 14           # bands of ROWS values: both chosen on the tuning topics (evaluation/copies.py)
JACCARD = 0.2             # thresholds chosen by evaluation/copies.py on its tuning set (ECB+ tuning topics,
CONTAINMENT = 0.9         # seed 1, every kind mixed) for a clean pair; they fall with the pair's `noise`:
NAMES = 0.9               # the text ones by the share of shingles it leaves, (1 - noise) ** SHINGLES_KEPT,
NAMES_NOISE = 1.0         # the names one by NAMES_NOISE * noise
SHINGLES_KEPT = 1.5
MIN_NAMES = 3             # fewer names than this in the smaller article prove nothing: then the text must be
FEW_NAMES_JACCARD = 0.7   # nearly the same (a one-paragraph trim fits the original and its template twin alike)
BOTTOM = 256              # bottom-k shingle sketch: containment measured on up to 256 hashes, not 128 minima
ROUGH_MARGIN = 0.25       # containment through the MinHash Jaccard this far under its threshold fails unmeasured
NAME_SLOTS = 64           # bottom-k names sketch: exact for articles naming up to 64 distinct names and numbers
NAME_CHARS = 12           # a name is compared on its first 12 folded characters
CONTEXT_SLOTS = 64        # bottom-k sketch of the names and numbers each text states between two given words
CONFLICTS = 0.34          # a pair whose names differ in more than this share of the places both texts state one
MIN_CONFLICTS = 2         # (and in this many at least) is two events told alike, whatever else it shares
SPIN_JACCARD = 0.3        # a pair short of the text tests, this near, is a spun copy (`_spun`) when this share of
SKELETON = 0.7            # the skeleton shingles of one's lead are in the other's (chosen on the tuning topics),
SKELETON_LOSS = 1.0       # losing no more of them than this times the share of text shingles it lost
SKELETON_GRAM = 6         # skeleton tokens per skeleton shingle
SKELETON_SLOTS = 64       # uint64 columns holding the 128 smallest skeleton shingle hashes (uint32, two a column)
MIN_SKELETON = 32         # skeleton shingles, fewer than this in either text's lead prove nothing
NOISE_SCALE = 10_000
NOISE_CHARS = 2000        # the noise level is read from the start of a text (about 300 words)
LATIN_BYTES = 20          # and over a word a LATIN_BYTES bytes of it at least (English prose: one a 7.5), the rest
                          # taken as known: the few words of Latin letters of a text in another script say nothing
                          # (three English words in an Arabic report, all unknown, read as a scan at 100%)
WORD_FREQUENCY = 1e-7     # a word is English when at least this frequent (wordfreq): 96,000 words
FOREIGN = 0.1             # a text English reads as more misread than this is read against its own language too
LANGUAGES = ("en", "ca", "cs", "da", "de", "es", "fi", "fr", "hr", "hu", "id", "is", "it", "lt", "lv", "ms", "nb",
             "nl", "pl", "pt", "ro", "sk", "sl", "sv", "tl", "tr", "vi")   # noise is read against the text's own
_WORD_LIST = {"hr": "sh", "tl": "fil"}   # wordfreq's name of a language's word list, where not spaCy's
WRAPPED_LINES = 3         # a text at least this many of whose line breaks, and half, fall inside a sentence (the
                          # next line opens in lowercase, the last closed no sentence) was set in a narrow column
SHOUTED = 0.5             # a text more than this share of whose first SHOUTED_WORDS words (or of one word a
SHOUTED_WORDS = 64        # SHOUTED_BYTES bytes of them, if more: another script's few acronyms make no such text)
SHOUTED_BYTES = 20        # are in capitals is named by its words no list of English holds, and against a text in
                          # running text held to its numbers and to FEW_NAMES_JACCARD, as a text naming few names
MAX_BUCKET = 100_000
LINK_CHUNK = 8192        # pairs `copy_links` decides at once
STORY_WINDOW_DAYS = 14    # bucket-mates further apart are not candidates for one story ...
NAME_NEIGHBOURS = 3       # ... but at any distance, each lead meets the latest 3 earlier leads giving each of its
                          # specific names that are not common (as `add` asks its name index: a follow-up's link
                          # to its event is the victim's, the accused's or the town's name)
ANY_DISTANCE = np.iinfo(np.int64).max
STORY_TABLES = 16
STORY_BITS = 6            # 16 tables of 6 hyperplanes: cosine 0.6 pairs share a bucket with p ~ 0.88
STORY_NEIGHBOURS = 8      # earlier bucket-mates (by publication) each article is paired with
STORY_SEED = 1

_log = logging.getLogger(__name__)
_NO_NAME = np.uint64(2**64 - 1)   # fills a names sketch after the last name
_SKELETON_AT = 1 + NAME_SLOTS + CONTEXT_SLOTS   # a names sketch's column holding its skeleton shingle count
_NAMES_WIDTH = _SKELETON_AT + 1 + SKELETON_SLOTS
_CONTEXT_SHIFT = np.uint64(41)   # a context slot: 23 bits of its two words' hash, a number bit, 8 folded codes
_CONTEXT_VALUE = np.uint64(2**41 - 1)
_NAME_BITS = np.uint64(2**63 - 1)
_SHOUT_BIT = np.uint64(62)          # a names sketch's column 0: its noise, and this bit for a text in capitals
_NOISE_BITS = np.uint64(2**62 - 1)
_NO_SHINGLE = np.uint32(2**32 - 1)   # fills a bottom-k sketch after a short text's last shingle
_PRIME1, _PRIME2, _PRIME3, _PRIME4, _PRIME5 = (np.uint32(p) for p in (
    0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1))
_CANON = bytes(c if chr(c).isalnum() or c >= 128 else 32 for c in range(256)).lower().translate(
    bytes.maketrans(b"ciab01l58", b"elohollsh"))
_ALNUM = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
_FOLD = str.maketrans("ciab01l58", "elohollsh")
_LETTER = np.frombuffer(b"\0" + b"defghjklmnopqrstuvwxyz234679" + b"?" * 227, dtype=np.uint8)
_CODE = np.zeros(256, dtype=np.uint8)
_CODE[_LETTER[1:29]] = np.arange(1, 29)
_FOLD_CODE_BYTES = _CODE[np.frombuffer(_CANON, dtype=np.uint8)].tobytes()   # a byte -> its letter's code, folded
_WORD_BITS = 24
_MASK_BITS = 10            # `name_masks`: a filter of 1,024 bits, 16 words
_MASK_WORDS = 2 ** _MASK_BITS // 64
_MASK_ROWS = 2048
_NAMES_ROWS = 512          # texts whose names `sketch` reads at once (as `wiretrace dedup` gives them)
_TOKEN_CLASS = np.zeros(256, dtype=np.uint8)   # a skeleton token that is no stopword, by its first byte:
_TOKEN_CLASS[48:58], _TOKEN_CLASS[65:91] = 255, 254   # a number, a capitalised word; else 0, a placeholder
_STOP_BITS = 16
_DIGIT = bytes(1 if 48 <= c <= 57 else 0 for c in range(256))
_SEE_THROUGH = np.zeros(256, dtype=bool)
_SEE_THROUGH[list(b" \t\r\"'([*-") + list(range(128, 256))] = True
_SENTENCE_END = np.zeros(256, dtype=bool)
_SENTENCE_END[list(b".!?:\n")] = True
_CLOSES = np.zeros(256, dtype=bool)     # a line ending in one of these closes its sentence (or holds none)
_CLOSES[list(b".!?:;\"')] \t\n\0") + [0x99, 0x9D]] = True   # the last bytes of UTF-8's closing quotes too
_LOOK_BACK = 8           # bytes looked back from a capitalised token for the end of a sentence
_EDITS = np.array([0, 0, 0, 0, 1, 1, 1, 1] + [2] * (NAME_CHARS - 7), dtype=np.int32)   # by the longer spelling
_EDITS8 = _EDITS.astype(np.int8)
_RUN_PART = 3           # letters, at least, of each of two names a scan ran together
_SHIFTS = np.uint64(5) * np.arange(NAME_CHARS - 1, -1, -1, dtype=np.uint64)   # a packed name's characters
_CONTEXT_SHIFTS = np.uint64(5) * np.arange(7, -1, -1, dtype=np.uint64)   # a context value's eight codes
_CHUNK = 128 * 1024         # characters hashed at once: the working arrays stay in a core's cache
_BIN_BITS = 7                # NUM_PERM == 2 ** _BIN_BITS one-permutation bins
_BIN_VALUE = np.uint32((1 << (32 - _BIN_BITS)) - 1)
_EMPTY_BIN = np.uint32(2**32 - 1)   # above any value: a bin no shingle fell in
_RESEED = np.uint32(0x5BD1E995)     # the bins' hash is another mix of the shingle hash than the bottom-k's
_PROBES = 4096               # densification probes kept per bin (a one-shingle text needs about 128)


# copies: shingles and signatures


def canonical(text: str) -> bytes:
    """Lowercase UTF-8 with every run of ASCII punctuation and whitespace made one space, and the letters a
    scanner confuses made one (`fold`): a misread letter then costs no shingle. A column's lines run together
    (`unwrap`)."""
    text = _read([text])[0][0]
    return b" ".join(text.lower().encode("utf-8", "replace").replace(b"rn", b"m").translate(_CANON).split())


def shingles(text: str) -> list[bytes]:
    """The 5-byte windows of the canonical text (the whole of it when shorter): the reference `signatures` hashes."""
    data = canonical(text)
    if len(data) <= SHINGLE:
        return [data]
    return [data[i:i + SHINGLE] for i in range(len(data) - SHINGLE + 1)]


def signatures(texts: list[str]) -> np.ndarray:
    """One-permutation MinHash signatures (uint64, NUM_PERM bins) of the texts' distinct `shingles`."""
    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint64)
    return np.concatenate([_minhash(*_distinct(*_shingle_hashes(part))) for part in _parts(texts)]).astype(np.uint64)


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
    """MurmurHash3's finalizer: spreads a 32-bit hash over all its bits."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _shingle_hashes(texts: list[str], scanned: list[bytes] | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mixed hashes of every window of the texts laid end to end (one separator byte between texts),
    and where each text's own windows start and end. `scanned`: where the caller has them, the texts' bytes
    as `_read` gives them, with the texts it gives."""
    if scanned is None:
        texts, scanned = _read(texts)
    raw, starts, lengths = _canonical_all(texts, scanned)
    raw += b"\n" * (SHINGLE + 4)
    n = len(raw) - SHINGLE - 3
    data = np.frombuffer(raw, dtype=np.uint8)
    unaligned = np.ndarray(shape=(len(raw) - 3,), dtype="<u4", buffer=raw, strides=(1,))
    full = SHINGLE // 4
    words = [np.ascontiguousarray(unaligned[4 * j:4 * j + n]) for j in range(full)]
    tail = [data[4 * full + j:4 * full + j + n].astype(np.uint32) for j in range(SHINGLE % 4)]
    h = _xxh32_short(words, tail, SHINGLE)
    for i in np.flatnonzero(lengths < SHINGLE):   # a text shorter than a shingle is one shingle
        h[starts[i]] = xxhash.xxh32_intdigest(raw[starts[i]:starts[i] + lengths[i]])
    return _fmix32(h), starts, starts + np.maximum(lengths - SHINGLE + 1, 1)


def _canonical_all(texts: list[str], scanned: list[bytes]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """`canonical` of every text, laid end to end with a newline between them, and where each starts and how
    long it is: the runs of spaces collapsed in numpy over the whole batch rather than text by text.

    An ASCII text is lowercased from its `_scanned` bytes, by `_CANON`, and its rn read as m once more where
    only lowercasing made one ("Rn"): no rn is made or lost otherwise, and `str.lower` costs more than both."""
    data = np.frombuffer(b"\n".join(
        scan.translate(_CANON).replace(b"rn", b"m") if text.isascii()
        else text.lower().encode("utf-8", "replace").replace(b"rn", b"m").translate(_CANON)
        for text, scan in zip(texts, scanned)) + b"\n", dtype=np.uint8)
    space, cut = data == 32, data == 10
    data = data[~(space & np.concatenate([[True], space[:-1] | cut[:-1]]))]      # a space after a space or a cut
    space, cut = data == 32, data == 10
    data = data[~(space & np.concatenate([cut[1:], [True]]))]                     # a space before a cut
    ends = np.flatnonzero(data == 10)
    starts = np.concatenate([[0], ends[:-1] + 1])
    return data[:-1].tobytes(), starts, ends - starts


def _minhash(h: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) uint32 one-permutation signatures of texts' distinct window hashes laid end to end
    (`_distinct`): each hash mixed again, its top _BIN_BITS its bin, the rest its value, the smallest value of
    each (text, bin) kept in one pass, and empty bins filled (`_densify`)."""
    g = _fmix32(h ^ _RESEED)
    bins = np.repeat(np.arange(len(starts), dtype=np.int64) << _BIN_BITS, ends - starts)
    bins += g >> np.uint32(32 - _BIN_BITS)
    out = np.full(len(starts) * NUM_PERM, _EMPTY_BIN, dtype=np.uint32)
    np.minimum.at(out, bins, g & _BIN_VALUE)
    return _densify(out.reshape(len(starts), NUM_PERM))


def _lead_keys(h: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """(n, LEAD_BANDS) LSH keys of each text's first LEAD_CHARS (`_shingle_hashes`' windows). A paper cuts a wire
    story from the bottom (it is written to be cut so): a copy of its first paragraphs keeps its opening whole,
    while its Jaccard with the whole story falls with every paragraph cut (a copy of a fifth of it: 0.2 at most),
    too low for the whole text's bands. Not the closing paragraphs too: same-template reports of other events
    close alike (background, few names), and in the demo's tuning sets their keys joined template twins."""
    lead_ends = np.minimum(ends, starts + LEAD_CHARS - SHINGLE + 1)
    counts = lead_ends - starts
    at = np.concatenate([[0], np.cumsum(counts)])
    lead = h[np.repeat(starts - at[:-1], counts) + np.arange(at[-1])]
    return band_keys(_minhash(lead, at[:-1], at[1:])[:, :LEAD_BANDS * ROWS])


def _densify(signatures: np.ndarray) -> np.ndarray:
    """Each empty bin given the value of the first filled bin along its probe sequence (`_probe_table`: the
    same for every text, so two texts that both lack bin i look in the same bins; Shrivastava 2017). Only
    texts of a few hundred shingles or fewer have empty bins; a text always has one shingle at least."""
    rows, bins = np.nonzero(signatures == _EMPTY_BIN)
    if not len(rows):
        return signatures
    out, probes = signatures.copy(), _probe_table()
    for attempt in range(_PROBES):
        value = signatures[rows, probes[bins, attempt]]
        hit = value != _EMPTY_BIN
        out[rows[hit], bins[hit]] = value[hit]
        rows, bins = rows[~hit], bins[~hit]
        if not len(rows):
            return out
    out[rows, bins] = signatures[rows, np.argmax(signatures[rows] != _EMPTY_BIN, axis=1)]
    return out


@functools.cache
def _probe_table() -> np.ndarray:
    """(NUM_PERM, _PROBES) bins: where an empty bin looks for a value, first to last (seeded, fixed)."""
    return np.random.RandomState(1).randint(0, NUM_PERM, (NUM_PERM, _PROBES)).astype(np.intp)


def _distinct(h: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's distinct window hashes, sorted and laid end to end, and where each text's start and end:
    each text's hashes sorted in a row of their own. A third of a news text's windows repeat one before
    them, and MinHash over the distinct ones gives the same minima for that much less work.

    A row is filled with one slice copy (a text's windows lie together), and the distinct hashes taken by
    their flat positions: both cost a fraction of indexing the 2-D arrays by a mask."""
    counts = ends - starts
    rows = np.full((len(starts), int(counts.max())), np.uint32(0xFFFFFFFF))
    for row, start, end in zip(rows, starts.tolist(), ends.tolist()):
        row[:end - start] = h[start:end]
    rows.sort(axis=1)
    new = np.arange(rows.shape[1]) < counts[:, None]
    new[:, 1:] &= rows[:, 1:] != rows[:, :-1]
    sizes = new.sum(axis=1)
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    return rows.ravel()[np.flatnonzero(new)], bounds[:-1], bounds[1:]


# copies: names, noise, sketches, verification


def names(text: str) -> set[str]:
    """Capitalised words (not stopwords, not opening a sentence) and numbers, folded (`fold`): what a copy keeps
    and a same-template report changes.

    Runs of ASCII letters and digits; one that starts with a digit runs on
    through letters, so that a number the scanner misread ("2O23") stays one
    token, but one that is mostly letters ("5aid") is a misread word, no name."""
    return set(_unpack(_Tokens(_read([text])[1]).names()[1]))


def fold(name: str) -> str:
    """`name` lowercased with the letters a scanner confuses made one (c/e, 1/l/i, 0/o/a, rn/m, 5/s, 8/b/h),
    cut to NAME_CHARS: a misread name folds to its original, or near it."""
    return name.lower().replace("rn", "m").translate(_FOLD)[:NAME_CHARS]


def noise_level(text: str) -> float:
    """Share of the lowercase words at the start of `text` that, folded, are no folded word of its language
    (English, or where English reads it as past FOREIGN misread, its own: `_languages`), over a word a
    LATIN_BYTES bytes at least: about the character error rate of generated OCR noise (0.004 on clean news,
    0.06 at 5%, 0.1 at 10%). A misread that folding undoes ("ki11ed") costs no shingle and no name, so it is
    not counted; one that it cannot ("kiled", "4ttack") is."""
    return (name_sketches([text])[0, 0] & _NOISE_BITS) / NOISE_SCALE


def _scanned(texts: list[str]) -> list[bytes]:
    """The texts as UTF-8 with rn read as m, and RN as M: what `_Tokens` reads, and `_canonical_all` lowercases.
    The word list is read through it too, so that "GOVERNMENT" in capitals is the word "government" is."""
    return [t.encode("utf-8", "replace").replace(b"rn", b"m").replace(b"RN", b"M") for t in texts]


def _read(texts: list[str]) -> tuple[list[str], list[bytes]]:
    """The texts, those set in a narrow column `unwrap`ped, and their `_scanned` bytes: what names and shingles
    are read from."""
    scanned = _scanned(texts)
    wrapped = np.flatnonzero(_wrapped(scanned))
    if len(wrapped):
        texts = list(texts)
        for i in wrapped.tolist():
            texts[i] = unwrap(texts[i])
            scanned[i] = _scanned([texts[i]])[0]
    return texts, scanned


def _wrapped(scanned: list[bytes]) -> np.ndarray:
    """Which texts were set in a narrow column (WRAPPED_LINES), as a scanned newspaper is read: each line
    break one byte in numpy, for all the texts at once."""
    lengths = np.fromiter(map(len, scanned), dtype=np.int64, count=len(scanned))
    data = np.frombuffer(b"\0".join(scanned) + b"\0", dtype=np.uint8)
    at = np.flatnonzero(data == 10)
    before, after = data[at - 1], data[at + 1]
    single = (before != 10) & (after != 10)
    inside = single & (after >= 97) & (after <= 122) & ~_CLOSES[before]
    row = np.searchsorted(np.cumsum(lengths + 1), at, side="right")
    breaks, inside = (np.bincount(row[mask], minlength=len(scanned)) for mask in (single, inside))
    return (inside >= WRAPPED_LINES) & (2 * inside >= breaks)


def name_sketches(texts: list[str], scanned: list[bytes] | None = None) -> np.ndarray:
    """(n, _NAMES_WIDTH) uint64: per text, its noise level (column 0, in 1/NOISE_SCALE), then its folded names
    (`_Tokens.packed`) with the smallest `_name_order`, in that order, padded with 2^64 - 1, then its
    `_Tokens.contexts` (smallest first, padded so), then its `_skeletons`.

    Every step runs on all the texts at once: the tokens are runs of letters
    and digits in the texts' bytes laid end to end, read eight bytes at a time. `scanned`: the texts'
    bytes as `_read` gives them, where the caller has them."""
    out = np.full((len(texts), _NAMES_WIDTH), _NO_NAME, dtype=np.uint64)
    if not texts:
        return out
    tokens = _Tokens(_read(texts)[1] if scanned is None else scanned)
    shouted = tokens.shouted()
    lead = np.flatnonzero(tokens.starts < tokens.text_starts[tokens.row] + NOISE_CHARS)
    keys = tokens.word_keys(lead)
    lower = np.flatnonzero(tokens.first[lead] >= 97)
    words, unknown = _unknown_words(tokens, lead[lower], keys[lower], len(texts))
    out[:, _SKELETON_AT:] = _skeletons(tokens, lead, keys, len(texts))
    out[:, 0] = np.round(unknown / words * NOISE_SCALE).astype(np.uint64) | (shouted.astype(np.uint64) << _SHOUT_BIT)
    row, packed = tokens.names()
    order = _name_order(packed)
    sort = _by_row(row, order, len(texts))
    row, packed, order = row[sort], packed[sort], order[sort]
    new = np.ones(len(row), dtype=bool)
    new[1:] = (row[1:] != row[:-1]) | (order[1:] != order[:-1])
    row, packed = row[new], packed[new]
    rank = np.arange(len(row)) - np.searchsorted(row, row)
    keep = rank < NAME_SLOTS
    out[row[keep], 1 + rank[keep]] = packed[keep]
    row, slots = tokens.contexts()
    sort = _by_row(row, slots, len(texts))
    row, slots = row[sort], slots[sort]
    new = np.ones(len(row), dtype=bool)
    new[1:] = (row[1:] != row[:-1]) | (slots[1:] != slots[:-1])
    row, slots = row[new], slots[new]
    rank = np.arange(len(row)) - np.searchsorted(row, row)
    keep = rank < CONTEXT_SLOTS
    out[row[keep], 1 + NAME_SLOTS + rank[keep]] = slots[keep]
    return out


def _by_row(row: np.ndarray, keys: np.ndarray, texts: int) -> np.ndarray:
    """`np.lexsort((keys, row))`: a stable sort by key, then a stable one by row, its numbers in the smallest type
    that holds them (a stable sort of 16 bits or fewer is a radix sort)."""
    sort = np.argsort(keys, kind="stable")
    return sort[np.argsort(row[sort].astype(np.min_scalar_type(texts)), kind="stable")]


def _skeletons(tokens: "_Tokens", lead: np.ndarray, keys: np.ndarray, texts: int) -> np.ndarray:
    """(texts, 1 + SKELETON_SLOTS) uint64: how many distinct skeleton shingles each text's lead (the `lead` tokens,
    their `word_keys`) holds, then the 2 * SKELETON_SLOTS smallest of their 32-bit hashes, ascending, two a column
    (padded with 2^32 - 1). The skeleton (SpotSigs: Theobald, Siddharth & Paepcke 2008) keeps a token that is a
    stopword as itself, a number or a capitalised word as its class, and makes each run of other words one
    placeholder: a spinner swaps the content words of a sentence, one at a time or one for two, and keeps the
    rest, where a writer re-words a sentence round a new structure. Its shingles are SKELETON_GRAM tokens."""
    out = np.full((texts, 1 + SKELETON_SLOTS), _NO_NAME, dtype=np.uint64)
    out[:, 0] = 0
    table = _stopword_table()
    entry = table[(keys >> np.uint64(64 - _STOP_BITS)).astype(np.intp)]
    code = np.where((entry ^ keys) < np.uint64(256), entry.astype(np.uint8), _TOKEN_CLASS[tokens.first[lead]])
    row = tokens.row[lead]
    kept = np.ones(len(code), dtype=bool)
    kept[1:] = (code[1:] != 0) | (code[:-1] != 0) | (row[1:] != row[:-1])
    code, row = code[kept], row[kept]
    width = len(code) - SKELETON_GRAM + 1
    if width <= 0:
        return out
    grams = np.ndarray(shape=(width,), dtype=">u8", buffer=code.tobytes() + bytes(8), strides=(1,)) >> np.uint64(
        8 * (8 - SKELETON_GRAM))   # the tokens' codes, the first highest
    inside = np.flatnonzero(row[:width] == row[SKELETON_GRAM - 1:])
    hashed = np.minimum(_mix64(grams[inside]) >> np.uint64(32), np.uint64(2**32 - 3)).astype(np.uint32)
    row = row[inside]
    counts = np.bincount(row, minlength=texts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    matrix = np.full((texts, max(int(counts.max()), 2 * SKELETON_SLOTS)), _NO_SHINGLE, dtype=np.uint32)
    matrix[row, np.arange(len(row)) - starts[row]] = hashed
    matrix.sort(axis=1)
    matrix[:, 1:][matrix[:, 1:] == matrix[:, :-1]] = _NO_SHINGLE   # a repeat: sorted after the distinct ones
    matrix.sort(axis=1)
    out[:, 0] = np.count_nonzero(matrix != _NO_SHINGLE, axis=1)
    out[:, 1:] = matrix[:, :2 * SKELETON_SLOTS].view(np.uint64)
    return out


class _Tokens:
    """The runs of ASCII letters and digits of some texts (`_scanned`) laid end to end: where each starts
    and ends, its text (row) and first byte, and the bytes around it as overlapping 8-byte words: as folded
    letter codes (`codes`: _FOLD_CODE_BYTES, 0 between tokens), and as ones for digits (`digit`)."""

    def __init__(self, datas: list[bytes]):
        self.lengths = lengths = np.fromiter(map(len, datas), dtype=np.int64, count=len(datas))
        self._shouted: np.ndarray | None = None
        self.raw = b" ".join(datas) + b" " * 16
        cased = self.raw.translate(_ALNUM)
        data = np.frombuffer(cased, dtype=np.uint8)
        edges = np.diff((data != 32).view(np.int8), prepend=np.int8(0))
        self.starts, self.ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        self.text_starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
        counts = np.diff(np.searchsorted(self.starts, self.text_starts), append=len(self.starts))   # tokens a text
        self.row = np.repeat(np.arange(len(datas)), counts)
        self.first, self.length = data[self.starts], self.ends - self.starts
        self.codes = _words8(cased.translate(_FOLD_CODE_BYTES))
        self.digit = _words8(cased.translate(_DIGIT))

    def shouted(self) -> np.ndarray:
        """Which texts are set in capitals: more than SHOUTED of the words of two letters or more of their first
        SHOUTED_WORDS tokens (a wire's teletype copy). Every word of such a text would read as a name, so that
        copies in capitals of a report and of another told alike shared nearly all their names."""
        if self._shouted is None:
            texts = len(self.lengths)
            first = np.searchsorted(self.row, np.arange(texts))
            count = np.minimum(np.diff(first, append=len(self.row)), SHOUTED_WORDS)
            row = np.repeat(np.arange(texts), count)
            at = np.repeat(first, count) + np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
            lead, second = self.first[at], np.frombuffer(self.raw, dtype=np.uint8)[self.starts[at] + 1]
            word = (self.length[at] > 1) & (lead >= 65)
            capitals = word & (lead <= 90) & (second >= 65) & (second <= 90)
            span = np.zeros(texts, dtype=np.int64)
            span[count > 0] = self.ends[(first + count - 1)[count > 0]] - self.text_starts[count > 0]
            words = np.maximum(np.bincount(row[word], minlength=texts), span // SHOUTED_BYTES)
            self._shouted = np.bincount(row[capitals], minlength=texts) > SHOUTED * words
        return self._shouted

    def sentence_initial(self, which: np.ndarray) -> np.ndarray:
        """Whether each token opens a sentence (or a line, or its text): the last byte before it that is no space,
        quote or bracket (looked for up to _LOOK_BACK bytes back) ends a sentence. A full stop after a short
        capitalised word ("Mr.", "U.S.", "St.") ends none."""
        data = np.frombuffer(self.raw, dtype=np.uint8)
        starts, text_starts = self.starts[which], self.text_starts[self.row[which]]
        before = np.full(len(which), -1, dtype=np.int64)
        pending = np.arange(len(which))
        for back in range(1, _LOOK_BACK + 1):   # nearest first; most tokens are settled one or two bytes back
            at = starts[pending] - back
            inside = at >= text_starts[pending]
            solid = inside & ~_SEE_THROUGH[data[np.maximum(at, 0)]]
            before[pending[solid]] = at[solid]
            pending = pending[inside & ~solid]
            if not len(pending):
                break
        byte = data[np.maximum(before, 0)]
        previous = np.maximum(which - 1, 0)
        abbreviation = ((byte == 46) & (self.ends[previous] == before) & (self.length[previous] <= 3)
                        & (self.first[previous] >= 65) & (self.first[previous] <= 90) & (which > 0))
        return (before < 0) | (_SENTENCE_END[byte] & ~abbreviation)

    def whole(self, which: np.ndarray) -> np.ndarray:
        """Whether each token is a whole word: no letter of another alphabet, or accented, on either side of it
        ("sınırlarında" gives the runs "s", "n", "rlar" and "nda", none a word of Turkish)."""
        data = np.frombuffer(self.raw, dtype=np.uint8)
        return (data[np.maximum(self.starts[which] - 1, 0)] < 128) & (data[self.ends[which]] < 128)

    def word_keys(self, which: np.ndarray) -> np.ndarray:
        """A key per token: its first eight folded codes and its length, mixed."""
        length = np.minimum(self.length[which], 255).astype(np.uint64)
        return _mix64(_first(self.codes[self.starts[which]], length) ^ (length << np.uint64(56)))

    def names(self) -> tuple[np.ndarray, np.ndarray]:
        """The names (a capital and one character more, or a digit first: not a word misread with a leading
        digit, and not a stopword once folded): their rows, and each packed (`packed`; the top bit set for a
        number, compared exactly: half or more of its characters digits).

        A capital that opens a sentence says nothing: "Sadly", "Instead",
        "Thankfully" open sentences of a report and of its same-template twin
        alike, and counted as names they lift the twin's overlap (a trimmed,
        noisy copy of a twin naming one town and six such words joined the
        other event), while a scan misreads them into names no original has.
        A name that also stands inside a sentence is counted from there. A
        misread word is not a number: "Exp1orer" holds a digit, but compared
        exactly and twice it failed copies that misread a letter as a digit."""
        which = np.flatnonzero((self.first < 97) & ((self.length > 1) | (self.first <= 57)))
        head = np.minimum(self.length[which], NAME_CHARS)
        number = 2 * self.digit_count(which, head) >= head
        keep = np.flatnonzero(number | (self.first[which] > 57))   # a misread word with a leading digit is none
        which, number = which[keep], number[keep]
        packed = self.packed(which)
        keep = np.flatnonzero(~_among(packed, _stopwords()))
        which, number, packed = which[keep], number[keep], packed[keep]
        letters = np.flatnonzero(self.first[which] > 57)
        opening = np.zeros(len(which), dtype=bool)
        opening[letters] = self.sentence_initial(which[letters])
        keep = ~opening
        shouted = self.shouted()
        if shouted.any():   # in capitals every word reads as a name: those no list of English holds are its names
            common = np.flatnonzero(keep & shouted[self.row[which]] & ~number)
            keep[common[_is_word(self.word_keys(which[common]))]] = False
        keep = np.flatnonzero(keep)
        self.named = which[keep], packed[keep], number[keep]
        return self.row[which[keep]], packed[keep] | (number[keep].astype(np.uint64) << np.uint64(63))

    def contexts(self) -> tuple[np.ndarray, np.ndarray]:
        """Each name or number with the words on either side of it: their rows, and each as one uint64 (the two
        words' hash in its top 23 bits, then a number bit, then the name's first eight folded codes). A name is a
        run of capitalised words, given by its last ("Maria Okafor": Okafor), one word alone only where `names`
        counts it; a number is any token half or more digits. A report of another event written from the same
        template states other names and numbers between the same words ("before Judge Helen Marsh on", "before
        Judge Ewa Sorensen on"), a copy the same ones, however misread."""
        n = len(self.starts)
        if n < 3:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        if not hasattr(self, "named"):
            self.names()
        named, named_packed, _ = self.named
        data = np.frombuffer(self.raw, dtype=np.uint8)
        capital = (self.first >= 65) & (self.first <= 90) & (self.length > 1)
        joined = np.zeros(n, dtype=bool)   # a capitalised word followed by another after one space
        joined[:-1] = (capital[:-1] & capital[1:] & (self.row[:-1] == self.row[1:])
                       & (self.starts[1:] == self.ends[:-1] + 1) & (data[self.ends[:-1]] == 32))
        opens = capital & ~np.concatenate([[False], joined[:-1]])
        last = np.flatnonzero(capital & ~joined)
        first = np.maximum.accumulate(np.where(opens, np.arange(n), 0))[last]
        is_name = np.zeros(n, dtype=bool)
        is_name[named] = True
        keep = (first != last) | is_name[last]      # a word alone: as `names` has it (no opener, no stopword)
        last, first = last[keep], first[keep]
        packed = np.zeros(n, dtype=np.uint64)
        packed[named] = named_packed
        packed = packed[last]
        other = np.flatnonzero(~is_name[last])
        packed[other] = self.packed(last[other])
        digits = np.flatnonzero(self.first <= 57)   # every number, a stopword once folded too ("50": "so")
        head = np.minimum(self.length[digits], NAME_CHARS)
        digits = digits[2 * self.digit_count(digits, head) >= head]
        last, first = np.concatenate([last, digits]), np.concatenate([first, digits])
        number = np.concatenate([np.zeros(len(packed), dtype=np.uint64), np.ones(len(digits), dtype=np.uint64)])
        packed = np.concatenate([packed, self.packed(digits)])
        before, after = first - 1, last + 1
        row = self.row[last]
        has_before = (before >= 0) & (self.row[np.maximum(before, 0)] == row)
        has_after = (after < n) & (self.row[np.minimum(after, n - 1)] == row)
        keys = np.zeros((2, len(last)), dtype=np.uint64)
        keys[0, has_before] = self.word_keys(before[has_before])
        keys[1, has_after] = self.word_keys(after[has_after])
        with np.errstate(over="ignore"):
            around = _mix64(keys[0] * np.uint64(0x9E3779B97F4A7C15) + keys[1]) >> np.uint64(64 - 23)
        value = (packed >> np.uint64(20)) | (number << np.uint64(40))
        return row, (around << _CONTEXT_SHIFT) | value

    def digit_count(self, which: np.ndarray, head: np.ndarray) -> np.ndarray:
        """How many of the first `head` (up to 16) bytes of each token are digits: the bytes of two 8-byte words of
        ones and zeros added up by one multiplication each."""
        starts, head = self.starts[which], head.astype(np.uint64)
        first = np.minimum(head, np.uint64(8))
        words = _first(self.digit[starts], first) + _first(self.digit[starts + 8], head - first)
        return ((words * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)

    def packed(self, which: np.ndarray) -> np.ndarray:
        """The tokens' first NAME_CHARS folded codes, five bits each, the first highest, as one uint64: the eight
        codes of one 8-byte word and the four of the next joined two by two within the word (`_pack8`)."""
        starts, length = self.starts[which], np.minimum(self.length[which], NAME_CHARS).astype(np.uint64)
        head = np.minimum(length, np.uint64(8))
        return (_pack8(_first(self.codes[starts], head)) << np.uint64(20)) | (
            _pack8(_first(self.codes[starts + 8], length - head)) >> np.uint64(20))


def _among(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Whether each value is in `sorted_set` (ascending, not empty): np.isin sorts both, this only looks up."""
    return sorted_set[np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)] == values


def _words8(buffer: bytes) -> np.ndarray:
    """The 8-byte little-endian word at every offset of `buffer` (a view, not a copy)."""
    return np.ndarray(shape=(len(buffer) - 7,), dtype="<u8", buffer=buffer, strides=(1,))


def _first(words: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The first `count` (0 to 8) bytes of each little-endian word, the rest zero."""
    keep = np.where(count >= 8, np.uint64(2**64 - 1), (np.uint64(1) << (np.uint64(8) * np.minimum(count, 7))) - 1)
    return words & keep


def _is_word(keys: np.ndarray, languages: np.ndarray | None = None) -> np.ndarray:
    """Whether each key (`_Tokens.word_keys`) is a folded word of its language (`languages`: indices into
    LANGUAGES; English where not given): a bit table of 2^_WORD_BITS bits a language (1 in 200 false hits)."""
    if languages is None:
        index = keys >> np.uint64(64 - _WORD_BITS)
        return (_vocabulary()[index >> np.uint64(3)] >> (index & np.uint64(7)).astype(np.uint8)) & 1 == 1
    known = np.empty(len(keys), dtype=bool)
    for language in np.unique(languages).tolist():
        mine = np.flatnonzero(languages == language)
        index = keys[mine] >> np.uint64(64 - _WORD_BITS)
        table = _vocabulary(LANGUAGES[language])
        known[mine] = (table[index >> np.uint64(3)] >> (index & np.uint64(7)).astype(np.uint8)) & 1 == 1
    return known


def _unknown_words(tokens: "_Tokens", lower: np.ndarray, keys: np.ndarray, texts: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Per text, its `lower` tokens (lowercase words; `keys`, their `word_keys`), a word a LATIN_BYTES bytes of
    its lead at least, and those that are no words of English or, in a text that English reads as past FOREIGN
    misread, of its language (`_languages`). A text English reads as cleaner needs no other list: it is
    English, or so near it that its noise is overstated by FOREIGN at most."""
    row = tokens.row[lower]
    floor = np.maximum(np.minimum(tokens.lengths, NOISE_CHARS) // LATIN_BYTES, 1)
    words = np.maximum(np.bincount(row, minlength=texts), floor)
    unknown = np.bincount(row[~_is_word(keys)], minlength=texts)
    foreign = np.flatnonzero((unknown > FOREIGN * words)[row])
    if len(foreign):
        row, keys, whole = row[foreign], keys[foreign], tokens.whole(lower[foreign])
        language = _languages(row[whole], keys[whole], texts)
        other = np.flatnonzero(language[row] > 0)
        if len(other):
            texts_of = np.unique(row[other])
            row, keys = row[other], keys[other]
            unknown[texts_of] = np.bincount(row[~_is_word(keys, language[row])], minlength=texts)[texts_of]
    return words, unknown


def _languages(row: np.ndarray, keys: np.ndarray, texts: int) -> np.ndarray:
    """Each text's language, as an index into LANGUAGES: the one whose stop words (spaCy's) are the most of its
    lowercase words (`keys`, their `word_keys`; `row`, their texts), English where none leads.

    A text's noise is the share of its words that are no words of its
    language: read against English alone, a clean Spanish report looked as
    misread as a scan at 25% (Turkish 40%), its names were held to less and
    its text to next to nothing, and unrelated reports of one day joined as
    copies (250 links among SemEval-2022's 722 Turkish articles; 13 with it, 8 of them near copies)."""
    stop_keys, masks = _language_table()
    at = np.minimum(np.searchsorted(stop_keys, keys), len(stop_keys) - 1)
    hit = np.flatnonzero(stop_keys[at] == keys)
    held = ((masks[at[hit], None] >> np.arange(len(LANGUAGES), dtype=np.uint32)) & 1).astype(bool)
    which, language = np.nonzero(held)
    counts = np.bincount(row[hit[which]] * len(LANGUAGES) + language, minlength=texts * len(LANGUAGES))
    return np.argmax(counts.reshape(texts, len(LANGUAGES)), axis=1)


@functools.cache
def _language_table() -> tuple[np.ndarray, np.ndarray]:
    """`_languages`' table: the `word_keys` of the stop words of every language, sorted, each with a bit for each
    language whose list holds it (the words of ASCII letters only: the tokens are runs of them)."""
    keys, bits = [], []
    for index, language in enumerate(LANGUAGES):
        words = sorted(w for w in spacy_stop_words(language) if w.isascii() and w.isalpha())
        tokens = _Tokens(_scanned([" ".join(words)]))
        found = np.unique(tokens.word_keys(np.arange(len(tokens.starts))))
        keys.append(found)
        bits.append(np.full(len(found), 1 << index, dtype=np.uint32))
    order = np.argsort(np.concatenate(keys), kind="stable")
    keys, bits = np.concatenate(keys)[order], np.concatenate(bits)[order]
    unique, first = np.unique(keys, return_index=True)
    return unique, np.bitwise_or.reduceat(bits, first)


def _pack8(words: np.ndarray) -> np.ndarray:
    """Eight five-bit codes, one a byte (first in the lowest), as 40 bits with the first code highest."""
    pairs = ((words & np.uint64(0x00FF00FF00FF00FF)) << np.uint64(5)) | ((words >> np.uint64(8))
                                                                          & np.uint64(0x00FF00FF00FF00FF))
    quads = ((pairs & np.uint64(0x0000FFFF0000FFFF)) << np.uint64(10)) | ((pairs >> np.uint64(16))
                                                                           & np.uint64(0x0000FFFF0000FFFF))
    return ((quads & np.uint64(0xFFFFFFFF)) << np.uint64(20)) | (quads >> np.uint64(32))


def prepare() -> None:
    """Build the word list and stopwords that the names sketches read: before forking workers, so that each
    inherits them instead of building its own."""
    _vocabulary()
    _stopwords()
    _stopword_table()
    _language_table()


@functools.cache
def _stopwords() -> np.ndarray:
    tokens = _Tokens(_scanned([" ".join(sorted(FUNCTION_WORDS))]))
    return np.unique(tokens.packed(np.arange(len(tokens.starts))))


@functools.cache
def _stopword_table() -> np.ndarray:
    """The function words' `word_keys` (the stopwords but the verbs of saying, which a spinner swaps first) placed by
    their top _STOP_BITS bits, each with its code (1 to 253) in its lowest byte: a token is one when the key at its
    place is its own but for that byte."""
    tokens = _Tokens(_scanned([" ".join(sorted(FUNCTION_WORDS - {"said", "say", "says"}))]))
    keys = tokens.word_keys(np.arange(len(tokens.starts)))
    table = np.zeros(2 ** _STOP_BITS, dtype=np.uint64)
    table[(keys >> np.uint64(64 - _STOP_BITS)).astype(np.intp)] = (keys & ~np.uint64(255)) | (
        1 + np.arange(len(keys), dtype=np.uint64) % np.uint64(253))
    return table


@functools.cache
def _vocabulary(language: str = "en") -> np.ndarray:
    """The bit table of `_is_word` for a language: its folded words (wordfreq, at least WORD_FREQUENCY). English
    words of other letters are loanwords ("café") and left out; another language's are its own, read as the runs
    of ASCII letters its texts' tokens are ("también": "tambi", "n")."""
    words = [w for w in _frequent_words(language) if w.isalpha() and (w.isascii() or language != "en")]
    tokens = _Tokens(_scanned([" ".join(words)]))
    index = tokens.word_keys(np.arange(len(tokens.starts))) >> np.uint64(64 - _WORD_BITS)
    bits = np.zeros(2 ** _WORD_BITS, dtype=bool)
    bits[index] = True
    return np.packbits(bits, bitorder="little")


def _frequent_words(language: str = "en") -> list[str]:
    """wordfreq's list of a language (its large one, else its small one) down to WORD_FREQUENCY, read from its data
    file as wordfreq reads it (gzipped msgpack: a header, then a list of words per centibel of frequency, the most
    frequent first), without importing wordfreq, whose languages and text-fixing modules take a tenth of a second
    of every `dedup`, and without unpacking the rarer words after the last list asked for."""
    import gzip
    import importlib.util
    from pathlib import Path

    import msgpack

    data = Path(importlib.util.find_spec("wordfreq").origin).parent / "data"
    language = _WORD_LIST.get(language, language)
    path = data / f"large_{language}.msgpack.gz"
    path = path if path.exists() else data / f"small_{language}.msgpack.gz"
    last = round(-100 * np.log10(WORD_FREQUENCY))   # the list at -last centibels is the rarest kept
    with gzip.open(path, "rb") as stream:
        unpacker = msgpack.Unpacker(stream, raw=False)
        lists = unpacker.read_array_header() - 1
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
            raise RuntimeError(f"{path}: not a word frequency list this version of wiretrace reads")
        return [word for _ in range(min(lists, last + 1)) for word in unpacker.unpack()]


def _unpack(packed: np.ndarray) -> list[str]:
    """The folded names of `_Tokens.packed`, as strings (the number bit dropped)."""
    return [b.decode() for b in _spelled(packed)[0].ravel().tolist()]


def _spelled(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Packed names (any shape) as byte strings of their folded letters, and their lengths."""
    codes = ((packed[..., None] >> _SHIFTS) & np.uint64(31)).astype(np.uint8)
    return _LETTER[codes].view(f"S{NAME_CHARS}")[..., 0], (codes > 0).sum(axis=-1)


def _name_order(packed: np.ndarray) -> np.ndarray:
    """The hash that orders a text's names for the bottom-k sketch (the number bit left out)."""
    with np.errstate(over="ignore"):
        return _mix64(packed & _NAME_BITS)


@dataclass(frozen=True)
class Sketches:
    """What copy detection keeps of each article: row i is article i."""

    signatures: np.ndarray    # (n, NUM_PERM) uint32: `signatures` values (they fit), in half the memory
    sizes: np.ndarray         # (n,) distinct shingles
    names: np.ndarray         # (n, _NAMES_WIDTH) uint64: `name_sketches` (noise, names, contexts, skeleton)
    bottom: np.ndarray        # (n, BOTTOM) uint32: the smallest distinct shingle hashes, ascending (`_bottom`)
    lead_keys: np.ndarray     # (n, LEAD_BANDS) int64: LSH keys of the first LEAD_CHARS (`_lead_keys`)

    def __len__(self) -> int:
        return len(self.sizes)

    def take(self, rows) -> "Sketches":
        return Sketches(self.signatures[rows], self.sizes[rows], self.names[rows], self.bottom[rows],
                        self.lead_keys[rows])

    @property
    def noise(self) -> np.ndarray:
        return (self.names[:, 0] & _NOISE_BITS) / NOISE_SCALE

    @property
    def shouted(self) -> np.ndarray:
        """Which texts are set in capitals (`_Tokens.shouted`)."""
        return (self.names[:, 0] >> _SHOUT_BIT).astype(bool)

    @staticmethod
    def concat(parts: list["Sketches"]) -> "Sketches":
        if not parts:
            return sketch([])
        return Sketches(np.concatenate([p.signatures for p in parts]), np.concatenate([p.sizes for p in parts]),
                        np.concatenate([p.names for p in parts]), np.concatenate([p.bottom for p in parts]),
                        np.concatenate([p.lead_keys for p in parts]))


def sketch(texts: list[str]) -> Sketches:
    """Signatures, distinct shingle counts and names sketches of the texts, _CHUNK characters at a time, the texts
    taken shortest first: `_distinct` sorts each chunk's texts in rows as wide as its longest, and texts of
    about one length waste little of them (a chunk of news texts in input order, a third). _NAMES_ROWS texts at a
    time, their bytes (`_read`) made once for names and shingles: the names' token arrays take about 60 bytes a
    character (the 100,000 real-length texts of `benchmarks/dedup.py` at once, 6 GB). Each text's sketches are
    its own, whatever chunk it is in."""
    if not texts:
        return Sketches(np.zeros((0, NUM_PERM), np.uint32), np.zeros(0, np.int64),
                        np.zeros((0, _NAMES_WIDTH), np.uint64), np.zeros((0, BOTTOM), np.uint32),
                        np.zeros((0, LEAD_BANDS), np.int64))
    order = np.argsort(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), kind="stable")
    ordered = [texts[i] for i in order]
    parts = []
    for lo in range(0, len(ordered), _NAMES_ROWS):
        block, scanned = _read(ordered[lo:lo + _NAMES_ROWS])
        names, done = name_sketches(block, scanned), 0
        for part in _parts(block):
            hashes = _shingle_hashes(part, scanned[done:done + len(part)])
            distinct, starts, ends = _distinct(*hashes)
            parts.append(Sketches(_minhash(distinct, starts, ends), ends - starts, names[done:done + len(part)],
                                  _bottom(distinct, starts, ends), _lead_keys(*hashes)))
            done += len(part)
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return Sketches.concat(parts).take(back)


class Sketcher:
    """`sketch` of texts given a chunk at a time, each distinct text sketched once: a wire story re-run word for
    word is sketched where it first came, and its sketches copied after (an eighth of the real-text benchmark's
    articles repeat a text before them). A text is known by a 128-bit hash of it; the sketches of every chunk
    are kept (the caller keeps them anyway)."""

    def __init__(self) -> None:
        self.chunks: list[Sketches] = []
        self.starts: list[int] = []
        self.rows = 0
        self.first: dict[int, int] = {}   # a text's hash -> the row where it came first
        self.pending = np.zeros(0, dtype=np.int64)   # the rows of `new`'s chunk where their texts came first

    def add(self, texts: list[str]) -> Sketches:
        """The sketches of the next chunk of texts."""
        return self.fill(sketch([texts[i] for i in self.new(texts)]))

    def new(self, texts: list[str]) -> list[int]:
        """Which of the next chunk's texts came in no earlier one (nor before in it): those to sketch (`fill`)."""
        self.pending = rows = np.empty(len(texts), dtype=np.int64)
        fresh: list[int] = []
        for i, text in enumerate(texts):
            row = self.first.setdefault(xxhash.xxh3_128_intdigest(text.encode("utf-8", "surrogatepass")),
                                        self.rows + i)
            rows[i] = row
            if row == self.rows + i:
                fresh.append(i)
        return fresh

    def fill(self, found: Sketches) -> Sketches:
        """The chunk's sketches, given those of its `new` texts: a repeat's copied from where its text came."""
        rows = self.pending
        fresh = np.flatnonzero(rows == self.rows + np.arange(len(rows)))
        if len(fresh) < len(rows):
            at = np.empty(len(rows), dtype=np.int64)    # where each row's text was sketched: this chunk's first
            at[fresh] = np.arange(len(fresh))           # sketches, then the earlier rows gathered after them
            own = rows >= self.rows
            at[own] = at[rows[own] - self.rows]
            earlier = np.flatnonzero(~own)
            parts = [found]
            chunk_of = np.searchsorted(self.starts, rows[earlier], side="right") - 1
            for chunk in np.unique(chunk_of).tolist():
                mine = earlier[chunk_of == chunk]
                at[mine] = len(found) + sum(len(p) for p in parts[1:]) + np.arange(len(mine))
                parts.append(self.chunks[chunk].take(rows[mine] - self.starts[chunk]))
            found = Sketches.concat(parts).take(at)
        self.chunks.append(found)
        self.starts.append(self.rows)
        self.rows += len(rows)
        return found


def similarity(a: Sketches, b: Sketches) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row by row: estimated Jaccard, estimated containment (of the smaller text in the larger), names overlap
    (misread names count: `names_overlap`, in the direction that finds more), and how many names the article
    whose names were looked for names."""
    shorter = a.sizes <= b.sizes
    overlap, fewer = names_overlap(a.names, b.names, a_shorter=shorter)
    _take_better(overlap, fewer, np.ones(len(overlap), dtype=bool), *names_overlap(a.names, b.names, a_shorter=~shorter))
    return (*_text_similarity(a, b), overlap, fewer)


def noise(a: Sketches, b: Sketches) -> np.ndarray:
    """Row by row: the share of words misread in one text or the other (`noise_level`)."""
    return 1 - (1 - a.noise) * (1 - b.noise)


def _text_similarity(a: Sketches, b: Sketches) -> tuple[np.ndarray, np.ndarray]:
    """Estimated Jaccard (MinHash), and containment of the smaller text in the larger (`contained`)."""
    return (a.signatures == b.signatures).mean(axis=1), contained(a.bottom, a.sizes, b.bottom, b.sizes)


def _bottom(h: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """(n, BOTTOM) uint32: each text's BOTTOM smallest distinct hashes (`_distinct` leaves them sorted), padded
    with 2^32 - 1."""
    column = np.arange(BOTTOM)
    inside = column < np.minimum(ends - starts, BOTTOM)[:, None]
    out = np.full((len(starts), BOTTOM), _NO_SHINGLE)
    out[inside] = h[(starts[:, None] + column)[inside]]
    return out


def contained(a: np.ndarray, a_sizes: np.ndarray, b: np.ndarray, b_sizes: np.ndarray) -> np.ndarray:
    """Row by row, the share of the smaller text's shingles found in the larger, from their bottom-k sketches
    (`_bottom`): of the smaller's hashes below both sketches' cut-off, those the larger's sketch holds (the two
    rows sorted together, a value equal to its neighbour is in both).

    A trimmed copy's containment read off 128 MinHash minima (through the
    Jaccard, |A & B| = J (|A| + |B|) / (1 + J)) varies by about 0.06 either
    way; a noisy trimmed copy, whose containment lies near its threshold, was
    then lost as often as not. The bottom-k estimate samples the shingles
    themselves, and is exact for texts of up to BOTTOM distinct shingles."""
    a_smaller = (a_sizes <= b_sizes)[:, None]
    return _contained(np.where(a_smaller, a, b), np.where(a_smaller[:, 0], a_sizes, b_sizes),
                      np.where(a_smaller, b, a), np.where(a_smaller[:, 0], b_sizes, a_sizes))


def _contained(small: np.ndarray, small_n: np.ndarray, large: np.ndarray, large_n: np.ndarray) -> np.ndarray:
    """`contained` with the smaller text's sketch first. A hash of 2^32 - 1 or 2^32 - 2 (the fillers) is never
    counted as found: one in two billion."""
    width = small.shape[1]
    cut = np.minimum(np.where(small_n > width, small[:, -1], _NO_SHINGLE),
                     np.where(large_n > width, large[:, -1], _NO_SHINGLE))
    asked = (small <= cut[:, None]) & (np.arange(width) < small_n[:, None])
    both = np.concatenate([np.where(asked, small, _NO_SHINGLE - 1), large], axis=1)
    both.sort(axis=1)
    found = ((both[:, 1:] == both[:, :-1]) & (both[:, 1:] < _NO_SHINGLE - 1)).sum(axis=1)
    return np.where(small_n > 0, found / np.maximum(asked.sum(axis=1), 1), 1.0)


def _contained_rows(bottom: np.ndarray, sizes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """`_contained` of the first row of each pair in the second (rows of `bottom` and `sizes`). Where both
    sketches are full and hold no hash of 2^32 - 2 or more (nearly always), a hash of the smaller above the
    cut-off cannot be in the larger, so the two rows are sorted together as they are, gathered side by side at
    once, and the pairs of equal neighbours counted: about half the work."""
    both = bottom[pairs].reshape(len(pairs), 2 * BOTTOM)
    small, large = both[:, :BOTTOM], both[:, BOTTOM:]
    small_n, large_n = sizes[pairs[:, 0]], sizes[pairs[:, 1]]
    plain = (small_n >= BOTTOM) & (large_n >= BOTTOM) & (small[:, -1] < _NO_SHINGLE - 1) & (
        large[:, -1] < _NO_SHINGLE - 1)
    out = np.empty(len(pairs))
    rest = np.flatnonzero(~plain)
    if len(rest):
        out[rest] = _contained(small[rest], small_n[rest], large[rest], large_n[rest])
        both, small_n, large_n = both[plain], small_n[plain], large_n[plain]
    cut = np.minimum(np.where(small_n > BOTTOM, both[:, BOTTOM - 1], _NO_SHINGLE),
                     np.where(large_n > BOTTOM, both[:, -1], _NO_SHINGLE))
    asked = (both[:, :BOTTOM] <= cut[:, None]).view(np.uint8).sum(axis=1, dtype=np.int64)
    both.sort(axis=1)
    found = (both[:, 1:] == both[:, :-1]).view(np.uint8).sum(axis=1, dtype=np.int64)
    out[plain] = found / np.maximum(asked, 1)
    return out


def names_overlap(a: np.ndarray, b: np.ndarray, exact: bool = False, need: np.ndarray | float = 0.0,
                  a_shorter: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Share of the names of one article that the other names too (1 when either names none; a number counts
    twice: a report of another event changes them all), and how many that article names (in the range
    compared); rows of `name_sketches`. The names looked for are the shorter text's where `a_shorter` says
    which (containment's direction: a trimmed copy is inside its original, and OCR noise can make it name
    more, each misread spelling of a name counting as one), else those of the article naming fewer.

    Counted over the hash range both bottom-k sketches cover in full, so it is
    exact whenever both articles name at most NAME_SLOTS, and a fair sample
    above. Names are folded (`fold`); unless `exact`, a name not found so is
    found when the other names one within a few edits (`_misread`), in the
    rows where that can lift the share to `need`.
    """
    a, b, pad_a, pad_b, in_a, in_b = _compared(a, b)
    count_a, count_b = in_a.sum(axis=1), in_b.sum(axis=1)
    a_fewer = (count_a <= count_b if a_shorter is None else np.asarray(a_shorter, dtype=bool))[:, None]
    mine, theirs = np.where(a_fewer, a, b), np.where(a_fewer, b, a)
    in_mine, in_theirs = np.where(a_fewer, in_a, in_b), np.where(a_fewer, in_b, in_a)
    number = (mine >> np.uint64(63)).astype(bool)
    weight = in_mine * (1 + number)
    total, fewer = weight.sum(axis=1), in_mine.sum(axis=1)
    if exact:
        keys = ((mine & _NAME_BITS) << np.uint64(3)) + np.uint64(1) + (mine >> np.uint64(63))
        hits = _found_weight(np.where(in_mine, keys, _NO_NAME),
                             np.where(in_theirs, (theirs & _NAME_BITS) << np.uint64(3), _NO_NAME)).astype(np.float64)
    else:
        found = _members(np.where(in_mine, mine & _NAME_BITS, _NO_NAME), np.where(in_theirs, theirs & _NAME_BITS,
                                                                                    _NO_NAME - 1))
        hits = (weight * found).sum(axis=1).astype(np.float64)
        lost = in_mine & ~found & ~number
        stored = ~np.where(a_fewer, pad_b, pad_a)   # a misread name's original may lie out of the range
        hopeful = np.flatnonzero((hits + lost.sum(axis=1) >= np.asarray(need) * total) & lost.any(axis=1))
        need = np.broadcast_to(np.asarray(need, dtype=np.float64), hits.shape)
        enough = np.where(need > 0, need * total - hits, np.nan)[hopeful]
        hits[hopeful] += _misread(mine[hopeful], lost[hopeful], theirs[hopeful], stored[hopeful], enough)
    return np.where(fewer > 0, hits / np.maximum(total, 1), 1.0), fewer


def _compared(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    """The name slots of two names sketches (rows of `name_sketches`), which are padding, and which lie in the
    hash range both cover in full (what `names_overlap` compares)."""
    a, b = a[:, 1:1 + NAME_SLOTS], b[:, 1:1 + NAME_SLOTS]
    order_a, order_b = _name_order(a), _name_order(b)
    pad_a, pad_b = a == _NO_NAME, b == _NO_NAME
    last = np.minimum(np.where(pad_a, _NO_NAME, order_a).max(axis=1, initial=0),
                      np.where(pad_b, _NO_NAME, order_b).max(axis=1, initial=0))
    limit = np.where(pad_a[:, -1] & pad_b[:, -1], _NO_NAME, last)[:, None]
    return a, b, pad_a, pad_b, ~pad_a & (order_a <= limit), ~pad_b & (order_b <= limit)


def numbers_kept(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row by row (rows of `name_sketches`): whether every number one text states, in the range `names_overlap`
    compares, the other states too, for one of the two texts at least. Where neither's are all kept, no count of
    names within edits can find all of one's names in the other (a number is found exactly or not at all)."""
    a, b, _, _, in_a, in_b = _compared(a, b)

    def kept(mine, in_mine, theirs, in_theirs):
        number = in_mine & (mine >> np.uint64(63)).astype(bool)
        found = _found_weight(np.where(number, ((mine & _NAME_BITS) << np.uint64(3)) + np.uint64(1), _NO_NAME),
                              np.where(in_theirs, (theirs & _NAME_BITS) << np.uint64(3), _NO_NAME))
        return found == number.sum(axis=1)

    return kept(a, in_a, b, in_b) | kept(b, in_b, a, in_a)


def conflicts(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row by row (rows of `name_sketches`): of the places where both texts state a name or number between the
    same two words (`_Tokens.contexts`, over the hash range both sketches cover in full), how many there are, and
    in how many the two differ: not the same folded, nor within the edits a misread allows (`_misread`'s, on
    the first eight letters). A scan misreads the words around a name as often as the name, so it loses such
    places but does not turn them into conflicts; a report of another event from the same template keeps
    them and changes the names."""
    a, b = a[:, 1 + NAME_SLOTS:_SKELETON_AT], b[:, 1 + NAME_SLOTS:_SKELETON_AT]
    place_a, place_b = a >> _CONTEXT_SHIFT, b >> _CONTEXT_SHIFT
    full = np.uint64(2 ** 23)                 # above any place: a sketch not full covers every place
    limit = np.minimum(np.where(a[:, -1] == _NO_NAME, full, place_a[:, -1]),   # a full one may hold only some
                       np.where(b[:, -1] == _NO_NAME, full, place_b[:, -1]))[:, None]   # names of its last place
    row, slot = np.nonzero((a != _NO_NAME) & (place_a < limit))
    their_row, their_slot = np.nonzero((b != _NO_NAME) & (place_b < limit))
    key = (row.astype(np.uint64) << np.uint64(23)) | place_a[row, slot]
    theirs = (their_row.astype(np.uint64) << np.uint64(23)) | place_b[their_row, their_slot]   # sorted throughout
    value, their_value = a[row, slot] & _CONTEXT_VALUE, b[their_row, their_slot] & _CONTEXT_VALUE
    left = np.searchsorted(theirs, key)
    theirs = np.append(theirs, np.uint64(2**64 - 1))
    their_value = np.append(their_value, np.uint64(0))
    placed = theirs[left] == key
    agree = np.zeros(len(key), dtype=bool)
    at, steps = np.flatnonzero(placed), []
    while len(at):                            # a place a text states more than one name at: each of them
        steps.append(at)
        agree[at] |= their_value[left[at] + len(steps) - 1] == value[at]
        at = at[theirs[left[at] + len(steps)] == key[at]]
    for step, at in enumerate(steps):
        at = at[~agree[at]]
        if len(at):
            agree[at[_near_spellings(value[at], their_value[left[at] + step])]] = True
    return (np.bincount(row[placed], minlength=len(a)).astype(np.int64),
            np.bincount(row[placed & ~agree], minlength=len(a)).astype(np.int64))


def _near_spellings(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each two context values (eight folded codes, a number bit) are within the edits a misread allows:
    those whose lengths or letters differ by more (each edit changes one letter) set aside in numpy, as
    `_misread` does, the edits of the rest counted by rapidfuzz."""
    codes_a, codes_b = (((v[:, None] >> _CONTEXT_SHIFTS) & np.uint64(31)).astype(np.uint8) for v in (a, b))
    length_a, length_b = (codes_a > 0).sum(axis=1), (codes_b > 0).sum(axis=1)
    letters_a, letters_b = (np.bitwise_or.reduce(np.left_shift(np.uint32(1), c, dtype=np.uint32), axis=1)
                            & ~np.uint32(1) for c in (codes_a, codes_b))
    edits = _EDITS[np.maximum(length_a, length_b)]
    maybe = np.flatnonzero((np.abs(length_a - length_b) <= edits) & _few_bits(letters_a & ~letters_b, edits)
                           & _few_bits(letters_b & ~letters_a, edits))
    near = np.zeros(len(a), dtype=bool)
    spelled_a, spelled_b = (_LETTER[c[maybe]].view("S8")[:, 0].tolist() for c in (codes_a, codes_b))
    near[maybe] = process.cpdist(spelled_a, spelled_b, scorer=Levenshtein.distance, score_cutoff=3,
                                 dtype=np.int32) <= edits[maybe]
    return near


def skeleton_contained(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row by row (rows of `name_sketches`): the share of the skeleton shingles of the text whose lead holds fewer
    found in the other's (`_skeletons`; bottom-k, as `contained`), 0 where it holds fewer than MIN_SKELETON."""
    count_a, count_b = a[:, _SKELETON_AT].astype(np.int64), b[:, _SKELETON_AT].astype(np.int64)
    hashes_a = np.ascontiguousarray(a[:, _SKELETON_AT + 1:]).view(np.uint32)
    hashes_b = np.ascontiguousarray(b[:, _SKELETON_AT + 1:]).view(np.uint32)
    a_smaller = count_a <= count_b
    share = _contained(np.where(a_smaller[:, None], hashes_a, hashes_b), np.where(a_smaller, count_a, count_b),
                       np.where(a_smaller[:, None], hashes_b, hashes_a), np.where(a_smaller, count_b, count_a))
    return np.where(np.minimum(count_a, count_b) >= MIN_SKELETON, share, 0.0)


def two_events(aligned: np.ndarray, conflicting: np.ndarray, share: float = CONFLICTS) -> np.ndarray:
    """Whether the names two texts state between the same words differ too often for one to copy the other."""
    return (conflicting >= MIN_CONFLICTS) & (conflicting > share * aligned)


def _found_weight(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """Row by row, the weight of the keys of `mine` found among `theirs`: a name's packed value times 8, plus its
    weight (1, or 2 for a number) in `mine`; 2^64 - 1 for none on either side. The two rows sorted together, a key
    of mine lies just after its match, 1 or 2 above it, while any other two neighbours are equal (none) or 6 or
    more apart: a sort of the values alone, where `_members` sorts their positions too."""
    both = np.concatenate([mine, theirs], axis=1)
    both.sort(axis=1)
    step = both[:, 1:] - both[:, :-1]
    return np.where(step <= 2, step, 0).sum(axis=1)


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


def _misread(mine: np.ndarray, lost: np.ndarray, theirs: np.ndarray, stored: np.ndarray, enough: np.ndarray
             ) -> np.ndarray:
    """Row by row, how many of the `lost` of the names `mine` (packed) lie within a few edits of one of the
    `stored` of `theirs`: one from four letters, two from eight, counted on the longer of the two (a scan drops
    letters: "Gdnsk" is Gdansk misread); or are two of them run together (a scan drops spaces too). The dearer
    tests are left out in a row once `enough` are found there, or when they could not find that many (NaN: every
    name counted); what is counted then is what was found so far.

    All the rows' name pairs at once: those that cannot lie within the edits
    the longer spelling allows (lengths further apart, or more letters of one
    missing from the other: each edit takes one away) set aside in numpy, nine
    in ten, and the edits of the rest counted by rapidfuzz in one call, not a
    distance matrix a row."""
    rows = len(mine)
    row, slot = np.nonzero(lost)
    if not len(row):
        return np.zeros(rows, dtype=np.int64)
    other_row, other_slot = np.nonzero(stored)
    lost_count, other_count = np.bincount(row, minlength=rows), np.bincount(other_row, minlength=rows)
    (names, length, letters), (others, other_length, other_letters) = (
        _spelled_letters(mine[row, slot]), _spelled_letters(theirs[other_row, other_slot]))
    other_start = np.concatenate([[0], np.cumsum(other_count)])
    by_length = np.argsort(other_row * 16 + other_length, kind="stable")   # each row's others, shortest first
    keys = (other_row * 16 + other_length)[by_length]
    low = np.searchsorted(keys, row * 16 + length - 2)                # those two letters longer or shorter at most
    repeat = np.searchsorted(keys, row * 16 + length + 2, side="right") - low
    name = np.repeat(np.arange(len(row), dtype=np.int32), repeat)
    other = by_length[np.arange(len(name)) + np.repeat(low - np.concatenate([[0], np.cumsum(repeat)[:-1]]), repeat)]
    size, other_size = length.astype(np.int8), other_length.astype(np.int8)
    edits = _EDITS8[np.maximum(size[name], other_size[other])]   # the most either test allows
    near = np.flatnonzero(np.abs(size[name] - other_size[other]) <= edits)
    name, other, edits = name[near], other[near], edits[near]
    near = np.flatnonzero(_few_bits(letters[name] & ~other_letters[other], edits)
                          & _few_bits(other_letters[other] & ~letters[name], edits))
    name, other = name[near], other[near]
    distance = process.cpdist(names[name].tolist(), others[other].tolist(), scorer=Levenshtein.distance,
                              score_cutoff=2, dtype=np.int32)
    first = np.zeros(len(row), dtype=bool)
    first[name[distance <= _EDITS[length[name]]]] = True
    found = np.zeros(len(row), dtype=bool)
    found[name[distance <= _EDITS[np.maximum(length[name], other_length[other])]]] = True
    count_first = np.bincount(row[first], minlength=rows)
    count = np.bincount(row[found], minlength=rows)
    long = ~found & (length > 2 * _RUN_PART)
    reachable = count + np.bincount(row[long], minlength=rows)
    done_first = (count_first == lost_count) | _settled(count_first, enough, lost_count)
    done = done_first | (count == lost_count) | _settled(count, enough, reachable)
    out = np.where(done_first, count_first, count)
    out[other_count == 0] = 0
    for r in np.flatnonzero(~done & (other_count > 0) & (reachable > count)).tolist():
        theirs_names = others[other_start[r]:other_start[r + 1]].tolist()
        whole = set(theirs_names)
        out[r] += sum(_run_together(n, whole, theirs_names) for n in names[(row == r) & long].tolist())
    return out


def _spelled_letters(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_spelled` of packed names, and the letters each holds as bits of an integer."""
    codes = ((packed[..., None] >> _SHIFTS) & np.uint64(31)).astype(np.uint8)
    letters = np.bitwise_or.reduce(np.left_shift(np.uint32(1), codes, dtype=np.uint32), axis=-1) & ~np.uint32(1)
    return _LETTER[codes].view(f"S{NAME_CHARS}")[..., 0], (codes > 0).sum(axis=-1), letters


def _few_bits(bits: np.ndarray, most: np.ndarray) -> np.ndarray:
    """Whether at most `most` (0, 1 or 2) bits are set: none left once the lowest is cleared that often."""
    bits = np.where(most > 0, bits & (bits - np.uint32(1)), bits)
    return np.where(most > 1, bits & (bits - np.uint32(1)), bits) == 0


def _settled(count: np.ndarray, enough: np.ndarray, reachable: np.ndarray) -> np.ndarray:
    """Whether a names count needs no more looking: `enough` found, or fewer than that within reach (NaN: every
    name is to be counted)."""
    return ~np.isnan(enough) & ~((count < enough) & (enough <= reachable))


def _run_together(name: bytes, whole: set, names: list[bytes]) -> bool:
    """Whether `name` is two of `names` run together ("BibleChurch"): a start of it is one of them (`whole`, a
    set), and the rest lies within edits of another's start (a name is cut at NAME_CHARS)."""
    for cut in range(_RUN_PART, len(name) - _RUN_PART + 1):
        if name[:cut] in whole:
            rest = name[cut:]
            allowed = (len(rest) >= 4) + (len(rest) >= 8)
            if any(Levenshtein.distance(rest, second[:len(rest)], score_cutoff=allowed) <= allowed
                   for second in names if len(second) >= _RUN_PART):
                return True
    return False


def same_rows(sketches: Sketches) -> np.ndarray:
    """Each row's first row with the very same sketches (a text repeated word for word): `verify` decides a pair
    of rows as it decides the pair of their first rows, since it reads nothing else."""
    first: dict[int, int] = {}
    same = np.array([first.setdefault(xxhash.xxh3_128_intdigest(row), i)
                     for i, row in enumerate(np.ascontiguousarray(sketches.signatures))], dtype=np.int64)
    alike = (same == np.arange(len(same))) | (
        (sketches.signatures == sketches.signatures[same]).all(axis=1) & (sketches.sizes == sketches.sizes[same])
        & (sketches.names == sketches.names[same]).all(axis=1) & (sketches.bottom == sketches.bottom[same]).all(axis=1))
    return np.where(alike, same, np.arange(len(same)))


def verify(pairs: np.ndarray, sketches: Sketches, jaccard: float = JACCARD, containment: float = CONTAINMENT,
           names: float = NAMES, names_noise: float = NAMES_NOISE, chunk: int = 8192,
           same: np.ndarray | None = None, conflict_share: float = CONFLICTS, skeleton: float = SKELETON
           ) -> np.ndarray:
    """The candidate pairs (rows of `sketches`) that are copies of one another: the text tests on every pair,
    the names of those that pass them compared exactly, and within edits where that is not enough. With `same`
    (`same_rows`), a pair whose two rows' first rows were decided already is not decided again."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if same is not None and len(pairs):
        _, first, back = np.unique(same[pairs[:, 0]] * len(same) + same[pairs[:, 1]], return_index=True,
                                   return_inverse=True)
        if len(first) < len(pairs):
            kept = np.zeros(len(pairs), dtype=bool)
            kept[first] = _copies(pairs[first], sketches, jaccard, containment, names, names_noise, chunk,
                                  conflict_share, skeleton)
            return pairs[kept[first[back.ravel()]]]
    return pairs[_copies(pairs, sketches, jaccard, containment, names, names_noise, chunk, conflict_share, skeleton)]


def copy_links(pairs: np.ndarray, sketches: Sketches, jaccard: float = JACCARD, containment: float = CONTAINMENT,
               names: float = NAMES, names_noise: float = NAMES_NOISE, chunk: int = LINK_CHUNK,
               conflict_share: float = CONFLICTS, skeleton: float = SKELETON) -> np.ndarray:
    """Copy pairs whose connected components are those of `verify`'s, each joining two components of the pairs
    before it (a spanning forest: one pair fewer than its articles per component). Pairs are decided `chunk` at
    a time, in order, and a pair whose two rows the links kept so far have joined is not decided: it could not
    change the components. At 20,000 real-length articles `verify` keeps about four pairs for each one a
    component needs, and deciding a pair that passes the text tests (its names counted) is the dear part."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    decide = _Decider(sketches, jaccard, containment, names, names_noise, conflict_share, skeleton)
    root = np.arange(len(sketches))
    links = [np.zeros((0, 2), dtype=np.int64)]
    for lo in range(0, len(pairs), chunk):
        part = pairs[lo:lo + chunk]
        part = part[_find(root, part[:, 0]) != _find(root, part[:, 1])]
        if len(part):
            links.append(_join(root, part[decide(part)]))
    return np.concatenate(links)


def _find(root: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The root of each of `rows` in the forest `root` (a row's parent, smaller than it; a root its own), and
    those rows pointed at it."""
    top = root[rows]
    while True:
        up = root[top]
        if np.array_equal(up, top):
            break
        top = up
    root[rows] = top
    return top


def _join(root: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """The `pairs` that join two trees of `root`, in joining them: of the pairs whose larger root is one row, the
    first hooks that root under the other's, and the rest are asked again, until each pair's rows share a root."""
    joined = np.zeros(len(pairs), dtype=bool)
    asked = np.arange(len(pairs))
    while len(asked):
        a, b = _find(root, pairs[asked, 0]), _find(root, pairs[asked, 1])
        apart = a != b
        asked, a, b = asked[apart], a[apart], b[apart]
        hooked, first = np.unique(np.maximum(a, b), return_index=True)
        root[hooked] = np.minimum(a, b)[first]
        joined[asked[first]] = True
    return pairs[joined]


def _copies(pairs: np.ndarray, sketches: Sketches, jaccard: float, containment: float, names: float,
            names_noise: float, chunk: int, conflict_share: float = CONFLICTS, skeleton: float = SKELETON
            ) -> np.ndarray:
    """`verify`'s decision on each pair, `chunk` pairs at a time (`_decide`)."""
    decide = _Decider(sketches, jaccard, containment, names, names_noise, conflict_share, skeleton)
    copy = np.zeros(len(pairs), dtype=bool)
    for lo in range(0, len(pairs), chunk):
        copy[lo:lo + chunk] = decide(pairs[lo:lo + chunk])
    return copy


class _Decider:
    """`verify`'s decision on some pairs, with what is built once for all of them (the names filters of
    `_spun`, built on first need)."""

    def __init__(self, sketches: Sketches, jaccard: float, containment: float, names: float, names_noise: float,
                 conflict_share: float, skeleton: float):
        self.sketches, self.jaccard, self.containment, self.names = sketches, jaccard, containment, names
        self.names_noise, self.conflict_share, self.skeleton = names_noise, conflict_share, skeleton
        self.masks: np.ndarray | None = None

    def __call__(self, pairs: np.ndarray) -> np.ndarray:
        """The text tests, the names of those that pass them; then `_spun` of those that fail them."""
        sketches, names, names_noise = self.sketches, self.names, self.names_noise
        jaccard, containment = self.jaccard, self.containment
        noise_of = sketches.noise
        copy = np.zeros(len(pairs), dtype=bool)
        part, at = pairs, np.arange(len(pairs))
        left, right = part[:, 0], part[:, 1]
        j = np.count_nonzero(sketches.signatures[left] == sketches.signatures[right], axis=1) / NUM_PERM
        sizes = sketches.sizes[left], sketches.sizes[right]
        rough = j / (1 + j) * (sizes[0] + sizes[1]) / np.maximum(np.minimum(*sizes), 1)
        misread = 1 - (1 - noise_of[left]) * (1 - noise_of[right])
        alive = (1 - misread) ** SHINGLES_KEPT
        # the cheap tests first: the Jaccard, and the containment read off it far enough below its threshold
        # (ROUGH_MARGIN) that the bottom-k estimate could not clear it; names for what passes
        text = np.flatnonzero((j >= jaccard * alive) & (rough >= containment * alive - ROUGH_MARGIN))
        spin = j >= SPIN_JACCARD
        part, j, misread, alive, at = part[text], j[text], misread[text], alive[text], at[text]
        swap = sketches.sizes[part[:, 0]] > sketches.sizes[part[:, 1]]
        c = _contained_rows(sketches.bottom, sketches.sizes, np.where(swap[:, None], part[:, ::-1], part))
        text = c >= containment * alive
        spin[at[text]] = False
        if self.skeleton <= 1 and spin.any():
            spin = np.flatnonzero(spin)
            self.masks = name_masks(sketches.names) if self.masks is None else self.masks
            copy[spin] = _spun(pairs[spin], sketches, names, self.conflict_share, self.skeleton, self.masks)
        part, j, misread, at = part[text], j[text], misread[text], at[text]
        a, b = sketches.names[part[:, 0]], sketches.names[part[:, 1]]
        shorter = sketches.sizes[part[:, 0]] <= sketches.sizes[part[:, 1]]
        overlap, fewer = names_overlap(a, b, exact=True, a_shorter=shorter)
        apart = np.zeros(len(part), dtype=bool)
        for exact, towards in ((True, False), (False, True), (False, False)):
            # the other direction where one fails; then names within edits, each direction only where the pair is
            # not yet a copy (the text tests are passed already) nor `_told_apart`
            retry = ~facts_hold(j, overlap, fewer, misread, names, names_noise, SHINGLES_KEPT)
            if towards:
                apart[retry] = self._told_apart(a[retry], b[retry])
            retry &= ~apart
            if retry.any():
                need = names - names_noise * misread[retry]
                direction = shorter[retry] if towards else ~shorter[retry]
                _take_better(overlap, fewer, retry, *names_overlap(a[retry], b[retry], exact, need, direction))
        passed = facts_hold(j, overlap, fewer, misread, names, names_noise, SHINGLES_KEPT)
        shouted = sketches.shouted[part[:, 0]], sketches.shouted[part[:, 1]]
        doubt = np.flatnonzero(passed & (overlap < 1) & ~(shouted[0] | shouted[1]))   # a name missing: told alike?
        passed[doubt] = ~two_events(*conflicts(a[doubt], b[doubt]), self.conflict_share)
        apart = np.flatnonzero(shouted[0] ^ shouted[1])   # capitals against running text: their names read apart
        passed[apart] = numbers_kept(a[apart], b[apart]) & facts_hold(   # as a text naming too few names
            j[apart], overlap[apart], np.zeros(len(apart)), misread[apart], names, names_noise, SHINGLES_KEPT)
        copy[at] = passed
        return copy

    def _told_apart(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Which pairs short of the names share, compared exactly, no names within edits can make copies: two
        events told alike (`two_events`), which only names all found in the other text would overrule, and a
        number of each missing from the other (`numbers_kept`), so that they cannot be. Most pairs past the text
        tests whose names fall short are same-template reports of other events, and counting their names within
        edits was the dearest part of verification."""
        apart = ~numbers_kept(a, b)
        apart[apart] = two_events(*conflicts(a[apart], b[apart]), self.conflict_share)
        return apart


def _spun(pairs: np.ndarray, sketches: Sketches, names: float, conflict_share: float, skeleton: float,
          masks: np.ndarray) -> np.ndarray:
    """Which pairs, short of the text tests, are spun copies: the names of one nearly all in the other, compared
    exactly (a spinner keeps every name and number; MIN_NAMES of them at least), no two events told alike
    (`two_events`), and the skeleton of one in the other's (`skeleton_contained`, at least `skeleton`). A
    same-template report of another event keeps the skeleton and fails the names; a hand rewrite keeps the names
    and loses the skeleton with the sentences it re-words."""
    asked = len(pairs)
    alike = np.flatnonzero(_names_may_hold(masks, pairs, names))
    pairs = pairs[alike]
    a, b = sketches.names[pairs[:, 0]], sketches.names[pairs[:, 1]]
    shorter = sketches.sizes[pairs[:, 0]] <= sketches.sizes[pairs[:, 1]]
    overlap, fewer = names_overlap(a, b, exact=True, a_shorter=shorter)
    _take_better(overlap, fewer, overlap < names, *names_overlap(a[overlap < names], b[overlap < names], exact=True,
                                                               a_shorter=~shorter[overlap < names]))
    held = np.flatnonzero((fewer >= MIN_NAMES) & (overlap >= names))
    kept = skeleton_contained(a[held], b[held])
    held, kept = held[kept >= skeleton], kept[kept >= skeleton]
    swap = sketches.sizes[pairs[held, 0]] > sketches.sizes[pairs[held, 1]]
    text = _contained_rows(sketches.bottom, sketches.sizes, np.where(swap[:, None], pairs[held, ::-1], pairs[held]))
    held = held[1 - kept <= SKELETON_LOSS * (1 - text)]
    doubt = held[overlap[held] < 1]
    held = np.setdiff1d(held, doubt[two_events(*conflicts(a[doubt], b[doubt]), conflict_share)])
    out = np.zeros(asked, dtype=bool)
    out[alike[held]] = True
    return out


def name_masks(names: np.ndarray) -> np.ndarray:
    """(n, _MASK_WORDS + 3) uint64, a row per row of `name_sketches`: its names and numbers as bits of a
    _MASK_WORDS * 64-bit filter (the top bits of a name's `_name_order` pick its bit), what they weigh (a number
    twice, as `names_overlap` counts), the bit of the last name its sketch holds (0 for none), and whether the
    sketch is full (it may name more than it holds). _MASK_ROWS rows at a time: the filters' bits, a byte each
    before they are packed, would take 20 MB at 20,000 articles."""
    return np.concatenate([np.zeros((0, _MASK_WORDS + 3), dtype=np.uint64)] + [
        _name_masks(names[lo:lo + _MASK_ROWS]) for lo in range(0, len(names), _MASK_ROWS)])


def _name_masks(names: np.ndarray) -> np.ndarray:
    """`name_masks` of some rows."""
    held = names[:, 1:1 + NAME_SLOTS]
    named = held != _NO_NAME
    row, slot = np.nonzero(named)
    index = np.zeros(held.shape, dtype=np.intp)
    index[row, slot] = (_name_order(held[row, slot]) >> np.uint64(64 - _MASK_BITS)).astype(np.intp)
    bits = np.zeros((len(names), 2 ** _MASK_BITS), dtype=bool)
    bits[row, index[row, slot]] = True
    out = np.empty((len(names), _MASK_WORDS + 3), dtype=np.uint64)
    out[:, :_MASK_WORDS] = np.packbits(bits, axis=1, bitorder="little").view(np.uint64)
    out[:, -3] = np.count_nonzero(named, axis=1) + np.count_nonzero(named & (held >> np.uint64(63)).astype(bool),
                                                                     axis=1)
    out[:, -2] = index.max(axis=1)
    out[:, -1] = named[:, -1]
    return out


def _names_may_hold(masks: np.ndarray, pairs: np.ndarray, names: float) -> np.ndarray:
    """Whether the names of one text of each pair may nearly all be in the other's, in the share `names` asks of
    their weight, by their `name_masks`: a name whose bit the other's filter lacks is missing, and a pair with
    more such bits than that share allows, either way, cannot pass `names_overlap`. Where a sketch is full, only
    the bits below the last either holds count (as `names_overlap` compares names below it). Of the 96,000 pairs
    asked so at 20,000 real-length articles (most of them template twins), 2,300 pass."""
    a, b = masks[pairs[:, 0]], masks[pairs[:, 1]]
    last = np.where((a[:, -1] | b[:, -1]) > 0, np.minimum(a[:, -2], b[:, -2]), 2 ** _MASK_BITS)
    below = last.astype(np.int64)[:, None] - 64 * np.arange(_MASK_WORDS)
    keep = np.where(below >= 64, ~np.uint64(0),
                    (np.uint64(1) << np.clip(below, 0, 63).astype(np.uint64)) - np.uint64(1))
    most = 1 - names + 1e-9
    a_only, b_only = a[:, :_MASK_WORDS] & ~b[:, :_MASK_WORDS] & keep, b[:, :_MASK_WORDS] & ~a[:, :_MASK_WORDS] & keep
    kept_a = np.bitwise_count(a_only).sum(axis=1) <= most * a[:, -3].astype(np.float64)
    kept_b = np.bitwise_count(b_only).sum(axis=1) <= most * b[:, -3].astype(np.float64)
    return kept_a | kept_b


def _take_better(overlap: np.ndarray, fewer: np.ndarray, rows: np.ndarray, other: np.ndarray,
                 other_fewer: np.ndarray) -> None:
    """Where the overlap `other` (in the `rows`) is higher, it and its names count replace the ones held."""
    where = np.flatnonzero(rows)
    better = other > overlap[where]
    overlap[where[better]], fewer[where[better]] = other[better], other_fewer[better]


def is_copy(jaccard: np.ndarray, containment: np.ndarray, overlap: np.ndarray, fewer: np.ndarray,
            misread: np.ndarray | float = 0.0, min_jaccard: float = JACCARD, min_containment: float = CONTAINMENT,
            min_names: float = NAMES, names_noise: float = NAMES_NOISE, shingles_kept: float = SHINGLES_KEPT
            ) -> np.ndarray:
    """The copy decision on `similarity`'s measures and the pair's `noise`: the text thresholds scale with the
    share of shingles the noise leaves, the names threshold falls with the noise (misread names are found less
    often); an article naming too few names must be nearly the same text."""
    alive = (1 - np.asarray(misread)) ** shingles_kept
    return (jaccard >= min_jaccard * alive) & (containment >= min_containment * alive) & facts_hold(
        jaccard, overlap, fewer, misread, min_names, names_noise, shingles_kept)


def facts_hold(jaccard: np.ndarray, overlap: np.ndarray, fewer: np.ndarray, misread: np.ndarray | float = 0.0,
               min_names: float = NAMES, names_noise: float = NAMES_NOISE, shingles_kept: float = SHINGLES_KEPT
               ) -> np.ndarray:
    """`is_copy`'s names test alone: what `verify` asks again of pairs that passed the text tests."""
    alive = (1 - np.asarray(misread)) ** shingles_kept
    names_ok = overlap >= min_names - names_noise * np.asarray(misread)
    return np.where(fewer >= MIN_NAMES, names_ok, jaccard >= FEW_NAMES_JACCARD * alive)


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


def bucket_keys(sketches: Sketches) -> np.ndarray:
    """(n, BANDS + LEAD_BANDS) int64: the whole text's band keys (`band_keys`), then its lead's (`_lead_keys`)."""
    return np.hstack([band_keys(sketches.signatures), sketches.lead_keys])


def copy_candidates(sketches: Sketches, max_bucket: int = MAX_BUCKET) -> np.ndarray:
    """`candidate_pairs` of `bucket_keys`, each bucket's fullest, cleanest member (`hub_rank`) a second hub, the
    whole texts' pairs first and then those only a lead finds: `copy_links` decides pairs in order, and most of
    the leads' join two copies the whole texts joined already."""
    hubs = hub_rank(sketches)
    whole = candidate_pairs(band_keys(sketches.signatures), max_bucket, hubs)
    leads = candidate_pairs(sketches.lead_keys, max_bucket, hubs)
    n = max(len(sketches), 1)
    known, asked = whole[:, 0] * n + whole[:, 1], leads[:, 0] * n + leads[:, 1]   # both ascending
    at = np.minimum(np.searchsorted(known, asked), max(len(known) - 1, 0))
    new = known[at] != asked if len(known) else np.ones(len(asked), dtype=bool)
    return np.concatenate([whole, leads[new]])


def hub_rank(sketches: Sketches) -> np.ndarray:
    """Per row, how well it serves as a bucket's hub, best lowest: minus the shingles its noise leaves it
    (distinct shingles times (1 - noise) ** SHINGLES_KEPT, rounded). The fullest, cleanest member of a bucket is
    the likeliest to hold each of the others: the original beside its trims and its scans. Two scans or two cuts
    of one story lose what both lost, and where a bucket's first member by row was one of them, the clean
    original was checked against that member alone (and its neighbours by row)."""
    return -np.round(sketches.sizes * (1 - sketches.noise) ** SHINGLES_KEPT).astype(np.int64)


def candidate_pairs(keys: np.ndarray, max_bucket: int = MAX_BUCKET, hubs: np.ndarray | None = None) -> np.ndarray:
    """(m, 2) row pairs, first < second, unique: in every bucket the first member with each other, and
    each member with the next (members in row order); given `hubs` (a rank per row, best lowest), each bucket's
    best member (ties: the first) with each other too."""
    codes, pending = np.zeros(0, dtype=np.int64), []
    n = max(len(keys), 1)
    floor = hubs.min() if hubs is not None and len(hubs) else 0
    for order, starts, ends in _buckets(np.asarray(keys), max_bucket, "copy candidates"):
        sizes = ends - starts
        if not len(sizes):
            continue
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        member = np.arange(sizes.sum()) + np.repeat(starts - offsets, sizes)
        first = np.repeat(starts, sizes)
        centres = [first]
        if hubs is not None:   # the smallest (rank, position) of each bucket, as one integer
            ranked = (hubs[order[member]] - floor) * n + member
            centres.append(np.repeat(np.minimum.reduceat(ranked, offsets) % n, sizes))
        later = member[member != first]
        pending.append(_codes(order[later - 1], order[later], n))
        for hub in centres:
            spoke = member != hub
            pending.append(_codes(order[hub[spoke]], order[member[spoke]], n))
        if sum(map(len, pending)) > max(len(codes), n):   # memory holds about twice the unique pairs
            codes, pending = _sorted_unique(np.concatenate([codes, *pending])), []
    codes = _sorted_unique(np.concatenate([codes, *pending]))
    return np.column_stack([codes // n, codes % n])


def _codes(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Each pair of rows as the one integer min * n + max."""
    a, b = a.astype(np.int64), b.astype(np.int64)
    return np.minimum(a, b) * n + np.maximum(a, b)


def _pair_codes(found: list[np.ndarray], n: int) -> np.ndarray:
    """Each pair of rows (not a row with itself) as `_codes` gives it, without repeats."""
    pairs = np.concatenate(found) if found else np.zeros((0, 2), np.int64)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return _sorted_unique(_codes(pairs[:, 0], pairs[:, 1], n))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting (stable: where the values are a few sorted runs laid end to end, it merges them)."""
    values = np.sort(values, kind="stable")
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _unique_pairs(found: list[np.ndarray], n: int) -> np.ndarray:
    codes = _pair_codes(found, n)
    return np.column_stack([codes // max(n, 1), codes % max(n, 1)])


def components(ids, pairs: np.ndarray) -> np.ndarray:
    """Label of each row: the smallest id in its connected component over `pairs` (rows).

    `ids` is a row count (labels are then row numbers) or a sequence of sortable ids.
    """
    ids = np.arange(ids) if isinstance(ids, (int, np.integer)) else np.asarray(ids)
    n = len(ids)
    component = _smallest_rows(n, np.asarray(pairs, dtype=np.int64).reshape(-1, 2))
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(ids, kind="stable")] = np.arange(n)
    smallest = np.full(component.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(smallest, component, rank)
    return np.sort(ids, kind="stable")[smallest[component]]


def _smallest_rows(n: int, pairs: np.ndarray) -> np.ndarray:
    """The smallest row of each row's connected component: the larger of the two roots of each pair that are
    apart hooked to the smaller, every row then pointed at its root, until every pair shares one. In numpy,
    not scipy's connected_components, which costs `wiretrace dedup` 0.16 s to import, more than it runs."""
    root = np.arange(n)
    while len(pairs):
        a, b = root[pairs[:, 0]], root[pairs[:, 1]]
        apart = np.flatnonzero(a != b)
        if not len(apart):
            break
        pairs, a, b = pairs[apart], a[apart], b[apart]
        np.minimum.at(root, np.maximum(a, b), np.minimum(a, b))
        while True:
            up = root[root]
            if np.array_equal(up, root):
                break
            root = up
    return root


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


def name_candidates(profiles: list, days: np.ndarray, names: Mapping[str, int], max_bucket: int = MAX_BUCKET
                    ) -> np.ndarray:
    """(m, 2) row pairs sharing a specific name that is not common among the profiles (`names`: how many give
    each), each row with the latest NAME_NEIGHBOURS earlier rows giving that name, at any distance in time:
    `story_candidates` with a bucket per name and no window."""
    ids: dict[str, int] = {}
    bucket, rows = [], []
    for row, profile in enumerate(profiles):
        for name in rare_names(profile, names, len(profiles)):
            bucket.append(ids.setdefault(name, len(ids)))
            rows.append(row)
    if not rows:
        return np.zeros((0, 2), dtype=np.int64)
    rows = np.array(rows, dtype=np.int64)
    found = story_candidates(np.array(bucket, dtype=np.int64).reshape(-1, 1), np.asarray(days)[rows],
                             window=ANY_DISTANCE, neighbours=NAME_NEIGHBOURS, max_bucket=max_bucket)
    return _unique_pairs([rows[found]], len(profiles))


def all_story_candidates(keys: np.ndarray, days: np.ndarray, profiles: list, names: Mapping[str, int]) -> np.ndarray:
    """`story_candidates` and `name_candidates` together, each pair once."""
    return _unique_pairs([story_candidates(keys, days).reshape(-1, 2), name_candidates(profiles, days, names)],
                         len(profiles))


def rare_names(profile, names: Mapping[str, int], articles: int) -> list[str]:
    """The profile's specific names that weigh something among `articles` (`stories.features.name_weight`)."""
    from .stories.features import name_weight
    from .stories.index import specific_names

    return [n for n in sorted(specific_names(profile)) if name_weight(n, names.get(n, 0), articles) > 0]


def join_probability(pairs: list, names: Mapping[str, int], articles: int, chunk: int = 4096) -> np.ndarray:
    """The online join model's probability that each (Profile, Profile) pair reports one event, names weighed by
    how many of the `articles` give each (`names`), as a store of them would weigh them; `chunk` pairs at a time:
    the feature rows of a million candidate pairs would take gigabytes at once."""
    from .stories.features import NameWeights, feature_matrix, name_rarity
    from .stories.model import join_probability, load

    model, weights = load(), NameWeights(name_rarity(names, articles))
    return np.concatenate([np.zeros(0)] + [join_probability(model, feature_matrix(pairs[i:i + chunk], weights))
                                           for i in range(0, len(pairs), chunk)])


def name_counts(profiles: Iterable) -> Counter:
    """How many of the profiles give each specific name (`stories.index.specific_names`)."""
    from .stories.index import specific_names

    return Counter(name for p in profiles for name in specific_names(p))
