# A run exported by ProReg Studio, as a PyTorch program: the same model, method head (heads.py), data order,
# augmentation, losses, optimiser groups, schedule, accumulation, evaluations, best-validation checkpoint and
# Tip-Adapter's search as the studio's trainer (src/train/trainer.ts). One process or many under torchrun: every
# process takes its shard of each batch, gradient sums are all-reduced and divided by the global batch, so the
# result does not depend on N. FLYP's contrastive loss couples the batch: its image features are gathered from
# every process and the loss taken over the whole batch (Run.coupled_grads).
#   python3 train.py --model DIR --data DIR --metrics FILE.jsonl --out OUTDIR
#   torchrun --nproc_per_node N train.py --model DIR --data DIR --metrics FILE.jsonl --out OUTDIR
# (torch 1.13 on Python 3.11 needs PET_REDIRECTS=1 PET_TEE=1 in the environment for the second: README.md.)
# Letters: B batch, C classes, E embedding.
import argparse
import copy
import json
import os
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from clip_model import Clip, ClipConfig, load_state  # noqa: E402
from dataset import from_manifest, rescan  # noqa: E402
from heads import CosineHead, cosine_logits, make_head  # noqa: E402
from hf_folder import export_folder, read_json, read_weights  # noqa: E402
from images import Preprocess, draw_plan, pixels  # noqa: E402
from losses import PARTS, first_trained_block, loss_parts, lr_multiplier, resolve  # noqa: E402
from records import clean, eval_record, evaluate_split, step_record, write_line  # noqa: E402
from seeded import js_round, make_rng, shuffled  # noqa: E402

BETAS, EPS = (0.9, 0.98), 1e-8  # src/train/optimizer.ts DEFAULT_ADAMW
SGD_MOMENTUM = 0.9  # src/train/sgd.ts (Dassl's, which CoOp trains with)


def parse_args():
    p = argparse.ArgumentParser(description='Runs a ProReg Studio run exported as a PyTorch project.')
    p.add_argument('--model', required=True, help='Hugging Face CLIP folder (config.json, model.safetensors or pytorch_model.bin, ...)')
    p.add_argument('--data', help='folder the manifest\'s image paths are relative to (default: the project\'s data/ when images were included)')
    p.add_argument('--metrics', required=True, help='metrics JSON lines, as the studio\'s `cli train` writes them')
    p.add_argument('--out', required=True, help='folder for the fine-tuned model in Hugging Face layout, with head.json')
    p.add_argument('--run', default=os.path.join(HERE, 'run.json'), help='the run description (default: run.json beside train.py)')
    p.add_argument('--rescan', action='store_true', help='read --data as class subfolders instead of the manifest')
    p.add_argument('--device', help='cpu, cuda (default: cuda when available)')
    p.add_argument('--sweep', help='after training, WiSE-FT and output-ensemble accuracy at these weights, e.g. 0,0.5,1')
    p.add_argument('--logits', help='also write the final evaluation\'s logits per sample as JSON {"ids": [...], "logits": [[...]]}')
    return p.parse_args()


def log(rank, msg):
    if rank == 0:
        print(msg, file=sys.stderr, flush=True)


class Dist:
    """This process's place among torchrun's processes (one process without torchrun)."""

    def __init__(self, device):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        local = int(os.environ.get('LOCAL_RANK', '0'))
        cuda = torch.cuda.is_available() and device != 'cpu'
        self.device = torch.device(f'cuda:{local}' if cuda else 'cpu')
        if cuda:
            torch.cuda.set_device(self.device)
        if self.world > 1:
            dist.init_process_group('nccl' if cuda else 'gloo')

    def shard(self, n):
        """[lo, hi) of n items that this process takes: contiguous, sizes differ by at most one."""
        lo = self.rank * n // self.world
        return lo, (self.rank + 1) * n // self.world

    def sum(self, t):
        if self.world > 1:
            dist.all_reduce(t)
        return t


class Phase:
    """One training loop: LP-FT runs a head-only probe phase before its fine-tuning; every other method one."""

    def __init__(self, scope, loss, lr_encoder, lr_head, epochs, offset, params, write_evals):
        self.scope, self.loss, self.lr_encoder, self.lr_head = scope, loss, lr_encoder, lr_head
        self.epochs, self.offset, self.params, self.write_evals = epochs, offset, params, write_evals


