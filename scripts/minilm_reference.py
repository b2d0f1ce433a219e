#!/usr/bin/env python3
"""Independent numpy reference of all-MiniLM-L6-v2 (sentence-transformers).

BERT (6 layers, hidden 384, 12 heads, FFN 1536, exact-erf GELU, LayerNorm
eps 1e-12), mean pooling over real tokens, L2 normalisation. Token ids come
from the `tokenizers` package reading the model's tokenizer.json (padding off,
truncation to 256 tokens). Weights are read by parsing the safetensors header
directly (no torch, no safetensors package needed).

Used to make the Swift encoder's fixtures and as the numpy baseline of
benchmarks/encode_vs_numpy.sh.

Usage:
  scripts/minilm_reference.py [--model-dir DIR] [--dtype float32|float64] < texts   # prints JSON vectors
  scripts/minilm_reference.py --bench FILE [--runs N] [--batch N]                    # prints throughput JSON
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np

MAX_TOKENS = 256


def default_model_dir():
    env = os.environ.get("CITYMATCH_MODEL_DIR")
    if env:
        return env
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "models", "all-minilm-l6-v2")


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": np.float32, "I64": np.int64}[info["dtype"]]
        start, end = info["data_offsets"]
        arr = np.frombuffer(data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize, offset=base + start)
        tensors[name] = arr.reshape(info["shape"])
    return tensors


def load_tokenizer(model_dir):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def erf_approx(x):
    a1, a2, a3, a4, a5, p = 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429, 0.3275911
    s = np.sign(x)
    ax = np.abs(x)
    t = 1.0 / (1.0 + p * ax)
    y = 1.0 - ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t * np.exp(-ax * ax)
    return (s * y).astype(x.dtype)


class MiniLM:
    def __init__(self, model_dir=None, dtype=np.float64):
        model_dir = model_dir or default_model_dir()
        with open(os.path.join(model_dir, "config.json")) as f:
            self.config = json.load(f)
        self.dtype = dtype
        t = load_safetensors(os.path.join(model_dir, "model.safetensors"))
        c = lambda name: np.asarray(t[name], dtype=dtype)
        self.word = c("embeddings.word_embeddings.weight")
        self.pos = c("embeddings.position_embeddings.weight")
        self.type0 = c("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (c("embeddings.LayerNorm.weight"), c("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(self.config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            self.layers.append(dict(
                q=(c(p + "attention.self.query.weight").T.copy(), c(p + "attention.self.query.bias")),
                k=(c(p + "attention.self.key.weight").T.copy(), c(p + "attention.self.key.bias")),
                v=(c(p + "attention.self.value.weight").T.copy(), c(p + "attention.self.value.bias")),
                o=(c(p + "attention.output.dense.weight").T.copy(), c(p + "attention.output.dense.bias")),
                ln1=(c(p + "attention.output.LayerNorm.weight"), c(p + "attention.output.LayerNorm.bias")),
                up=(c(p + "intermediate.dense.weight").T.copy(), c(p + "intermediate.dense.bias")),
                down=(c(p + "output.dense.weight").T.copy(), c(p + "output.dense.bias")),
                ln2=(c(p + "output.LayerNorm.weight"), c(p + "output.LayerNorm.bias")),
            ))
        self.heads = self.config["num_attention_heads"]
        self.eps = self.config["layer_norm_eps"]
        self.tokenizer = load_tokenizer(model_dir)
        # float64 (fixtures): exact math.erf per element. float32 (benchmarks):
        # a vectorised approximation (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7),
        # since per-element math.erf would make the numpy baseline unfairly slow.
        if dtype == np.float64:
            self._erf = np.vectorize(math.erf, otypes=[np.float64])
        else:
            self._erf = erf_approx

    def layer_norm(self, x, wb):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.eps) * wb[0] + wb[1]

    def gelu(self, x):
        return 0.5 * x * (1.0 + self._erf(x / math.sqrt(2.0)).astype(x.dtype))

    def forward(self, ids_batch):
        """ids_batch: list of id lists. Padded batch with attention mask."""
        B = len(ids_batch)
        L = max(len(ids) for ids in ids_batch)
        ids = np.zeros((B, L), dtype=np.int64)
        mask = np.zeros((B, L), dtype=self.dtype)
        for b, seq in enumerate(ids_batch):
            ids[b, :len(seq)] = seq
            mask[b, :len(seq)] = 1
        x = self.word[ids] + self.pos[:L][None] + self.type0
        x = self.layer_norm(x, self.emb_ln)
        H = self.heads
        D = x.shape[-1] // H
        neg = np.where(mask > 0, 0.0, -1e30).astype(self.dtype)[:, None, None, :]
        for ly in self.layers:
            q = (x @ ly["q"][0] + ly["q"][1]).reshape(B, L, H, D).transpose(0, 2, 1, 3)
            k = (x @ ly["k"][0] + ly["k"][1]).reshape(B, L, H, D).transpose(0, 2, 1, 3)
            v = (x @ ly["v"][0] + ly["v"][1]).reshape(B, L, H, D).transpose(0, 2, 1, 3)
            s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(D) + neg
            s = s - s.max(-1, keepdims=True)
            p = np.exp(s)
            p /= p.sum(-1, keepdims=True)
            ctx = (p @ v).transpose(0, 2, 1, 3).reshape(B, L, H * D)
            x = self.layer_norm(ctx @ ly["o"][0] + ly["o"][1] + x, ly["ln1"])
            h = self.gelu(x @ ly["up"][0] + ly["up"][1])
            x = self.layer_norm(h @ ly["down"][0] + ly["down"][1] + x, ly["ln2"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def ids(self, texts):
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts, batch_size=32):
        all_ids = self.ids(texts)
        order = sorted(range(len(texts)), key=lambda i: len(all_ids[i]))
        out = np.zeros((len(texts), self.word.shape[1]), dtype=self.dtype)
        for s in range(0, len(order), batch_size):
            chunk = order[s:s + batch_size]
            out[chunk] = self.forward([all_ids[i] for i in chunk])
        return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", default=None)
    ap.add_argument("--dtype", default="float64", choices=["float32", "float64"])
    ap.add_argument("--bench", metavar="FILE", help="texts file, one per line: print throughput JSON")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    if args.bench:
        model = MiniLM(args.model_dir, np.float32)
        with open(args.bench, encoding="utf-8") as f:
            texts = [line.rstrip("\n") for line in f if line.strip()]
        tokens = sum(len(i) for i in model.ids(texts))
        model.encode(texts[: min(len(texts), 64)], args.batch)  # warm-up
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            model.encode(texts, args.batch)
            times.append(time.perf_counter() - t0)
        med = sorted(times)[len(times) // 2]
        print(json.dumps({"texts": len(texts), "tokens": tokens, "seconds": med,
                          "tokens_per_s": tokens / med, "texts_per_s": len(texts) / med}))
        return
    model = MiniLM(args.model_dir, np.float32 if args.dtype == "float32" else np.float64)
    texts = [line.rstrip("\n") for line in sys.stdin]
    for row in model.encode(texts):
        print(json.dumps([float(v) for v in row]))


if __name__ == "__main__":
    main()
