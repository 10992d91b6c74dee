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
fine-tuned exp(logit_scale), against normalised image features. The learning rate is held constant here
(the official cosine schedule is the studio's to apply) and the images are not augmented.

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

import torch
import torch.nn.functional as F

from common import IMAGES, TINY_CLIP, rounded, run_steps, trajectory_setup, write
from tiny_clip import Clip, load_pixels, normalize

STEPS = 10
LR, WEIGHT_DECAY, ALPHA = 1e-4, 0.1, 1.0

RUNS = [
    dict(name="flyp-full", scope="full", loss="flyp"),
    dict(name="flyp-full-proreg", scope="full", loss="proreg"),
    dict(name="flyp-last-1", scope="last-1", loss="flyp"),
    dict(name="flyp-head-proreg", scope="head", loss="proreg"),
]


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
        losses = run_steps(opt, forward, loss_fn, teacher, labels, STEPS)
        with torch.no_grad():
            final = forward()[3]  # get_zeroshot_classifier's head over the fine-tuned towers
        tower = lambda n: "vision" if n.startswith("vision_model.") or n == "visual_projection.weight" else "text" if n.startswith("text_model.") or n == "text_projection.weight" else n
        elements = {k: sum(clip.w[n].numel() for n in names if tower(n) == k) for k in ("vision", "text", "logit_scale")}
        out["runs"].append({**run, "trained": names, "trained_elements": elements, "loss_trajectory": losses, "final_logits": rounded(final)})
        print(f"{run['name']}: {' '.join(f'{l:.4f}' for l in losses)}", flush=True)
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "flyp.json"), out)


if __name__ == "__main__":
    main()
