#!/usr/bin/env python3
"""Reference runs of FLYP on tiny-clip-b32, written to flyp.json beside this file.

FLYP, "Finetune like you pretrain" (Goyal et al., CVPR 2023): a line-by-line port of locuslab/FLYP
`src/models/flyp_loss.py` (the training loop of flyp_loss) and `clip/loss.py` (ClipLoss.forward with
world_size 1 and no ground labels), commit 215d5bb: each image is paired with the caption of its class
(the template filled with the class name, one text per image of the batch, as the csv of
`datacreation_scripts/imagenet_csv_creator.py` pairs them), both towers encode, features are normalised
(clip/model.py CLIP.forward), logits_per_image = exp(logit_scale) * I @ T^T, logits_per_text =
exp(logit_scale) * T @ I^T, and the loss is the mean of the two cross-entropies toward the diagonal.
Every trained parameter, the logit scale included, is in one torch.optim.AdamW(lr, weight_decay=wd) with
PyTorch's betas and eps (no parameter is exempt from decay). Evaluation is get_zeroshot_classifier of
`src/models/zeroshot.py`: the class prompts through the fine-tuned text tower, normalised, times the
fine-tuned exp(logit_scale), against normalised image features. The images are not augmented. The
learning rate is held constant, except in the runs that name a schedule: there it follows FLYP's
cosine_lr of `src/models/utils.py` (ported line by line below, min_lr 0), called with the step before each
forward pass as flyp_loss.py calls it. `schedules` holds the rate cosine_lr assigns to an AdamW's param
group at every step of a few runs (warm-up longer than, shorter than and equal to none of the run).

With several templates (the runs that name `templates`), FLYP's csv holds one row per image and template
(`datacreation_scripts/imagenet_csv_creator.py`: for each image, `for t in template`), and flyp_loss.py
takes its batches from a shuffling DataLoader over those rows (`src/datasets/laion.py` get_csv_dataset:
shuffle, drop_last False) whose iterator runs on across epochs and is restarted, reshuffled, when
exhausted; an epoch is as many steps as the images alone make (len(dataset.train_loader)). So step s takes
the next batch of a stream of passes over the N*K (image, template) pairs, the last batch of a pass short
where N*K is not a multiple of the batch. The one departure: each pass's shuffle is drawn from the studio's
seeded generator (mulberry32 and Fisher-Yates, the exported project's seeded.py), so that the engine can
draw the same pairs from the run's seed. A batch's captions are its pairs' prompts; ProReg's teacher and
the student's class logits use get_zeroshot_classifier's template average (each prompt normalised,
averaged over templates, normalised again).

Which parameters train follows the studio's scope, on both towers alike: `full` every weight of both
towers (the token and position tables included); `last-K` the last K blocks of each tower plus what
follows them (vision post-LN and projection; text final LN and projection); `head` the text tower's final
LN and projection. The logit scale always trains.

With the ProReg switch, the per-sample FLYP loss (the two cross-entropies of sample i, averaged) takes
the place of the cross-entropy in ProReg's xERM (BeierZhu/ProReg `vilt/modules/losses.py`, 102ff0b):
mean((1 - w) * flyp) + alpha * mean(w * kd), where kd and the detached weight w compare the student's
zero-shot head (the fine-tuned towers' class logits) with the frozen pretrained zero-shot teacher.

    /usr/bin/python3 scripts/reference/flyp.py
"""

from __future__ import annotations

import os

import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

from common import IMAGES, TINY_CLIP, rounded, run_steps, trajectory_setup, write
from tiny_clip import Clip, load_pixels, normalize

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "train", "export-torch", "project"))
from seeded import make_rng, shuffled  # noqa: E402  the studio's seeded generator, bit for bit

STEPS = 10
LR, WEIGHT_DECAY, ALPHA = 1e-4, 0.1, 1.0

RUNS = [
    dict(name="flyp-full", scope="full", loss="flyp"),
    dict(name="flyp-full-proreg", scope="full", loss="proreg"),
    dict(name="flyp-last-1", scope="last-1", loss="flyp"),
    dict(name="flyp-head-proreg", scope="head", loss="proreg"),
    dict(name="flyp-last-1-cosine", scope="last-1", loss="flyp", schedule=dict(kind="cosine", warmup_steps=3)),
    dict(name="flyp-last-1-templates", scope="last-1", loss="flyp", templates=["a photo of a {}.", "a blurry photo of a {}.", "a sketch of a {}."]),
    dict(name="flyp-head-proreg-templates", scope="head", loss="proreg", templates=["a photo of a {}.", "itap of a {}."]),
]
SEED = 0


