"""Is sentence B a paraphrase of sentence A? A logistic model over `features.FEATURES`.

The weights in `paraphrase_model.json` were fitted on the MRPC training file by
`evaluation/paraphrase.py` (which also reports test accuracy and F1).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..logistic import LogisticModel
from .features import FEATURES

MODEL_FILE = Path(__file__).with_name("paraphrase_model.json")


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> LogisticModel:
    return LogisticModel.load(path, FEATURES)
