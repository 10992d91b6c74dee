"""A float32 PyTorch CLIP for the method references: weights from a Hugging Face CLIP folder
(model.safetensors), the forward pass as openai/CLIP `clip/model.py` (commit d05afc4) computes it, and
the BPE of `clip/simple_tokenizer.py` for plain ASCII text. Only what the reference scripts need.

Run with Debian's interpreter (/usr/bin/python3, python3-torch)."""

from __future__ import annotations

import json
import os
import re
import struct

import torch
import torch.nn.functional as F

DTYPES = {"F16": torch.float16, "F32": torch.float32, "I64": torch.int64}


def read_safetensors(path: str) -> dict[str, torch.Tensor]:
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        a, b = spec["data_offsets"]
        buf = bytearray(raw[base + a : base + b])
        t = torch.frombuffer(buf, dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"]) if b > a else torch.zeros(spec["shape"], dtype=DTYPES[spec["dtype"]])
        out[name] = t.clone().float() if t.is_floating_point() else t.clone()
    return out


def bytes_to_unicode() -> dict[int, str]:
    """The byte -> printable character table of GPT-2 / CLIP BPE."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = keep[:]
    extra = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(keep, map(chr, chars)))


class Tokenizer:
    """CLIP's BPE for lower-case ASCII words and punctuation (all the references use)."""

    def __init__(self, folder: str):
        with open(os.path.join(folder, "vocab.json"), encoding="utf8") as f:
            self.vocab = json.load(f)
        with open(os.path.join(folder, "merges.txt"), encoding="utf8") as f:
            lines = [l for l in f.read().split("\n")[1:] if l]
        self.ranks = {tuple(l.split()): i for i, l in enumerate(lines)}
        self.byte_enc = bytes_to_unicode()
        self.sot = self.vocab["<|startoftext|>"]
        self.eot = self.vocab["<|endoftext|>"]

    def bpe(self, token: str) -> list[str]:
        word = list(token[:-1]) + [token[-1] + "</w>"]
        while len(word) > 1:
            pairs = [(word[i], word[i + 1]) for i in range(len(word) - 1)]
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            merged, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                    merged.append(word[i] + word[i + 1])
                    i += 2
                else:
                    merged.append(word[i])
                    i += 1
            word = merged
        return word

    def encode(self, text: str) -> list[int]:
        assert text.isascii(), "this reference tokenizer handles ASCII text only"
        text = re.sub(r"\s+", " ", text).strip().lower()
        ids = []
        for piece in re.findall(r"'s|'t|'re|'ve|'m|'ll|'d|[a-z]+|[0-9]|[^\sa-z0-9]+", text):
            ids += [self.vocab[t] for t in self.bpe("".join(self.byte_enc[b] for b in piece.encode()))]
        return ids

    def tokenize(self, text: str, length: int = 77) -> torch.Tensor:
        """clip.tokenize: start, ids, end, zero-padded to `length`."""
        ids = [self.sot] + self.encode(text) + [self.eot]
        assert len(ids) <= length
        return torch.tensor(ids + [0] * (length - len(ids)))


class Clip:
    """The two towers of a Hugging Face CLIP folder, float32, frozen."""

    def __init__(self, folder: str):
        with open(os.path.join(folder, "config.json"), encoding="utf8") as f:
            self.config = json.load(f)
        self.w = read_safetensors(os.path.join(folder, "model.safetensors"))
        self.tokenizer = Tokenizer(folder)
        self.logit_scale = self.w["logit_scale"]

    def _block(self, pre: str, x: torch.Tensor, heads: int, eps: float, mask: torch.Tensor | None) -> torch.Tensor:
        w = self.w
        B, N, D = x.shape
        h = F.layer_norm(x, (D,), w[f"{pre}.layer_norm1.weight"], w[f"{pre}.layer_norm1.bias"], eps)
        q, k, v = (F.linear(h, w[f"{pre}.self_attn.{n}_proj.weight"], w[f"{pre}.self_attn.{n}_proj.bias"]) for n in "qkv")
        split = lambda t: t.reshape(B, N, heads, D // heads).transpose(1, 2)  # [B, H, N, h]
        scores = split(q) @ split(k).transpose(-1, -2) / (D // heads) ** 0.5
        if mask is not None:
            scores = scores + mask
        a = (scores.softmax(-1) @ split(v)).transpose(1, 2).reshape(B, N, D)
        x = x + F.linear(a, w[f"{pre}.self_attn.out_proj.weight"], w[f"{pre}.self_attn.out_proj.bias"])
        h = F.layer_norm(x, (D,), w[f"{pre}.layer_norm2.weight"], w[f"{pre}.layer_norm2.bias"], eps)
        h = F.linear(h, w[f"{pre}.mlp.fc1.weight"], w[f"{pre}.mlp.fc1.bias"])
        h = h * torch.sigmoid(1.702 * h)  # quick_gelu
        return x + F.linear(h, w[f"{pre}.mlp.fc2.weight"], w[f"{pre}.mlp.fc2.bias"])

    def encode_image(self, pixels: torch.Tensor) -> torch.Tensor:
        """[B,3,S,S] normalised pixels -> projected image features [B,E]."""
        c, w = self.config["vision_config"], self.w
        pre = "vision_model"
        x = F.conv2d(pixels, w[f"{pre}.embeddings.patch_embedding.weight"], stride=c["patch_size"])  # [B, D, g, g]
        x = x.flatten(2).transpose(1, 2)  # [B, g*g, D]
        cls = w[f"{pre}.embeddings.class_embedding"].expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], 1) + w[f"{pre}.embeddings.position_embedding.weight"]
        x = F.layer_norm(x, (x.shape[-1],), w[f"{pre}.pre_layrnorm.weight"], w[f"{pre}.pre_layrnorm.bias"], c["layer_norm_eps"])
        for i in range(c["num_hidden_layers"]):
            x = self._block(f"{pre}.encoder.layers.{i}", x, c["num_attention_heads"], c["layer_norm_eps"], None)
        x = F.layer_norm(x[:, 0], (x.shape[-1],), w[f"{pre}.post_layernorm.weight"], w[f"{pre}.post_layernorm.bias"], c["layer_norm_eps"])
        return x @ w["visual_projection.weight"].t()

    def token_embedding(self, ids: torch.Tensor) -> torch.Tensor:
        return self.w["text_model.embeddings.token_embedding.weight"][ids]

    def encode_text_embeddings(self, x: torch.Tensor, eot_index: torch.Tensor) -> torch.Tensor:
        """Token embeddings [C,L,D] (prompt learners build them) -> projected text features [C,E], pooled
        at eot_index: CoOp's TextEncoder.forward."""
        c, w = self.config["text_config"], self.w
        L = x.shape[1]
        x = x + w["text_model.embeddings.position_embedding.weight"][:L]
        mask = torch.full((L, L), float("-inf")).triu(1)
        for i in range(c["num_hidden_layers"]):
            x = self._block(f"text_model.encoder.layers.{i}", x, c["num_attention_heads"], c["layer_norm_eps"], mask)
        x = F.layer_norm(x, (x.shape[-1],), w["text_model.final_layer_norm.weight"], w["text_model.final_layer_norm.bias"], c["layer_norm_eps"])
        return x[torch.arange(x.shape[0]), eot_index] @ w["text_projection.weight"].t()

    def encode_text(self, texts: list[str]) -> torch.Tensor:
        ids = torch.stack([self.tokenizer.tokenize(t) for t in texts])
        return self.encode_text_embeddings(self.token_embedding(ids), ids.argmax(-1))


def normalize(x: torch.Tensor) -> torch.Tensor:
    return x / x.norm(dim=-1, keepdim=True)


def load_pixels(folder: str, names: list[str]) -> torch.Tensor:
    return torch.stack([torch.frombuffer(bytearray(open(os.path.join(folder, f"{n}.pixels.f32"), "rb").read()), dtype=torch.float32).reshape(3, 224, 224) for n in names])
