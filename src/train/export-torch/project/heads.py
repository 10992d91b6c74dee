# What each method puts after the image encoder (src/train/finetune-model.ts, src/train/methods/*.ts): the
# cosine head of fine-tuning, KD, ProReg and LP-FT; CoOp's learned prompts; CLIP-Adapter; Tip-Adapter's
# cache; FLYP's zero-shot head over the fine-tuned text tower. Each holds its trained parameters by the
# studio's names, gives logits (B, C) from image features (B, E) and the class weights head.json keeps.
# Random starts are drawn from the run's seed exactly as the studio draws them (src/train/methods/create-head.ts).
# Letters: B batch, C classes, E embedding, M context vectors, D text width, N cached images, R bottleneck.
import math

import torch
import torch.nn.functional as F

from losses import contrastive_loss
from seeded import make_rng


def normalize(x):
    return x / x.norm(dim=-1, keepdim=True)


def cosine_logits(features, w, scale):
    """exp(s) * norm(f) @ norm(W)^T: (B, E) x (C, E) -> (B, C)."""
    return scale.exp() * normalize(features) @ normalize(w).t()


def initial(init, name, shape):
    """A starting value given with --init (run.json's `init`), checked against the shape; else None."""
    v = (init or {}).get(name)
    if v is None:
        return None
    if list(v['shape']) != list(shape):
        raise SystemExit(f'error: initial value "{name}" has shape {v["shape"]}, this run needs {list(shape)}')
    return torch.tensor(v['data'], dtype=torch.float32).view(*shape)


class CosineHead:
    """W from the prompt embeddings W0, s from the checkpoint's logit scale; both train."""

    def __init__(self, w0, s0):
        self.W = torch.nn.Parameter(w0.clone())
        self.scale = torch.nn.Parameter(s0.clone())
        self.params = {'head.W': self.W, 'head.scale': self.scale}

    def logits(self, features):
        return cosine_logits(features, self.W, self.scale)

    def class_weights(self):
        return self.W, self.scale


def normals(n, std, rng):
    """Box-Muller from the seeded uniform generator, in the studio's order (src/train/methods/coop.ts)."""
    out = []
    while len(out) < n:
        r = math.sqrt(-2 * math.log(1 - rng())) * std
        a = 2 * math.pi * rng()
        out += [r * math.cos(a), r * math.sin(a)]
    return out[:n]


class CoopHead:
    """CoOp (KaiyangZhou/CoOp trainers/coop.py, ff61507): M context vectors, one set for every class or one
    per class, between the start token and the class name's tokens; the frozen text tower encodes the
    prompts and the checkpoint's frozen scale times the cosine gives the logits. run.json's coop_prompts
    holds the token ids around the context, as the studio's tokenizer laid them out."""

    def __init__(self, model, prompts, options, seed, init):
        emb = model.text_model.embeddings.token_embedding.weight.detach()
        dev = emb.device
        C, M, D = len(prompts['suffix_ids']), prompts['tokens'], emb.shape[1]
        self.model = model
        self.prefix = emb[torch.tensor([prompts['start_id']] * C, device=dev)][:, None]  # (C, 1, D)
        self.suffix = emb[torch.tensor(prompts['suffix_ids'], device=dev)]  # (C, S, D)
        self.pool = prompts['pool']
        self.scale = model.logit_scale.detach().clone()
        rows = C if options['context'] == 'class' else 1
        start = initial(init, 'ctx', (rows, M, D))
        if start is None and prompts['phrase_ids'] is not None:
            start = emb[torch.tensor(prompts['phrase_ids'], device=dev)][None].repeat(rows, 1, 1)  # (rows, M, D)
        if start is None:
            # nn.init.normal_(std=0.02) in CoOp; randn / sqrt(D) in ProReg's heads.CoOp.
            std = 1 / math.sqrt(D) if options['layout'] == 'proreg' else 0.02
            start = torch.tensor(normals(rows * M * D, std, make_rng(seed * 7 + 12345)), dtype=torch.float32).view(rows, M, D)
        self.ctx = torch.nn.Parameter(start.to(dev).clone())
        self.params = {'coop.ctx': self.ctx}

    def class_features(self):
        """Text features (C, E) of every class's prompt with the current context."""
        C = self.prefix.shape[0]
        ctx = self.ctx if self.ctx.shape[0] == C else self.ctx.expand(C, -1, -1)
        return self.model.text_from_embeddings(torch.cat([self.prefix, ctx, self.suffix], 1), self.pool)

    def logits(self, features):
        return cosine_logits(features, self.class_features(), self.scale)

    def class_weights(self):
        with torch.no_grad():
            return self.class_features(), self.scale


