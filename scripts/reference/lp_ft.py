#!/usr/bin/env python3
"""Reference runs of LP-FT on tiny-clip-b32, written to lp_ft.json beside this file.

LP-FT (Kumar et al., "Fine-Tuning can Distort Pretrained Features and Underperform Out-of-Distribution",
ICLR 2022; code AnanyaKumar/transfer_learning, commit 13c3e2b): a linear probe first, then fine-tuning of
the encoder that starts from the probed head. Here both phases use the studio's head, as PROREG.md
defines it for the linear probe and fine-tuning: a cosine head exp(s) * norm(f) @ norm(W)^T with W from
the prompt embeddings and s from the checkpoint; the probe trains W and s, fine-tuning trains the whole
image encoder, W and s, each phase with a fresh AdamW (betas 0.9/0.98, eps 1e-8, no decay on biases).
The loss is cross-entropy, or ProReg's xERM (BeierZhu/ProReg vilt/modules/losses.py, 102ff0b) in both
phases with the switch on.

    /usr/bin/python3 scripts/reference/lp_ft.py
"""

from __future__ import annotations

import os

import torch

from common import IMAGES, TINY_CLIP, ce_loss, proreg_loss, rounded, run_steps, trajectory_setup, write
from tiny_clip import Clip, load_pixels, normalize

PROBE_STEPS, FT_STEPS = 5, 5
LR_HEAD, LR_ENCODER, WEIGHT_DECAY = 0.01, 1e-4, 0.01


def adamw(named: dict, lr: float):
    decay = [p for n, p in named.items() if not n.endswith("bias")]
    no_decay = [p for n, p in named.items() if n.endswith("bias")]
    groups = [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.98), eps=1e-8)


def main() -> None:
    setup = trajectory_setup()
    pixels = load_pixels(IMAGES, setup["images"])
    labels = torch.tensor(setup["labels"])
    out = {"source": __doc__.strip().split("\n\n")[1], **setup, "steps": PROBE_STEPS + FT_STEPS, "probe_steps": PROBE_STEPS,
           "lr_head": LR_HEAD, "lr_encoder": LR_ENCODER, "weight_decay": WEIGHT_DECAY, "runs": []}
    for loss_name in ("ce", "proreg"):
        clip = Clip(TINY_CLIP)
        with torch.no_grad():
            w0 = clip.encode_text([setup["template"].replace("{}", c) for c in setup["classes"]])
            teacher = clip.logit_scale.exp() * normalize(clip.encode_image(pixels)) @ normalize(w0).t()
        W = torch.nn.Parameter(w0.clone())
        s = torch.nn.Parameter(clip.logit_scale.clone())
        loss_fn = proreg_loss if loss_name == "proreg" else ce_loss
        logits = lambda: s.exp() * normalize(clip.encode_image(pixels)) @ normalize(W).t()
        losses = []
        # Phase 1, the probe: the encoder frozen.
        opt = adamw({"W": W, "s": s}, LR_HEAD)
        losses += run_steps(opt, logits, loss_fn, teacher, labels, PROBE_STEPS)
        # Phase 2, fine-tuning from the probed head: every vision weight trains too.
        vision = {k: v for k, v in clip.w.items() if (k.startswith("vision_model.") or k == "visual_projection.weight") and v.is_floating_point()}
        for v in vision.values():
            v.requires_grad_(True)
        groups = [
            {"params": [p for n, p in vision.items() if not n.endswith("bias")], "weight_decay": WEIGHT_DECAY, "lr": LR_ENCODER},
            {"params": [p for n, p in vision.items() if n.endswith("bias")], "weight_decay": 0.0, "lr": LR_ENCODER},
            {"params": [W, s], "weight_decay": WEIGHT_DECAY, "lr": LR_HEAD},
        ]
        opt = torch.optim.AdamW(groups, betas=(0.9, 0.98), eps=1e-8)
        losses += run_steps(opt, logits, loss_fn, teacher, labels, FT_STEPS)
        with torch.no_grad():
            final = logits()
        out["runs"].append({"name": f"lp-ft-{loss_name}", "loss": loss_name, "loss_trajectory": losses, "final_logits": rounded(final)})
        print(f"lp-ft-{loss_name}: {' '.join(f'{l:.4f}' for l in losses)}")
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "lp_ft.json"), out)


if __name__ == "__main__":
    main()
