# The training objectives (src/train/losses.ts, ../PROREG.md) as per-sample losses with named per-sample
# parts. A batch's loss is the mean of the per-sample losses, so shards of a batch on several processes add
# up to exactly the single-process loss. Letters: B batch, C classes.
import math

import torch
import torch.nn.functional as F

PARTS = ['ce', 'kl', 'w', 'ps', 'pt', 'kd']  # the order of the studio's step records


def trade_off_weight(variant, gamma, ps, pt, ce, cet):
    if variant == 'official':
        pt10 = pt ** 10
        return pt10 / (ps + pt10 + 1e-5)
    if variant == 'prob_ratio':
        return pt / (ps + pt + 1e-5)
    if variant == 'ce_ratio':
        a = ce ** gamma
        return a / (a + cet ** gamma + 1e-5)
    raise ValueError(f'unknown weight variant {variant}')


def contrastive_loss(class_logits, labels):
    """FLYP's per-sample task loss (src/train/methods/flyp/clip-loss.ts; locuslab/FLYP clip/loss.py ClipLoss,
    215d5bb): the caption of sample j is its class's prompt, so the batch's logits are the class logits'
    columns at the labels, logits_per_image[i][j] = z[i][y_j] (B, B); sample i's part is the mean of its
    image row's and its text row's cross-entropy toward the diagonal."""
    per_image = class_logits[:, labels]  # (B, B): image i against the caption of sample j
    target = torch.arange(labels.shape[0], device=labels.device)
    ce_image = F.cross_entropy(per_image, target, reduction='none')
    ce_text = F.cross_entropy(per_image.t(), target, reduction='none')
    return (ce_image + ce_text) / 2


def loss_parts(loss, student, teacher, labels, task=None):
    """student (B, C), teacher (B, C) constant, labels (B,) -> per-sample loss (B,) and parts, each (B,).
    `task`, when given, is the per-sample term the label teaches in place of the cross-entropy (FLYP's
    contrastive loss); ProReg's weight still reads the student's class probabilities."""
    T = loss['temperature']
    alpha = loss['alpha']
    ce = F.cross_entropy(student, labels, reduction='none')  # -log p_s(y)
    cet = F.cross_entropy(teacher, labels, reduction='none')
    pt_T = F.softmax(teacher / T, 1)  # (B, C)
    kd = -(pt_T * F.log_softmax(student / T, 1)).sum(1) * T * T
    entropy = -(pt_T * F.log_softmax(teacher / T, 1)).sum(1)
    kl = kd - entropy * T * T  # KL(teacher || student) * T^2, >= 0
    ps, pt = torch.exp(-ce), torch.exp(-cet)
    own = ce if task is None else task(student, labels)
    if loss['kind'] == 'proreg':
        w = trade_off_weight(loss['variant'], loss['gamma'], ps.detach(), pt, ce.detach(), cet).detach()
        per = (1 - w) * own + alpha * w * kd
    elif loss['kind'] == 'kd':
        w = torch.full_like(ce, alpha)
        per = (1 - alpha) * own + alpha * kd
    else:
        w = torch.zeros_like(ce)
        per = own
    return per, {'ce': ce, 'kl': kl, 'w': w, 'ps': ps, 'pt': pt, 'kd': kd}


def resolve(cfg):
    """From the run's config to (loss, scope, trains, lr_encoder, lr_head), as src/train/run-config.ts."""
    if cfg['batchSize'] < 1 or cfg['microBatch'] < 1:
        raise SystemExit('error: batch size and micro-batch must be at least 1')
    if cfg['batchSize'] % cfg['microBatch']:
        raise SystemExit(f'error: batch size {cfg["batchSize"]} is not a multiple of the micro-batch {cfg["microBatch"]}')
    base = {'alpha': cfg['alpha'], 'temperature': cfg['temperature'], 'variant': cfg['variant'], 'gamma': cfg['gamma']}
    m = cfg['method']
    if m == 'zero-shot':
        return dict(base, kind='ce'), 'head', False, 0.0, 0.0
    if m == 'linear-probe':
        return dict(base, kind='ce'), 'head', True, 0.0, cfg['lrHead']
    proreg = cfg.get('methodOptions', {}).get('proreg', False)
    if m == 'tip-adapter':  # training-free: the cache is built from the training features; only the search runs
        return dict(base, kind='ce'), 'head', False, 0.0, 0.0
    if m in ('coop', 'clip-adapter', 'tip-adapter-f'):  # frozen encoders: the method's parameters train at the head's rate
        return dict(base, kind='proreg' if proreg else 'ce'), 'head', True, 0.0, cfg['lrHead']
    # FLYP: both towers within the scope, its contrastive loss in the cross-entropy's place (heads.FlypHead).
    kinds = {'finetune': 'ce', 'kd': 'kd', 'proreg': 'proreg', 'lp-ft': 'proreg' if proreg else 'ce', 'flyp': 'proreg' if proreg else 'ce'}
    if m not in kinds:
        raise SystemExit(f'error: method "{m}" is not one this project implements '
                         '(zero-shot, linear-probe, finetune, kd, proreg, coop, clip-adapter, tip-adapter, tip-adapter-f, lp-ft, flyp)')
    return dict(base, kind=kinds[m]), cfg['scope'], True, cfg['lrEncoder'], cfg['lrHead']


def first_trained_block(scope, layers):
    """'head' -> layers (no block trains), 'full' -> 0, 'last-K' -> layers - K."""
    if scope == 'head':
        return layers
    if scope == 'full':
        return 0
    if scope.startswith('last-') and scope[5:].isdigit() and int(scope[5:]) > 0:
        k = int(scope[5:])
        if k > layers:
            raise SystemExit(f'error: scope {scope}: this model has only {layers} vision blocks')
        return layers - k
    raise SystemExit(f'error: unknown scope "{scope}": use head, last-K (e.g. last-2) or full')


def lr_multiplier(kind, t, total, warmup_fraction=0.1):
    """src/train/schedule.ts: constant, or linear warm-up over the first fraction then linear decay to 0."""
    if kind == 'constant':
        return 1.0
    warmup = math.floor(total * warmup_fraction)
    if t < warmup:
        return (t + 1) / warmup
    return max(0.0, (total - t) / max(1, total - warmup))