class ClipAdapterHead:
    """CLIP-Adapter (gaopengcuhk/CLIP-Adapter clip_adapter.py, 08d07f8): f' = ratio * relu(relu(f fc1) fc2)
    + (1 - ratio) f, then the frozen zero-shot cosine classifier. fc1 (E, R) and fc2 (R, E) start uniform in
    +-1/sqrt(fan_in), as nn.Linear does, drawn from the run's seed."""

    def __init__(self, w0, s0, ratio, reduction, seed, init):
        E = w0.shape[1]
        R = E // reduction
        if reduction < 1 or R < 1:
            raise SystemExit(f'error: CLIP-Adapter: reduction {reduction} leaves no bottleneck for {E} features; use 1 to {E}')
        if not 0 <= ratio <= 1:
            raise SystemExit(f'error: CLIP-Adapter: the residual ratio must be in [0, 1], got {ratio}')
        self.w0, self.scale, self.ratio = w0.clone(), s0.clone(), ratio
        rng = make_rng(seed * 7 + 23456)

        def uniform(shape, bound):
            n = shape[0] * shape[1]
            return torch.tensor([(rng() * 2 - 1) * bound for _ in range(n)], dtype=torch.float32).view(*shape)

        fc1 = initial(init, 'fc1', (E, R))
        fc1 = uniform((E, R), 1 / math.sqrt(E)) if fc1 is None else fc1
        fc2 = initial(init, 'fc2', (R, E))
        fc2 = uniform((R, E), 1 / math.sqrt(R)) if fc2 is None else fc2
        self.fc1 = torch.nn.Parameter(fc1.to(w0.device))
        self.fc2 = torch.nn.Parameter(fc2.to(w0.device))
        self.params = {'adapter.fc1': self.fc1, 'adapter.fc2': self.fc2}

    def logits(self, features):
        x = F.relu(F.relu(features @ self.fc1) @ self.fc2)
        return cosine_logits(self.ratio * x + (1 - self.ratio) * features, self.w0, self.scale)

    def class_weights(self):
        return self.w0, self.scale


def search_grid(scale, steps):
    """search_hp's grid: `steps` values from 0.1 towards `scale` (the end itself excluded)."""
    return [(i * (scale - 0.1)) / steps + 0.1 for i in range(steps)]


class TipAdapterHead:
    """Tip-Adapter(-F) (gaopengcuhk/Tip-Adapter main.py, utils.py, d0e2d6f): keys K (E, N) = the normalised
    clean features of the training images, values V (N, C) their one-hot labels; logits = zero-shot logits
    + alpha * exp(-beta (1 - f K)) V for normalised f. -F trains the keys with AdamW (0.9, 0.999, eps 1e-4);
    search_hp picks beta, then alpha, on the validation split (strictly better wins)."""

    BETAS, EPS = (0.9, 0.999), 1e-4

    def __init__(self, w0, s0, options, train_keys):
        self.w0n, self.scale = normalize(w0), s0.clone()
        self.options, self.train_keys = options, train_keys
        self.alpha, self.beta = options['alpha'], options['beta']
        self.keys = self.values = None
        self.params = {}

    def build_cache(self, features, labels, classes):
        """The training images' clean features (N, E) and labels make the cache."""
        if len(labels) == 0:
            raise SystemExit('error: Tip-Adapter: the cache needs at least one training image')
        keys = normalize(features).t().contiguous()
        self.keys = torch.nn.Parameter(keys) if self.train_keys else keys
        self.values = F.one_hot(torch.tensor(labels, device=keys.device), classes).float()
        if self.train_keys:
            self.params = {'tip.keys': self.keys}

    def clip_logits(self, fn):
        return self.scale.exp() * fn @ self.w0n.t()

    def cache_logits(self, fn, beta):
        return torch.exp((1 - fn @ self.keys) * -beta) @ self.values

    def logits(self, features):
        fn = normalize(features)
        return self.clip_logits(fn) + self.cache_logits(fn, self.beta) * self.alpha

    def search(self, features, labels):
        """search_hp on validation features (V, E): sets and returns beta, alpha and the accuracy (percent)."""
        o = self.options
        betas = search_grid(o['searchScale'][0], o['searchSteps'][0])
        alphas = search_grid(o['searchScale'][1], o['searchSteps'][1])
        y = torch.tensor(labels)
        with torch.no_grad():
            fn = normalize(features)
            clip = self.clip_logits(fn).cpu().double()
            best = {'beta': 0, 'alpha': 0, 'accuracy': 0}
            for beta in betas:
                cache = self.cache_logits(fn, beta).cpu().double()
                for alpha in alphas:
                    # float32 as the studio sums them: clip + round(cache * alpha).
                    z = (clip + (cache * alpha).float().double()).float()
                    accuracy = float((z.argmax(1) == y).sum()) / len(labels) * 100
                    if accuracy > best['accuracy']:
                        best = {'beta': beta, 'alpha': alpha, 'accuracy': accuracy}
        self.beta, self.alpha = best['beta'], best['alpha']
        return best

    def class_weights(self):
        return self.w0n, self.scale


