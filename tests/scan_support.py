"""A scanner's misreadings and a subeditor's cuts, for the tests of copies through noise."""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate  # noqa: E402


def scanner_reading(text: str, rate: float, seed: int) -> str:
    """A scanner's reading at a character error rate of `rate`: a letter it confuses swapped (e -> c, l -> 1,
    m -> rn, h -> b, o -> 0, s -> 5) two times in three, otherwise dropped or read as another letter."""
    rng = random.Random(seed)
    swaps = {"e": "c", "l": "1", "m": "rn", "h": "b", "o": "0", "s": "5"}
    out = []
    for c in text:
        r = rng.random()
        if r >= rate or not c.isalnum():
            out.append(c)
        elif c in swaps and r < rate * 2 / 3:
            out.append(swaps[c])
        else:
            out.append("" if rng.random() < 0.5 else rng.choice("abcdefghijklmnopqrstuvwxyz"))
    return "".join(out)


def trim(text: str, keep: int) -> str:
    """The first `keep` paragraphs."""
    return "\n\n".join(text.split("\n\n")[:keep])


def column(text: str, width: int, seed: int) -> str:
    """`text` set in a newspaper column of about `width` characters a line, as the generator sets it."""
    return generate.set_in_column(text, random.Random(seed), width)