class Run:
    def __init__(self, args):
        self.args = args
        self.dist = Dist(args.device)
        self.spec = read_json(args.run, 'run description')
        self.cfg = self.spec['config']
        self.loss, self.scope, self.trains, self.lr_encoder, self.lr_head = resolve(self.cfg)
        dev = self.dist.device
        model_cfg = ClipConfig(read_json(os.path.join(args.model, 'config.json'), 'model config'))
        self.model = Clip(model_cfg)
        load_state(self.model, read_weights(args.model))
        self.model.to(dev).requires_grad_(False).eval()
        self.pre = Preprocess(read_json(os.path.join(args.model, 'preprocessor_config.json'), 'preprocessor config'))
        self.classes = self.spec['classes']
        self.samples = self.load_samples()
        self.first = first_trained_block(self.scope, model_cfg.vision.layers)
        with torch.no_grad():
            self.w0 = self.class_embeddings()
        self.s0 = self.model.logit_scale.detach().clone()
        # The teacher: the frozen pretrained image encoder (a copy, since the student trains the original).
        self.teacher = copy.deepcopy(self.model) if self.first < model_cfg.vision.layers else self.model
        self.head = make_head(self.spec, self.cfg, self.model, self.w0, self.s0)
        self.trained = {n: p for n, p in self.model.named_parameters() if self.is_trained(n, model_cfg)}
        for p in self.trained.values():
            p.requires_grad_(True)
        self.features = None  # clean pretrained features (n, E), when computed once
        self.teacher_logits = None  # clean teacher logits (n, C)

    @property
    def params(self):
        """Every trained parameter by the studio's name: the encoder's, then the head's."""
        return {**self.trained, **self.head.params}

    def is_trained(self, name, model_cfg):
        """src/train/scope.ts: 'full' trains the whole image encoder; 'last-K' its last K blocks, the post-LN
        and the projection (never the embeddings, even when K is every block); 'head' none of it. A head that
        fine-tunes the text tower too (FLYP) names its part of it."""
        if name.startswith('text_') or name == 'logit_scale':
            return hasattr(self.head, 'trains_text') and self.head.trains_text(name, self.scope, model_cfg.text.layers)
        layers = model_cfg.vision.layers
        if self.scope == 'head':
            return False
        if self.scope == 'full':
            return name.startswith('vision_model.') or name == 'visual_projection.weight'
        if name.startswith('vision_model.encoder.layers.'):
            return int(name.split('.')[3]) >= self.first
        return name.startswith('vision_model.post_layernorm.') or name == 'visual_projection.weight'

    def load_samples(self):
        a = self.args
        m = read_json(os.path.join(os.path.dirname(os.path.abspath(a.run)), self.spec['manifest']), 'dataset manifest')
        root = a.data or (os.path.join(HERE, m['root']) if m.get('root') else None)
        if root is None:
            raise SystemExit('error: the project holds no images: pass --data DIR, the folder the manifest\'s paths are relative to')
        if a.rescan:
            return rescan(root, self.classes, self.cfg['valFraction'], self.cfg['seed'])
        return from_manifest(m, root)

    def class_embeddings(self):
        """W0 (C, E) from the prompts' token ids: one template as the text tower returns it; several
        normalised, averaged and normalised again (src/train/zero-shot.ts)."""
        p = self.spec['prompts']
        K = len(self.spec['templates'])
        emb = self.model.text_features(p['token_ids'], p['end_id'])  # (C*K, E)
        if K > 1:
            emb = F.normalize(F.normalize(emb, dim=-1).view(len(self.classes), K, -1).mean(1), dim=-1)
        recorded = torch.tensor(self.spec['teacher_head']['W0'], device=emb.device)
        if recorded.shape == emb.shape:
            log(self.dist.rank, f'prompt embeddings: max difference to the studio\'s {float((recorded - emb).abs().max()):.2e}')
        return emb

    def paths(self, ids):
        return [self.samples[i]['path'] for i in ids]

    def student_features(self, px):
        if self.scope == 'head':
            return self.teacher_features(px)
        if self.scope == 'full':
            return self.model.image_features(px)
        with torch.no_grad():  # the frozen prefix keeps no activations for a backward pass
            hidden = self.model.vision_model.prefix(px, self.first)
        return self.model.image_features(None, self.first, hidden)

    def teacher_features(self, px):
        with torch.no_grad():
            return self.teacher.image_features(px)

    def prepare(self):
        """Clean pretrained features of every sample, computed once (sharded), when the run reads them."""
        c = self.cfg
        if c['augment'] != 'none' and c['teacherView'] != 'clean' and self.scope != 'head':
            return
        n, E = len(self.samples), self.w0.shape[1]
        feats = torch.zeros(n, E, device=self.dist.device)
        lo, hi = self.dist.shard(n)
        for i in range(lo, hi, c['microBatch']):
            ids = list(range(i, min(i + c['microBatch'], hi)))
            feats[ids] = self.teacher_features(pixels(self.paths(ids), self.pre).to(self.dist.device))
        self.features = self.dist.sum(feats)
        self.teacher_logits = cosine_logits(self.features, self.w0, self.s0)

    def logits_for(self, ids, scope=None):
        """Student logits (n, C) for clean views, sharded over the processes; `scope`: the phase's (a probe
        reads the pretrained features)."""
        scope = scope or self.scope
        out = torch.zeros(len(ids), len(self.classes), device=self.dist.device)
        lo, hi = self.dist.shard(len(ids))
        mb = self.cfg['microBatch']
        with torch.no_grad():
            for i in range(lo, hi, mb):
                chunk = ids[i:min(i + mb, hi)]
                if scope == 'head' and self.features is not None:
                    f = self.features[chunk]
                elif scope == 'head':
                    f = self.teacher_features(pixels(self.paths(chunk), self.pre).to(self.dist.device))
                else:
                    f = self.student_features(pixels(self.paths(chunk), self.pre).to(self.dist.device))
                out[i:i + len(chunk)] = self.head.logits(f)
        return self.dist.sum(out).cpu()

    def evaluate(self, step, epoch, splits, scope=None, keep=None):
        """`keep`, when given, receives each sample's logits by the studio's id."""
        out = {}
        for split in splits:
            members = [s for s in self.samples if s['split'] == split]
            if members:
                logits = self.logits_for([s['index'] for s in members], scope)
                if keep is not None:
                    keep.update({s['id']: logits[i].tolist() for i, s in enumerate(members)})
                out[split] = evaluate_split(split, members, logits, self.classes)
        return eval_record(step, epoch, out)

    def pass_inputs(self, phase, ids, plans):
        """A micro-batch's labels, pixels (None where the cached features serve) and teacher logits."""
        c, dev = self.cfg, self.dist.device
        augment = plans is not None
        labels = torch.tensor([self.samples[k]['label'] for k in ids], device=dev)
        px = None
        if augment or phase.scope != 'head' or self.features is None:
            px = pixels(self.paths(ids), self.pre, plans).to(dev)
        if augment and c['teacherView'] == 'augmented':
            teacher = cosine_logits(self.teacher_features(px), self.w0, self.s0)
        else:
            teacher = self.teacher_logits[ids]
        return labels, px, teacher

    def phase_features(self, phase, ids, px):
        """The student's image features of a micro-batch in the phase's scope."""
        if phase.scope == 'head':
            return self.features[ids] if px is None else self.teacher_features(px)
        return self.student_features(px)

    def step(self, phase, batch, step, total, optimizer):
        """One optimisation step over `batch`, this process's shard in micro-batches, gradients summed."""
        c, dev = self.cfg, self.dist.device
        B = len(batch)
        augment = c['augment'] != 'none'
        rng = make_rng((c['seed'] + 1) * 7919 + step)
        plans = [draw_plan(rng) for _ in batch] if augment else None
        if getattr(self.head, 'COUPLES_BATCH', False):
            table = self.coupled_grads(phase, batch, plans)
        else:
            table = torch.zeros(B, 1 + len(PARTS), device=dev)
            lo, hi = self.dist.shard(B)
            for i in range(lo, hi, c['microBatch']):
                j = min(i + c['microBatch'], hi)
                ids = batch[i:j]
                labels, px, teacher = self.pass_inputs(phase, ids, plans[i:j] if augment else None)
                per, parts = loss_parts(phase.loss, self.head.logits(self.phase_features(phase, ids, px)), teacher, labels)
                (per.sum() / B).backward()
                table[i:j] = torch.stack([per.detach()] + [parts[k].detach() for k in PARTS], 1)
            self.dist.sum(table)
        for p in phase.params.values():
            if p.grad is None:
                p.grad = torch.zeros_like(p)
            self.dist.sum(p.grad)
        loss = float(table[:, 0].sum()) / B
        if loss != loss or abs(loss) == float('inf'):
            raise SystemExit(f'error: the loss became non-finite (NaN or infinite) at step {step}; training stopped. Try a lower learning rate.')
        mult = lr_multiplier(c['schedule'], step - phase.offset, total, c['warmupFraction'])
        lrs = {'encoder': phase.lr_encoder * mult, 'head': phase.lr_head * mult}
        for g in optimizer.param_groups:
            g['lr'] = lrs[g['name']]
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss, table.cpu(), lrs

    def coupled_grads(self, phase, batch, plans):
        """Gradients of a loss that couples the batch's samples (FLYP's contrastive loss), as the studio takes
        them (src/train/coupled-grads.ts): every process's image features of its shard without a graph,
        gathered into the whole batch's (B, E); the loss over the whole batch, its gradient to the text tower and
        the logit scale (kept by rank 0 alone, so the all-reduce counts it once) and to the features; then each
        micro-batch's image-tower backward from its rows of that gradient. One process or N, any micro-batch:
        the gradient of one pass over the whole batch. Returns the per-sample table (B, 1 + parts)."""
        c, dev = self.cfg, self.dist.device
        B, C, E = len(batch), len(self.classes), self.w0.shape[1]
        feats = torch.zeros(B, E, device=dev)
        teacher = torch.zeros(B, C, device=dev)
        labels = torch.tensor([self.samples[k]['label'] for k in batch], device=dev)
        passes = []
        lo, hi = self.dist.shard(B)
        for i in range(lo, hi, c['microBatch']):
            j = min(i + c['microBatch'], hi)
            ids = batch[i:j]
            _, px, t = self.pass_inputs(phase, ids, plans[i:j] if plans is not None else None)
            teacher[i:j] = t
            with torch.no_grad():
                feats[i:j] = self.phase_features(phase, ids, px)
            passes.append((i, j, ids, px))
        self.dist.sum(feats)
        self.dist.sum(teacher)
        tower = [p for n, p in phase.params.items() if n.startswith('vision_model.') or n == 'visual_projection.weight']
        rest = [p for p in phase.params.values() if all(p is not t for t in tower)]
        feats.requires_grad_(True)
        per, parts = loss_parts(phase.loss, self.head.logits(feats), teacher, labels, self.head.task)
        grads = torch.autograd.grad(per.sum() / B, [feats] + rest, allow_unused=True)
        d_feats = grads[0]
        for p, g in zip(rest, grads[1:]):
            if self.dist.rank == 0 and g is not None:
                p.grad = g if p.grad is None else p.grad + g
        for i, j, ids, px in passes if tower else []:
            (self.phase_features(phase, ids, px) * d_feats[i:j]).sum().backward()
        return torch.stack([per.detach()] + [parts[k].detach() for k in PARTS], 1)

    def optimizer(self, params):
        """The studio's groups, encoder and head, decay on everything but biases (FLYP's recipe: on everything):
        AdamW (Tip-Adapter-F's and FLYP's own betas and eps) or SGD with momentum 0.9 (src/train/optimizer.ts,
        src/train/sgd.ts)."""
        wd = self.cfg['weightDecay']
        exempt = (lambda n: False) if getattr(self.head, 'DECAY_ALL', False) else (lambda n: n.endswith('.bias'))
        enc = [(n, p) for n, p in params.items() if n in self.trained]
        groups = [
            {'name': 'encoder', 'params': [p for n, p in enc if not exempt(n)], 'weight_decay': wd},
            {'name': 'encoder', 'params': [p for n, p in enc if exempt(n)], 'weight_decay': 0.0},
            {'name': 'head', 'params': [p for n, p in params.items() if n not in self.trained], 'weight_decay': wd},
        ]
        groups = [g for g in groups if g['params']]
        if self.cfg['methodOptions']['optimizer'] == 'sgd':
            return torch.optim.SGD(groups, lr=0.0, momentum=SGD_MOMENTUM, dampening=0, nesterov=False)
        betas, eps = (self.head.BETAS, self.head.EPS) if hasattr(self.head, 'BETAS') else (BETAS, EPS)
        return torch.optim.AdamW(groups, lr=0.0, betas=betas, eps=eps)

    def phases(self):
        """The training loops of the run: LP-FT's head-only probe (cross-entropy, or ProReg with the switch on)
        and then its fine-tuning from the probed head (src/train/trainer.ts probePhase); one loop otherwise."""
        c = self.cfg
        steps_per_epoch = -(-sum(1 for s in self.samples if s['split'] == 'train') // c['batchSize'])
        main = Phase(self.scope, self.loss, self.lr_encoder, self.lr_head, c['epochs'] if self.trains else 0, 0, self.params, True)
        if c['method'] != 'lp-ft':
            return [main]
        probe_epochs = c['methodOptions']['lpft']['probeEpochs']
        head = {k: p for k, p in self.params.items() if k not in self.trained}
        probe = Phase('head', self.loss, c['lrEncoder'] if c['methodOptions']['proreg'] else 0.0, self.lr_head, probe_epochs, 0, head, False)
        main.offset = steps_per_epoch * probe_epochs
        return [probe, main]

    def fit(self, metrics, phase):
        """Seeded epochs of steps with evaluations; the best-validation parameters are restored at the end."""
        c, rank = self.cfg, self.dist.rank
        train_ids = [s['index'] for s in self.samples if s['split'] == 'train']
        steps_per_epoch = -(-len(train_ids) // c['batchSize'])
        total = steps_per_epoch * phase.epochs
        eval_every = max(1, js_round(steps_per_epoch / max(1, c['evalsPerEpoch'])))
        has_val = any(s['split'] == 'val' for s in self.samples)
        optimizer = self.optimizer(phase.params) if phase.epochs else None
        best, step = None, phase.offset
        for epoch in range(phase.epochs):
            order = shuffled(train_ids, make_rng(c['seed'] * 1000003 + epoch))
            for b in range(steps_per_epoch):
                batch = order[b * c['batchSize']:(b + 1) * c['batchSize']]
                loss, table, lrs = self.step(phase, batch, step, total, optimizer)
                if rank == 0:
                    ids = [self.samples[k]['id'] for k in batch]
                    write_line(metrics, step_record(step, epoch, loss, table, ids, lrs['encoder'], lrs['head'], PARTS))
                step += 1
                log(rank, f'step {step - phase.offset}/{total} loss {loss:.4f}')
                if (b + 1) % eval_every == 0 or b == steps_per_epoch - 1:
                    ev = self.evaluate(step, epoch, ['val', 'test', 'ood'], phase.scope)
                    if rank == 0 and phase.write_evals:
                        write_line(metrics, ev)
                    val = ev['splits'].get('val', {}).get('accuracy')
                    if not has_val or best is None or (val if val is not None else -1) > (best['val'] if best['val'] is not None else -1):
                        best = {'step': step, 'val': val, 'params': {k: p.detach().clone() for k, p in phase.params.items()}}
        if best is not None:
            with torch.no_grad():
                for k, p in phase.params.items():
                    p.copy_(best['params'][k])
        return step, best

    def search(self):
        """A head's validation search (Tip-Adapter's search_hp), where it has one and there is a val split."""
        val = [s for s in self.samples if s['split'] == 'val']
        if not hasattr(self.head, 'search') or not val:
            return None
        chosen = self.head.search(self.features[[s['index'] for s in val]], [s['label'] for s in val])
        log(self.dist.rank, f'search: beta {chosen["beta"]:.4f}, alpha {chosen["alpha"]:.4f}, validation accuracy {chosen["accuracy"]:.1f}%')
        return chosen

    def train(self, metrics):
        self.prepare()
        if hasattr(self.head, 'build_cache'):
            train = [s for s in self.samples if s['split'] == 'train']
            self.head.build_cache(self.features[[s['index'] for s in train]], [s['label'] for s in train], len(self.classes))
        step, best = 0, None
        for phase in self.phases():
            step, best = self.fit(metrics, phase)
        searched = self.search()
        self.final_logits = {}
        final = self.evaluate(step, self.cfg['epochs'], ['train', 'val', 'test', 'ood'], keep=self.final_logits)
        if self.dist.rank == 0:
            write_line(metrics, final)
        return step, best, final, searched

    def zero_shot_logits(self, ids):
        """The prompts' zero-shot logits (n, C) on clean views: the teacher's."""
        if self.teacher_logits is not None:
            return self.teacher_logits[ids].cpu()
        out = torch.zeros(len(ids), len(self.classes), device=self.dist.device)
        lo, hi = self.dist.shard(len(ids))
        for i in range(lo, hi, self.cfg['microBatch']):
            chunk = ids[i:min(i + self.cfg['microBatch'], hi)]
            f = self.teacher_features(pixels(self.paths(chunk), self.pre).to(self.dist.device))
            out[i:i + len(chunk)] = cosine_logits(f, self.w0, self.s0)
        return self.dist.sum(out).cpu()

    def sweep(self, alphas):
        """Evaluation-time baselines (src/worker/runs.ts sweep): the output ensemble (1-a) z_ft + a z_zs and
        WiSE-FT, every trained weight at (1-a) theta_zs + a theta_ft. The trained weights are kept."""
        members = self.samples
        ids = [s['index'] for s in members]
        ft, zs = self.logits_for(ids), self.zero_shot_logits(ids)

        def point(a, logits):
            acc, worst = {}, {}
            for split in ['train', 'val', 'test', 'ood']:
                rows = [i for i, s in enumerate(members) if s['split'] == split]
                if rows:
                    ev = evaluate_split(split, [members[i] for i in rows], logits[rows], self.classes)
                    acc[split] = ev['accuracy']
                    if ev['worst_group']:
                        worst[split] = ev['worst_group']['accuracy']
            return {'alpha': a, 'accuracy': acc, 'worst_group': worst}

        ensemble = [point(a, (1 - a) * ft + a * zs) for a in alphas]
        teacher = dict(self.teacher.named_parameters())
        pre = {**{k: teacher[k].detach().clone() for k in self.trained}, 'head.W': self.w0.clone(), 'head.scale': self.s0.clone()}
        tuned = {k: p.detach().clone() for k, p in self.params.items()}
        wise = []
        with torch.no_grad():
            for a in alphas:
                for k, p in self.params.items():
                    p.copy_((1 - a) * pre[k] + a * tuned[k])
                wise.append(point(a, self.logits_for(ids)))
            for k, p in self.params.items():
                p.copy_(tuned[k])
        return {'kind': 'sweep', 'ensemble': ensemble, 'wise': wise}

    def export(self, out):
        W, scale = self.head.class_weights()
        head = {'classes': self.spec['prompt_classes'], 'templates': self.spec['templates'], 'W': W.detach().cpu().tolist(),
                'logit_scale': float(scale), 'method': self.cfg['method'], 'scope': self.scope, 'config': self.cfg}
        export_folder(out, self.args.model, {k: v for k, v in self.model.state_dict().items()}, head)


def sweep_weights(text):
    """--sweep's weights, checked before any work."""
    try:
        alphas = [float(a) for a in text.split(',')]
        if not all(0 <= a <= 1 for a in alphas):
            raise ValueError
    except ValueError:
        raise SystemExit(f'error: --sweep takes weights between 0 and 1 separated by commas, got "{text}"') from None
    return alphas


def main():
    args = parse_args()
    alphas = sweep_weights(args.sweep) if args.sweep else None
    run = Run(args)
    if alphas and not isinstance(run.head, CosineHead):
        raise SystemExit(f'error: --sweep: a {run.cfg["method"]} run has no fine-tuned encoder and cosine head: the ensemble and WiSE-FT sweeps apply to fine-tuning runs')
    rank = run.dist.rank
    log(rank, f'{run.dist.world} process(es) on {run.dist.device}; {len(run.samples)} images; {run.cfg["method"]} · {run.scope}')
    metrics = open(args.metrics, 'w', encoding='utf-8') if rank == 0 else None
    steps, best, final, searched = run.train(metrics)
    if alphas:
        sweep = run.sweep(alphas)
        if rank == 0:
            write_line(metrics, sweep)
    if rank == 0:
        metrics.close()
        run.export(args.out)
        if args.logits:
            ids = sorted(run.final_logits)
            with open(args.logits, 'w', encoding='utf-8') as f:
                json.dump({'ids': ids, 'logits': [run.final_logits[i] for i in ids]}, f)
        summary = {'steps': steps, 'best_step': best['step'] if best else None, **({'searched': searched} if searched else {}), 'final': final, 'out': args.out, 'metrics': args.metrics}
        print(json.dumps(clean(summary)))
    if run.dist.world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
