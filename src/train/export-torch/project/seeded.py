# The studio's seeded randomness, bit for bit (src/shared/rng.ts, src/train/train-data.ts): the same seed
# gives the same epoch order, validation split and augmentation draws as the run in the browser.
import math

M32 = 0xFFFFFFFF


def make_rng(seed):
    """mulberry32, as the studio's makeRng: a callable returning floats in [0, 1)."""
    state = [int(math.trunc(seed)) & M32]

    def rng():
        a = state[0] = (state[0] + 0x6D2B79F5) & M32
        t = ((a ^ (a >> 15)) * (a | 1)) & M32
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32)) & M32
        return (t ^ (t >> 14)) / 4294967296

    return rng


def shuffled(items, rng):
    """Fisher-Yates on a copy, drawing as the studio does."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = math.floor(rng() * (i + 1))
        out[i], out[j] = out[j], out[i]
    return out


def js_round(x):
    """JavaScript's Math.round (halves go up)."""
    return math.floor(x + 0.5)


def with_validation_split(samples, fraction, rng):
    """Carves a stratified validation split out of 'train' when the data has none (withValidationSplit)."""
    if fraction <= 0 or any(s['split'] == 'val' for s in samples):
        return samples
    by_class = {}
    for s in samples:
        if s['split'] == 'train':
            by_class.setdefault(s['label'], []).append(s['id'])
    to_val = set()
    for ids in by_class.values():
        order = list(ids)
        for i in range(len(order) - 1, 0, -1):
            j = math.floor(rng() * (i + 1))
            order[i], order[j] = order[j], order[i]
        n = max(1, js_round(len(ids) * fraction)) if len(ids) > 1 else 0
        to_val.update(order[:n])
    return [dict(s, split='val') if s['id'] in to_val else s for s in samples]


def paired_batch(train_ids, K, batch_size, seed, s):
    """FLYP's (image, template) pairs of the run's step s with K templates (src/train/methods/flyp/
    caption-pairs.ts): seeded passes over the N*K pairs, the last batch of a pass possibly short.
    Returns the batch's training ids and each one's template."""
    pairs = len(train_ids) * K
    per_pass = -(-pairs // batch_size)
    pass_, b = divmod(s, per_pass)
    order = shuffled(range(pairs), make_rng(seed * 1000003 + 500009 + pass_))[b * batch_size:(b + 1) * batch_size]
    return [train_ids[p // K] for p in order], [p % K for p in order]