class FlypHead:
    """FLYP (locuslab/FLYP src/models/flyp_loss.py, zeroshot.py, 215d5bb; src/train/methods/flyp/): both towers
    fine-tuned with CLIP's contrastive loss between each image and its class prompt, evaluated with the
    zero-shot head of the fine-tuned text tower: the class prompts (run.json's token ids) through the current
    text tower, several templates normalised, averaged and normalised again, times the trained exp(logit_scale).
    The text tower trains in place within the run's scope (trains_text); the logit scale is CLIP's own and
    trains at the head's rate. AdamW with PyTorch's betas and eps, no parameter exempt from decay."""

    BETAS, EPS = (0.9, 0.999), 1e-8  # src/train/methods/flyp/flyp-head.ts FLYP_ADAMW
    DECAY_ALL = True
    COUPLES_BATCH = True  # the loss compares the batch's samples: it is taken over the whole batch

    def __init__(self, model, prompts, classes, templates):
        if templates == 0:
            raise SystemExit('error: FLYP: no prompt templates: add at least one, e.g. "a photo of a {}."')
        self.model, self.ids, self.end_id = model, prompts['token_ids'], prompts['end_id']
        self.C, self.K = classes, templates
        self.task = contrastive_loss
        self.params = {'logit_scale': model.logit_scale.requires_grad_(True)}

    @staticmethod
    def trains_text(name, scope, layers):
        """src/train/scope.ts trainedTextParams: 'full' every text weight (the token and position tables too);
        'last-K' the last K text blocks, the final LayerNorm and the projection; 'head' those two alone."""
        if name == 'text_projection.weight' or name.startswith('text_model.final_layer_norm.'):
            return True
        if not name.startswith('text_model.'):
            return False
        if scope == 'full':
            return True
        if scope.startswith('last-') and name.startswith('text_model.encoder.layers.'):
            return int(name.split('.')[3]) >= layers - min(int(scope[5:]), layers)
        return False

    def class_features(self):
        """The class prompts' features (C, E) through the current text tower."""
        text = self.model.text_features(self.ids, self.end_id)  # (C*K, E)
        if self.K == 1:
            return text
        return normalize(normalize(text).view(self.C, self.K, -1).mean(1))

    def logits(self, features):
        return cosine_logits(features, self.class_features(), self.model.logit_scale)

    def class_weights(self):
        with torch.no_grad():
            return self.class_features(), self.model.logit_scale.detach().clone()


def make_head(spec, cfg, model, w0, s0):
    """The head a run's method trains (src/train/methods/create-head.ts)."""
    o, m, seed = cfg['methodOptions'], cfg['method'], cfg['seed']
    if m == 'coop':
        return CoopHead(model, spec['coop_prompts'], o['coop'], seed, spec.get('init'))
    if m == 'clip-adapter':
        return ClipAdapterHead(w0, s0, o['clipAdapter']['ratio'], o['clipAdapter']['reduction'], seed, spec.get('init'))
    if m in ('tip-adapter', 'tip-adapter-f'):
        return TipAdapterHead(w0, s0, o['tipAdapter'], m == 'tip-adapter-f')
    if m == 'flyp':
        return FlypHead(model, spec['prompts'], len(spec['classes']), len(spec['templates']))
    return CosineHead(w0, s0)
