#!/usr/bin/env python3
"""PyTorch CPU reference numbers for `npm run bench`.

Measures, on CPU with all cores (torch.set_num_threads(os.cpu_count())):

  1. torchvision vit_b_32 (random init, weights=None) forward in eval mode
     under torch.no_grad(): images/s at batch 1, 8 and 32.
  2. One training step at batch 8 that emulates the studio's step: forward of
     the full image encoder (train mode, grads on), a cosine head over 6
     classes on the 768-d output, cross-entropy + KL toward a fixed teacher
     distribution, backward, AdamW step.  images/s = 8 / median step time.

Prints exactly one JSON object on stdout; everything else goes to stderr.
If torch/torchvision cannot be imported it prints
{"available": false, "reason": "..."} and exits 0.

Run with Debian's interpreter (that is where python3-torch lives):

    /usr/bin/python3 bench/reference/torch_vit_b32.py [--quick] [--json PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time

EMBED_DIM = 768
NUM_CLASSES = 6
IMAGE_SIZE = 224
TRAIN_BATCH = 8
KL_WEIGHT = 1.0
KL_TEMPERATURE = 2.0

# Environment variables reported (never modified) for transparency.
REPORTED_ENV = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
)

# (batch, warm-up runs, timed runs)
FORWARD_PLAN_FULL = [(1, 3, 15), (8, 2, 7), (32, 1, 4)]
FORWARD_PLAN_QUICK = [(1, 2, 5), (8, 1, 3), (32, 1, 2)]
TRAIN_PLAN_FULL = (2, 6)
TRAIN_PLAN_QUICK = (1, 3)


def log(msg: str) -> None:
    print(f"[torch-ref] {msg}", file=sys.stderr, flush=True)


def emit(result: dict, json_path: str | None) -> None:
    text = json.dumps(result)
    if json_path:
        parent = os.path.dirname(os.path.abspath(json_path))
        os.makedirs(parent, exist_ok=True)
        with open(json_path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(result, indent=2) + "\n")
        log(f"wrote {json_path}")
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def env_report() -> dict:
    return {name: os.environ.get(name) for name in REPORTED_ENV}


def load_1m() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def cpu_snapshot() -> tuple[float, float, float] | None:
    """(wall s, busy CPU-seconds of the whole machine, CPU-seconds of this process)."""
    try:
        with open("/proc/stat", encoding="utf-8") as fh:
            fields = fh.readline().split()
        # user nice system idle iowait irq softirq steal ...
        ticks = [int(v) for v in fields[1:9]]
        busy = sum(ticks) - ticks[3] - ticks[4]
        hz = os.sysconf("SC_CLK_TCK")
        t = os.times()
        return time.perf_counter(), busy / hz, t.user + t.system
    except (OSError, ValueError, IndexError):
        return None


def other_cpu_fraction(start, end) -> float | None:
    """Share of all cores that *other* processes used while the benchmark ran."""
    if start is None or end is None:
        return None
    wall = end[0] - start[0]
    others = (end[1] - start[1]) - (end[2] - start[2])
    ncpu = os.cpu_count() or 1
    if wall <= 0:
        return None
    return round(min(max(others / (wall * ncpu), 0.0), 1.0), 3)


def blas_report(torch) -> str:
    """Describe the BLAS torch uses: build info + the library actually loaded."""
    parts = []
    config = torch.__config__.show()
    for key in ("BLAS_INFO", "LAPACK_INFO"):
        marker = key + "="
        idx = config.find(marker)
        if idx >= 0:
            value = config[idx + len(marker):].split(",", 1)[0].strip()
            parts.append(f"{key}={value}")
    if "MKL-DNN" in config or "oneDNN" in config:
        parts.append("oneDNN=on")

    loaded = None
    try:  # threadpoolctl is optional (python3-threadpoolctl)
        import threadpoolctl  # type: ignore

        infos = [
            f"{i.get('internal_api')} {i.get('version')} "
            f"({i.get('threading_layer')}, {i.get('num_threads')} threads, "
            f"{i.get('architecture')})"
            for i in threadpoolctl.threadpool_info()
            if i.get("user_api") == "blas"
        ]
        if infos:
            loaded = "; ".join(infos)
    except Exception:
        pass
    if loaded is None:
        try:
            libs = []
            with open("/proc/self/maps", encoding="utf-8") as fh:
                for line in fh:
                    path = line.rsplit(None, 1)[-1]
                    base = os.path.basename(path).lower()
                    if ("blas" in base or "mkl" in base) and path not in libs:
                        libs.append(path)
            if libs:
                loaded = ", ".join(libs)
        except OSError:
            pass
    if loaded:
        parts.append(f"loaded: {loaded}")
    return "; ".join(parts) if parts else "unknown"


def median_rate(times: list[float], batch: int) -> float:
    return batch / statistics.median(times)


def timing_row(metric: str, batch: int, times: list[float], warmup: int) -> dict:
    """A summary row: images/s from the median time, with the timing detail the TS rows carry."""
    return {
        "metric": metric,
        "batch": batch,
        "value": round(median_rate(times, batch), 3),
        "unit": "images/s",
        "median_ms": round(statistics.median(times) * 1000, 2),
        "min_ms": round(min(times) * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "iterations": len(times),
        "warmup": warmup,
    }


def bench_forward(torch, torchvision, plan) -> list[dict]:
    model = torchvision.models.vit_b_32(weights=None).eval()
    rows = []
    with torch.no_grad():
        for batch, warmup, iters in plan:
            x = torch.randn(batch, 3, IMAGE_SIZE, IMAGE_SIZE)
            for _ in range(warmup):
                model(x)
            times = []
            for _ in range(iters):
                t0 = time.perf_counter()
                out = model(x)
                times.append(time.perf_counter() - t0)
            assert out.shape == (batch, 1000), out.shape
            rate = median_rate(times, batch)
            log(
                f"forward batch {batch}: median {statistics.median(times) * 1000:.1f} ms "
                f"-> {rate:.2f} images/s ({warmup} warm-up, {iters} timed)"
            )
            rows.append(timing_row("vit-b32-forward", batch, times, warmup))
    del model
    return rows


def bench_train_step(torch, torchvision, plan) -> dict:
    nn = torch.nn
    F = torch.nn.functional

    class CosineHead(nn.Module):
        """Bias-free linear head on L2-normalised features, times a logit scale."""

        def __init__(self, dim: int, classes: int) -> None:
            super().__init__()
            self.linear = nn.Linear(dim, classes, bias=False)
            # CLIP-style learnable log scale, initialised to 1/0.07.
            self.log_scale = nn.Parameter(torch.tensor(float(torch.log(torch.tensor(1 / 0.07)))))

        def forward(self, feats):
            feats = F.normalize(feats, dim=-1)
            weight = F.normalize(self.linear.weight, dim=-1)
            scale = self.log_scale.exp().clamp(max=100.0)
            return scale * F.linear(feats, weight)

    encoder = torchvision.models.vit_b_32(weights=None)
    encoder.heads = nn.Identity()  # full encoder -> 768-d class-token embedding
    head = CosineHead(EMBED_DIM, NUM_CLASSES)
    encoder.train()
    head.train()
    params = list(encoder.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(
        params, lr=1e-5, betas=(0.9, 0.98), eps=1e-8, weight_decay=0.01
    )

    x = torch.randn(TRAIN_BATCH, 3, IMAGE_SIZE, IMAGE_SIZE)
    labels = torch.randint(0, NUM_CLASSES, (TRAIN_BATCH,))
    teacher_logits = torch.randn(TRAIN_BATCH, NUM_CLASSES) * 3.0  # fixed teacher
    teacher_probs = F.softmax(teacher_logits / KL_TEMPERATURE, dim=-1)

    def step() -> float:
        optimizer.zero_grad(set_to_none=True)
        feats = encoder(x)
        logits = head(feats)
        ce = F.cross_entropy(logits, labels)
        kl = F.kl_div(
            F.log_softmax(logits / KL_TEMPERATURE, dim=-1),
            teacher_probs,
            reduction="batchmean",
        ) * (KL_TEMPERATURE ** 2)
        loss = ce + KL_WEIGHT * kl
        loss.backward()
        optimizer.step()
        return float(loss.detach())

    warmup, iters = plan
    for _ in range(warmup):
        step()
    times = []
    losses = []
    for _ in range(iters):
        t0 = time.perf_counter()
        losses.append(step())
        times.append(time.perf_counter() - t0)
    if not all(l == l and abs(l) != float("inf") for l in losses):
        raise RuntimeError(f"non-finite loss during train step: {losses}")
    rate = median_rate(times, TRAIN_BATCH)
    log(
        f"train step batch {TRAIN_BATCH}: median {statistics.median(times) * 1000:.1f} ms "
        f"-> {rate:.2f} images/s ({warmup} warm-up, {iters} timed; "
        f"loss {losses[0]:.4f} -> {losses[-1]:.4f})"
    )
    return timing_row("vit-b32-train-step", TRAIN_BATCH, times, warmup)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer iterations (finishes in < 2 minutes on a 2-core machine)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the result object to PATH")
    args = parser.parse_args(argv)

    try:
        # Anything a library prints while importing goes to stderr, not stdout.
        with contextlib.redirect_stdout(sys.stderr):
            import torch
            import torchvision
    except Exception as exc:  # ImportError, or a broken native library
        emit(
            {
                "available": False,
                "reason": f"cannot import torch/torchvision with {sys.executable}: "
                f"{type(exc).__name__}: {exc}",
            },
            args.json,
        )
        return 0

    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    started = time.perf_counter()
    result = {
        "available": True,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "blas": blas_report(torch),
        "env": env_report(),
        "mode": "quick" if args.quick else "full",
        # 1-minute load average before/after: other processes on the machine
        # (a concurrent test run, say) slow every row down.
        "loadavg_1m": {"start": load_1m(), "end": None},
        # share of all cores used by other processes during the run (0..1);
        # much above 0.05 means the numbers are depressed by contention.
        "other_cpu_fraction": None,
        "rows": [],
    }
    log(
        f"torch {result['torch']}, torchvision {result['torchvision']}, "
        f"{result['threads']} threads, blas: {result['blas']}"
    )
    log(f"env: {result['env']}; 1-min load average {result['loadavg_1m']['start']}")

    snap_start = cpu_snapshot()
    try:
        with contextlib.redirect_stdout(sys.stderr):
            result["rows"].extend(
                bench_forward(
                    torch, torchvision, FORWARD_PLAN_QUICK if args.quick else FORWARD_PLAN_FULL
                )
            )
            result["rows"].append(
                bench_train_step(
                    torch, torchvision, TRAIN_PLAN_QUICK if args.quick else TRAIN_PLAN_FULL
                )
            )
    except Exception as exc:
        emit(
            {
                "available": False,
                "reason": f"torch benchmark failed: {type(exc).__name__}: {exc}",
                "torch": result["torch"],
                "env": result["env"],
            },
            args.json,
        )
        return 1

    result["loadavg_1m"]["end"] = load_1m()
    result["other_cpu_fraction"] = other_cpu_fraction(snap_start, cpu_snapshot())
    if result["other_cpu_fraction"] is not None:
        log(f"other processes used {result['other_cpu_fraction'] * 100:.1f}% of the CPU meanwhile")
    result["elapsed_s"] = round(time.perf_counter() - started, 1)
    log(f"done in {result['elapsed_s']} s")
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