def paired_batch(n: int, K: int, batch: int, seed: int, step: int) -> list:
    """The (image, template) pairs of `step`: passes over the n*K csv rows, each shuffled from the seed."""
    per_pass = math.ceil(n * K / batch)
    pass_, b = divmod(step, per_pass)
    order = shuffled(range(n * K), make_rng(seed * 1000003 + 500009 + pass_))
    return [(q // K, q % K) for q in order[b * batch:(b + 1) * batch]]

# (base rate, warm-up steps, steps): FLYP's own 500 of 1200, a short warm-up, none, and one past the run.
SCHEDULES = [(1e-5, 500, 1200), (1e-4, 3, 10), (3e-4, 0, 7), (2e-5, 12, 10)]


# locuslab/FLYP src/models/utils.py (215d5bb), line by line.
def assign_learning_rate(param_group, new_lr):
    param_group["lr"] = new_lr


def _warmup_lr(base_lr, warmup_length, step):
    return base_lr * (step + 1) / warmup_length


def cosine_lr(optimizer, base_lrs, warmup_length, steps, min_lr=0.0):
    if not isinstance(base_lrs, list):
        base_lrs = [base_lrs for _ in optimizer.param_groups]
    assert len(base_lrs) == len(optimizer.param_groups)

    def _lr_adjuster(step):
        for param_group, base_lr in zip(optimizer.param_groups, base_lrs):
            if step < warmup_length:
                lr = _warmup_lr(base_lr, warmup_length, step)
            else:
                e = step - warmup_length
                es = steps - warmup_length
                lr = 0.5 * (1 + np.cos(np.pi * e / es)) * base_lr + min_lr
            assign_learning_rate(param_group, lr)

    return _lr_adjuster


def schedule_rates(base_lr: float, warmup: int, steps: int) -> list:
    """The rate cosine_lr assigns to an AdamW's param group before each of `steps` steps."""
    opt = torch.optim.AdamW([torch.zeros(1, requires_grad=True)], lr=base_lr)
    scheduler = cosine_lr(opt, base_lr, warmup, steps)
    rates = []
    for step in range(steps):
        scheduler(step)
        rates.append(float(opt.param_groups[0]["lr"]))
    return rates


def trained_names(clip: Clip, scope: str) -> list[str]:
    """The parameters a scope trains, by Hugging Face name (floating point only: position_ids stay)."""
    names = []
    vc, tc = clip.config["vision_config"], clip.config["text_config"]
    for name, t in clip.w.items():
        if not t.is_floating_point() or name == "logit_scale":
            continue
        if scope == "full":
            keep = name.startswith(("vision_model.", "text_model.")) or name in ("visual_projection.weight", "text_projection.weight")
        elif scope == "head":
            keep = name.startswith("text_model.final_layer_norm.") or name == "text_projection.weight"
        else:
            k = int(scope.split("-")[1])
            block = lambda pre, layers: any(name.startswith(f"{pre}.encoder.layers.{i}.") for i in range(layers - k, layers))
            keep = (block("vision_model", vc["num_hidden_layers"]) or name.startswith("vision_model.post_layernorm.") or name == "visual_projection.weight"
                    or block("text_model", tc["num_hidden_layers"]) or name.startswith("text_model.final_layer_norm.") or name == "text_projection.weight")
        if keep:
            names.append(name)
    return names + ["logit_scale"]


def trained_elements(clip: Clip, names: list[str]) -> dict:
    """Trained elements per tower."""
    tower = lambda n: "vision" if n.startswith("vision_model.") or n == "visual_projection.weight" else "text" if n.startswith("text_model.") or n == "text_projection.weight" else n
    return {k: sum(clip.w[n].numel() for n in names if tower(n) == k) for k in ("vision", "text", "logit_scale")}


def clip_loss(image_features: torch.Tensor, text_features: torch.Tensor, logit_scale: torch.Tensor, reduction: str = "mean"):
    """ClipLoss.forward, world_size 1, no ground labels: symmetric cross-entropy toward the diagonal."""
    logits_per_image = logit_scale * image_features @ text_features.T
    logits_per_text = logit_scale * text_features @ image_features.T
    labels = torch.arange(logits_per_image.shape[0], dtype=torch.long)
    return (F.cross_entropy(logits_per_image, labels, reduction=reduction) + F.cross_entropy(logits_per_text, labels, reduction=reduction)) / 2


def flyp_loss(out, teacher: torch.Tensor, labels: torch.Tensor):
    image_features, text_features, logit_scale, _ = out
    return clip_loss(image_features, text_features, logit_scale)


def flyp_proreg_loss(out, teacher: torch.Tensor, labels: torch.Tensor, alpha: float = ALPHA, T: float = 1.0):
    """xERM of losses.py with FLYP's per-sample loss in place of the student's cross-entropy."""
    image_features, text_features, logit_scale, stu = out
    task = clip_loss(image_features, text_features, logit_scale, reduction="none")
    xe_s = F.cross_entropy(stu, labels, reduction="none")
    xe_t = F.cross_entropy(teacher, labels, reduction="none")
    kd = (-F.softmax(teacher / T, -1) * F.log_softmax(stu / T, -1) * T * T).sum(1)
    p_s = torch.exp(-xe_s)
    p_t = torch.exp(-10 * xe_t)
    w = (p_t / (p_s + p_t + 1e-5)).detach()
    return ((1 - w) * task).mean() + alpha * (w * kd).mean()


def main() -> None:
    setup = trajectory_setup()
    pixels = load_pixels(IMAGES, setup["images"])
    labels = torch.tensor(setup["labels"])
    prompts = [setup["template"].replace("{}", c) for c in setup["classes"]]
    out = {"source": __doc__.strip().split("\n\n")[1], **setup, "steps": STEPS, "lr": LR, "weight_decay": WEIGHT_DECAY, "alpha": ALPHA,
           "betas": [0.9, 0.999], "eps": 1e-8, "runs": []}
    for run in RUNS:
        if "templates" in run:
            out["runs"].append(templates_run(run, setup, pixels, labels))
            continue
        clip = Clip(TINY_CLIP)
        with torch.no_grad():
            teacher = clip.logit_scale.exp() * normalize(clip.encode_image(pixels)) @ normalize(clip.encode_text(prompts)).t()
        names = trained_names(clip, run["scope"])
        for n in names:
            clip.w[n].requires_grad_(True)
        clip.logit_scale = clip.w["logit_scale"]
        captions = [prompts[y] for y in setup["labels"]]  # one text per image: its class's caption

        def forward():
            """CLIP.forward on (images, captions), plus the zero-shot head's class logits for ProReg."""
            image_features = normalize(clip.encode_image(pixels))
            text_features = normalize(clip.encode_text(captions))
            class_logits = clip.logit_scale.exp() * image_features @ normalize(clip.encode_text(prompts)).t()
            return image_features, text_features, clip.logit_scale.exp(), class_logits

        opt = torch.optim.AdamW([clip.w[n] for n in names], lr=LR, weight_decay=WEIGHT_DECAY)
        loss_fn = flyp_proreg_loss if run["loss"] == "proreg" else flyp_loss
        rates = []
        if "schedule" in run:
            scheduler = cosine_lr(opt, LR, run["schedule"]["warmup_steps"], STEPS)

            def before_step(step):
                scheduler(step)
                rates.append(float(opt.param_groups[0]["lr"]))
        else:
            before_step = None
        losses = run_steps(opt, forward, loss_fn, teacher, labels, STEPS, before_step)
        with torch.no_grad():
            final = forward()[3]  # get_zeroshot_classifier's head over the fine-tuned towers
        elements = trained_elements(clip, names)
        out["runs"].append({**run, "trained": names, "trained_elements": elements, "loss_trajectory": losses, "final_logits": rounded(final),
                            **({"lrs": rates} if rates else {})})
        print(f"{run['name']}: {' '.join(f'{l:.4f}' for l in losses)}", flush=True)
    out["seed"] = SEED
    out["schedules"] = [{"lr": lr, "warmup_steps": w, "steps": n, "lrs": schedule_rates(lr, w, n)} for lr, w, n in SCHEDULES]
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "flyp.json"), out)


