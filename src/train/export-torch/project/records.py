# Evaluation per split, class and group, and the studio's metrics records (src/train/evaluate.ts,
# src/cli/metrics-records.ts): the same JSON lines `cli train` writes, plus the per-sample values the
# studio's Inspection shows, so "Import run" puts this run beside the browser's runs.
import json
import math

import torch


def clean(v):
    """JSON as JavaScript writes it: NaN and infinities become null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


def write_line(f, record):
    f.write(json.dumps(clean(record), separators=(',', ':'), allow_nan=False) + '\n')
    f.flush()


def evaluate_split(split, members, logits, classes):
    """members: samples of the split; logits (n, C) in the same order -> the split's record."""
    C = len(classes)
    probs = torch.softmax(logits.double(), 1)
    predicted = logits.argmax(1).tolist()
    confusion = [[0] * C for _ in range(C)]
    groups = {}
    hits = 0
    prob_true = []
    for i, s in enumerate(members):
        y, p = s['label'], predicted[i]
        confusion[y][p] += 1
        hit = int(p == y)
        hits += hit
        prob_true.append(float(probs[i, y]))
        if s.get('group') is not None:
            g = groups.setdefault(s['group'], [0, 0])
            g[0] += hit
            g[1] += 1
    per_class = {}
    for c, name in enumerate(classes):
        total = sum(confusion[c])
        per_class[name] = confusion[c][c] / total if total else float('nan')
    per_group = {g: h / t for g, (h, t) in groups.items()}
    worst = None
    for g, acc in per_group.items():
        if worst is None or acc < worst['accuracy']:
            worst = {'group': g, 'accuracy': acc}
    n = len(members)
    return {
        'count': n, 'accuracy': hits / n if n else float('nan'), 'per_class': per_class, 'per_group': per_group,
        'worst_group': worst, 'confusion': confusion,
        'samples': {'ids': [s['id'] for s in members], 'predicted': predicted, 'prob_true': prob_true},
    }


def eval_record(step, epoch, splits):
    return {'kind': 'eval', 'step': step, 'epoch': epoch, 'splits': splits}


def step_record(step, epoch, loss, table, ids, lr_encoder, lr_head, parts):
    """table (B, 1 + parts): per-sample loss then each part, in batch order."""
    cols = table.t().tolist()
    means = {name: sum(cols[1 + j]) / len(ids) for j, name in enumerate(parts)}
    samples = {'ids': ids, **{name: cols[1 + j] for j, name in enumerate(parts) if name != 'kd'}}
    return {'kind': 'step', 'step': step, 'epoch': epoch, 'loss': loss, **means, 'lr_encoder': lr_encoder, 'lr_head': lr_head, 'samples': samples}
