"""What every method reference shares: the fixture paths, the ProReg loss, the optimisers and the JSON
writer. The loss follows BeierZhu/ProReg `vilt/modules/losses.py` (commit 102ff0b, `xERM`, the active
one); the optimisers are torch.optim's AdamW and SGD as the official recipes configure them."""

from __future__ import annotations

import json
import os

import torch
import torch.nn.functional as F

SHARED = os.environ.get("PROREG_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
FIXTURES = os.path.join(SHARED, "fixtures")
TINY_CLIP = os.path.join(FIXTURES, "clip", "tiny-clip-b32")
IMAGES = os.path.join(FIXTURES, "clip", "tiny-clip-b32-reference", "images")


def trajectory_setup() -> dict:
    """Images, classes, template and labels of proreg-trajectories.json (its first run)."""
    with open(os.path.join(FIXTURES, "proreg-trajectories.json"), encoding="utf8") as f:
        run = json.load(f)["runs"][0]
    return {k: run[k] for k in ("images", "classes", "template", "labels")}


def proreg_loss(stu: torch.Tensor, tea: torch.Tensor, label: torch.Tensor, alpha: float = 1.0, T: float = 1.0):
    """xERM of losses.py: per-sample CE, the distillation term and the detached trade-off weight."""
    xe_s = F.cross_entropy(stu, label, reduction="none")
    xe_t = F.cross_entropy(tea, label, reduction="none")
    kd = (-F.softmax(tea / T, -1) * F.log_softmax(stu / T, -1) * T * T).sum(1)
    p_s = torch.exp(-xe_s)
    p_t = torch.exp(-10 * xe_t)
    w = (p_t / (p_s + p_t + 1e-5)).detach()
    return ((1 - w) * xe_s).mean() + alpha * (w * kd).mean()


def ce_loss(stu: torch.Tensor, tea: torch.Tensor, label: torch.Tensor, alpha: float = 1.0, T: float = 1.0):
    return F.cross_entropy(stu, label)


def optimizer(kind: str, params: list[torch.Tensor], lr: float, weight_decay: float):
    """AdamW as ProReg's vilt_utils.set_schedule builds it, or SGD with Dassl's defaults (CoOp)."""
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.98), eps=1e-8, weight_decay=weight_decay)
    return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=weight_decay, dampening=0, nesterov=False)


def run_steps(opt, logits, loss_fn, teacher: torch.Tensor, labels: torch.Tensor, steps: int, before_step=None) -> list:
    """`steps` optimiser steps on the full batch; the loss before each, to 9 significant digits.
    `before_step(step)`, where given, runs first in each step (a learning-rate schedule)."""
    losses = []
    for step in range(steps):
        if before_step is not None:
            before_step(step)
        loss = loss_fn(logits(), teacher, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(f"{loss.item():.9g}"))
    return losses


def rounded(t: torch.Tensor):
    """Values as nested lists, 9 significant digits (float32 round-trips exactly)."""
    v = t.detach().tolist()
    fix = lambda x: [fix(y) for y in x] if isinstance(x, list) else float(f"{x:.9g}")
    return fix(v)


def write(path: str, data: dict) -> None:
    with open(path, "w", encoding="utf8") as f:
        json.dump(data, f)
        f.write("\n")