def templates_run(run: dict, setup: dict, pixels: torch.Tensor, labels: torch.Tensor) -> dict:
    """A run whose batches pair images with templates (paired_batch), batch 8 over the 8 images."""
    templates = run["templates"]
    K = len(templates)
    prompts = [[t.replace("{}", c) for t in templates] for c in setup["classes"]]  # [C][K]
    clip = Clip(TINY_CLIP)

    def zeroshot_weights():
        """get_zeroshot_classifier: per class, the prompts normalised, averaged, normalised; [C, E]."""
        return torch.stack([normalize(normalize(clip.encode_text(p)).mean(0, keepdim=True))[0] for p in prompts])

    with torch.no_grad():
        teacher = clip.logit_scale.exp() * normalize(clip.encode_image(pixels)) @ zeroshot_weights().t()
    names = trained_names(clip, run["scope"])
    for n in names:
        clip.w[n].requires_grad_(True)
    clip.logit_scale = clip.w["logit_scale"]
    opt = torch.optim.AdamW([clip.w[n] for n in names], lr=LR, weight_decay=WEIGHT_DECAY)
    loss_fn = flyp_proreg_loss if run["loss"] == "proreg" else flyp_loss
    losses, batches = [], []
    n = len(setup["labels"])
    for step in range(STEPS):
        pairs = paired_batch(n, K, n, SEED, step)
        batches.append(pairs)
        idx = torch.tensor([i for i, _ in pairs])
        captions = [prompts[setup["labels"][i]][k] for i, k in pairs]
        image_features = normalize(clip.encode_image(pixels[idx]))
        text_features = normalize(clip.encode_text(captions))
        class_logits = clip.logit_scale.exp() * image_features @ zeroshot_weights().t()
        loss = loss_fn((image_features, text_features, clip.logit_scale.exp(), class_logits), teacher[idx], labels[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(f"{loss.item():.9g}"))
    with torch.no_grad():
        final = clip.logit_scale.exp() * normalize(clip.encode_image(pixels)) @ zeroshot_weights().t()
    print(f"{run['name']}: {' '.join(f'{l:.4f}' for l in losses)}", flush=True)
    return {**run, "trained": names, "trained_elements": trained_elements(clip, names), "batches": batches, "loss_trajectory": losses, "final_logits": rounded(final)}


if __name__ == "__main__":
    main()
