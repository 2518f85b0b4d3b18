#!/usr/bin/env python3
"""PyTorch CPU side of `spikestream bench snn`: the same networks, rule and input, eager PyTorch on 2 threads.

MLP 2312-400-400-10 (T=16, B=64) and CNN 12C5-P2-64C5-P2-10 (T=16, B=32) on random 34×34×2 spike frames at
~8 % density; STBP LIF (decay 0.2, Vth 0.5, reset to zero, rectangular surrogate width 1), rate-MSE loss, Adam.
Prints one JSON line per network like the Swift command (median of --repeat batches).

Run: scripts/.venv-torch/bin/python scripts/bench_snn.py [--repeat 5] [--density 0.08] [--network mlp|cnn|both]
     scripts/.venv-torch/bin/python scripts/bench_snn.py --report SWIFT.jsonl TORCH.jsonl   (Markdown table)
scripts/bench-snn runs both sides, one network per process (so peak RSS is per network), and prints the table.
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn

DECAY, VTH, WIDTH = 0.2, 0.5, 1.0


class RectSpike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (u >= VTH).float()

    @staticmethod
    def backward(ctx, g):
        (u,) = ctx.saved_tensors
        return g * ((u - VTH).abs() < WIDTH / 2).float() / WIDTH


class SNN(nn.Module):
    """Synaptic layers applied to all T·B rows at once, LIF loops over time (as the Swift engine does)."""
    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        if kind == "mlp":
            self.syn = nn.ModuleList([nn.Linear(2312, 400), nn.Linear(400, 400), nn.Linear(400, 10)])
        else:
            self.syn = nn.ModuleList([nn.Conv2d(2, 12, 5), nn.Conv2d(12, 64, 5), nn.Linear(64 * 5 * 5, 10)])

    @staticmethod
    def lif(current, T):
        current = current.reshape(T, -1, *current.shape[1:])
        v = torch.zeros_like(current[0])
        out = []
        for t in range(T):
            u = DECAY * v + current[t]
            s = RectSpike.apply(u)
            v = u * (1 - s)
            out.append(s)
        return torch.stack(out).reshape(-1, *current.shape[2:])

    def forward(self, x):  # x: [B, T, 2, 34, 34]
        B, T = x.shape[:2]
        h = x.transpose(0, 1).reshape(T * B, *x.shape[2:])
        if self.kind == "mlp":
            h = h.reshape(T * B, -1)
            for layer in self.syn:
                h = self.lif(layer(h), T)
        else:
            h = nn.functional.avg_pool2d(self.lif(self.syn[0](h), T), 2)
            h = nn.functional.avg_pool2d(self.lif(self.syn[1](h), T), 2)
            h = self.lif(self.syn[2](h.reshape(T * B, -1)), T)
        return h.reshape(T, B, -1)


def bench(kind, batch, steps, density, repeat):
    torch.manual_seed(1)
    net = SNN(kind)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = (torch.rand(batch, steps, 2, 34, 34) < density).float()
    y = nn.functional.one_hot(torch.arange(batch) % 10, 10).float()

    def train():
        opt.zero_grad()
        loss = 0.5 * ((net(x).mean(0) - y) ** 2).sum() / batch
        loss.backward()
        opt.step()

    def infer():
        with torch.no_grad():
            net(x).sum(0).argmax(1)

    def median(fn):
        fn()
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    tr, inf = median(train), median(infer)
    print(json.dumps({"bench": f"torch-snn-{kind}", "train_samples_per_s": batch / tr,
                      "infer_samples_per_s": batch / inf, "batch": batch, "time_steps": steps,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


def report(swift_path, torch_path):
    """One Markdown table from the JSON lines of `spikestream bench snn` and of this script."""
    def load(path):
        return {r["bench"].split("-")[-1]: r for r in (json.loads(line) for line in open(path) if line.startswith("{"))}
    swift, torch_rows = load(swift_path), load(torch_path)
    names = {"mlp": "MLP 2312-400-400-10, T=16, B=64", "cnn": "CNN 12C5-P2-64C5-P2-10, T=16, B=32"}
    print("| network | SpikeStream train / infer (samples/s) | PyTorch train / infer | speed-up train / infer "
          "| peak RSS (ours / torch) |")
    print("|---|---:|---:|---:|---:|")
    for key, name in names.items():
        if key not in swift or key not in torch_rows:
            continue
        s, t = swift[key], torch_rows[key]
        print(f"| {name} | {s['train_samples_per_s']:,.0f} / {s['infer_samples_per_s']:,.0f} "
              f"| {t['train_samples_per_s']:,.0f} / {t['infer_samples_per_s']:,.0f} "
              f"| {s['train_samples_per_s'] / t['train_samples_per_s']:.1f}× / "
              f"{s['infer_samples_per_s'] / t['infer_samples_per_s']:.1f}× "
              f"| {s['peak_rss_mb']:,.0f} MB / {t['peak_rss_mb']:,.0f} MB |")
    print(f"\nPyTorch {next(iter(torch_rows.values()))['torch']} on "
          f"{next(iter(torch_rows.values()))['threads']} threads; medians of the timed batches.")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--density", type=float, default=0.08)
    ap.add_argument("--network", default="both", choices=["mlp", "cnn", "both"])
    ap.add_argument("--report", nargs=2, metavar=("SWIFT_JSONL", "TORCH_JSONL"))
    args = ap.parse_args()
    if args.report:
        report(*args.report)
        return
    torch.set_num_threads(2)
    for kind, batch in (("mlp", 64), ("cnn", 32)):
        if args.network in ("both", kind):
            bench(kind, batch, 16, args.density, args.repeat)


if __name__ == "__main__":
    main()
