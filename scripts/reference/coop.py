#!/usr/bin/env python3
"""Reference trajectories of CoOp on tiny-clip-b32, written to coop.json beside this file.

A line-by-line port of the prompt learner and text encoder of KaiyangZhou/CoOp `trainers/coop.py`
(commit ff61507: PromptLearner with class token position "end", TextEncoder, CustomCLIP, the CE step of
forward_backward) and of the class-specific learner of BeierZhu/ProReg `vilt/modules/heads.py` (commit
102ff0b, class CoOp: SOS, 16 context vectors, then the class name's tokens, pooled 16 places after the
end token) on a float32 CLIP (tiny_clip.py). The image encoder and the text tower are frozen; only the
context vectors train. Every run starts from context vectors drawn here and stored in the file.

    /usr/bin/python3 scripts/reference/coop.py
"""

from __future__ import annotations

import os

import torch

from common import IMAGES, TINY_CLIP, ce_loss, optimizer, proreg_loss, rounded, trajectory_setup, write
from tiny_clip import Clip, load_pixels, normalize

STEPS = 10

RUNS = [
    # CoOp's default: one generic context of M random vectors (std 0.02), CE, here with AdamW.
    dict(name="unified-random-adamw", layout="coop", context="unified", tokens=4, init="random", optimizer="adamw", lr=0.01, weight_decay=0.01, loss="ce"),
    # Context from a phrase ("a photo of a": M = 4 words), CoOp's own SGD (momentum 0.9, weight decay 5e-4).
    dict(name="unified-phrase-sgd", layout="coop", context="unified", tokens=4, init="a photo of a", optimizer="sgd", lr=0.05, weight_decay=5e-4, loss="ce"),
    # Class-specific context (CoOp's CSC), random, with the ProReg term toward the zero-shot teacher.
    dict(name="class-random-proreg", layout="coop", context="class", tokens=4, init="random", optimizer="adamw", lr=0.01, weight_decay=0.01, loss="proreg"),
    # The official ProReg code's coop_finetune: 16 class-specific vectors, randn / sqrt(D), no period.
    dict(name="proreg-layout", layout="proreg", context="class", tokens=16, init="random", optimizer="adamw", lr=0.01, weight_decay=0.01, loss="ce"),
]


def coop_prompts(clip: Clip, classes: list[str], run: dict, gen: torch.Generator):
    """PromptLearner.__init__: initial context, frozen prefix/suffix embeddings and the end-token index."""
    D = clip.w["text_model.final_layer_norm.weight"].shape[0]
    M = run["tokens"]
    tok = clip.tokenizer
    if run["init"] != "random":
        phrase = run["init"].replace("_", " ")
        M = len(phrase.split(" "))
        ctx = clip.token_embedding(tok.tokenize(phrase)[None])[0, 1 : 1 + M, :].clone()  # [M, D]
        if run["context"] == "class":
            ctx = ctx[None].repeat(len(classes), 1, 1)
        prefix = phrase
    else:
        shape = (len(classes), M, D) if run["context"] == "class" else (M, D)
        ctx = torch.empty(shape).normal_(0, 0.02, generator=gen)  # nn.init.normal_(std=0.02)
        prefix = " ".join(["X"] * M)
    ids = torch.stack([tok.tokenize(f"{prefix} {c}.") for c in classes])  # [C, 77]
    emb = clip.token_embedding(ids)
    return ctx, emb[:, :1, :], emb[:, 1 + M :, :], ids.argmax(-1)


def proreg_prompts(clip: Clip, classes: list[str], run: dict, gen: torch.Generator):
    """heads.CoOp.__init__: the class names alone, context after SOS, the tail cut to keep 77 tokens."""
    M = run["tokens"]
    ids = torch.stack([clip.tokenizer.tokenize(c) for c in classes])  # [C, 77]
    emb = clip.token_embedding(ids)
    D = emb.shape[2]
    ctx = torch.randn(len(classes), M, D, generator=gen) / D**0.5
    return ctx, emb[:, :1, :], emb[:, 1:-M, :], ids.argmax(-1) + M


def logits_of(clip: Clip, image_features: torch.Tensor, ctx, prefix, suffix, eot):
    """CustomCLIP.forward with the frozen image features: cosine logits over the learned prompts."""
    c = ctx if ctx.dim() == 3 else ctx[None].expand(prefix.shape[0], -1, -1)
    text = clip.encode_text_embeddings(torch.cat([prefix, c, suffix], 1), eot)
    return clip.logit_scale.exp() * normalize(image_features) @ normalize(text).t()


def main() -> None:
    setup = trajectory_setup()
    clip = Clip(TINY_CLIP)
    with torch.no_grad():
        features = clip.encode_image(load_pixels(IMAGES, setup["images"]))
        zero_shot = clip.encode_text([setup["template"].replace("{}", c) for c in setup["classes"]])
        teacher = clip.logit_scale.exp() * normalize(features) @ normalize(zero_shot).t()
    labels = torch.tensor(setup["labels"])
    out = {"source": __doc__.strip().split("\n\n")[1], **setup, "steps": STEPS, "runs": []}
    for i, run in enumerate(RUNS):
        gen = torch.Generator().manual_seed(1000 + i)
        build = proreg_prompts if run["layout"] == "proreg" else coop_prompts
        ctx0, prefix, suffix, eot = build(clip, setup["classes"], run, gen)
        ctx = torch.nn.Parameter(ctx0.clone())
        opt = optimizer(run["optimizer"], [ctx], run["lr"], run["weight_decay"])
        loss_fn = proreg_loss if run["loss"] == "proreg" else ce_loss
        losses, grad0 = [], None
        for step in range(STEPS):
            loss = loss_fn(logits_of(clip, features, ctx, prefix, suffix, eot), teacher, labels)
            opt.zero_grad()
            loss.backward()
            if step == 0:
                grad0 = ctx.grad.detach().clone()
            opt.step()
            losses.append(float(f"{loss.item():.9g}"))
        with torch.no_grad():
            final = logits_of(clip, features, ctx, prefix, suffix, eot)
        init = ctx0 if ctx0.dim() == 3 else ctx0[None]  # [1 or C, M, D], the --init layout
        grad = grad0 if grad0.dim() == 3 else grad0[None]
        out["runs"].append({**run, "init_ctx": rounded(init), "loss_trajectory": losses, "grad_ctx_step0": rounded(grad), "final_logits": rounded(final)})
        print(f"{run['name']}: loss {losses[0]:.4f} -> {losses[-1]:.4f}", flush=True)
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "coop.json"), out)


if __name__ == "__main__":
    main()
