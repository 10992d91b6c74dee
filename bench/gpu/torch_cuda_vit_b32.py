"""PyTorch reference on a CUDA GPU: torchvision vit_b_32 (random weights, float32) forward images/s at
batch 1, 8, 32 and a full-encoder training step at batch 8 (cosine head, CE + KL to a fixed teacher,
AdamW), the same work as bench/gpu/webgpu-bench.ts measures with tfjs WebGPU. Prints one JSON object."""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F
import torchvision


def timed(fn, warmup: int, iters: int) -> float:
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    dev = torch.device("cuda")
    torch.backends.cuda.matmul.allow_tf32 = False  # float32 like the browser
    torch.backends.cudnn.allow_tf32 = False
    rows = []
    model = torchvision.models.vit_b_32(weights=None).to(dev).eval()
    with torch.no_grad():
        for batch in (1, 8, 32):
            x = torch.randn(batch, 3, 224, 224, device=dev)
            s = timed(lambda: model(x), 5, 20)
            rows.append({"metric": "vit-b32-forward", "batch": batch, "value": round(batch / s, 2), "unit": "images/s", "median_ms": round(s * 1000, 3)})
    encoder = torchvision.models.vit_b_32(weights=None)
    encoder.heads = torch.nn.Identity()
    encoder = encoder.to(dev).train()
    w = torch.nn.Parameter(torch.randn(6, 768, device=dev))
    scale = torch.nn.Parameter(torch.tensor(4.6, device=dev))
    opt = torch.optim.AdamW(list(encoder.parameters()) + [w, scale], lr=1e-5, betas=(0.9, 0.98), eps=1e-8, weight_decay=0.01)
    x = torch.randn(8, 3, 224, 224, device=dev)
    y = torch.randint(0, 6, (8,), device=dev)
    teacher = F.softmax(torch.randn(8, 6, device=dev) * 3, dim=-1)

    def step():
        opt.zero_grad(set_to_none=True)
        logits = scale.exp() * F.normalize(encoder(x), dim=-1) @ F.normalize(w, dim=-1).T
        loss = F.cross_entropy(logits, y) + F.kl_div(F.log_softmax(logits, -1), teacher, reduction="batchmean")
        loss.backward()
        opt.step()
        return loss.item()  # one device read per step, as the studio does

    s = timed(step, 3, 15)
    rows.append({"metric": "vit-b32-train-step", "batch": 8, "value": round(8 / s, 2), "unit": "images/s", "median_ms": round(s * 1000, 3)})
    print(json.dumps({"torch": torch.__version__, "device": torch.cuda.get_device_name(0), "dtype": "float32 (TF32 off)", "rows": rows}))


if __name__ == "__main__":
    sys.exit(main())
