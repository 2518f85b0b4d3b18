"""NIR round trips against tools no one here wrote (issue 16, part 3), run by scripts/nir-check.

ours: a SpikeStream model exported with `spikestream export --nir` -> nir.read -> snnTorch's import_from_nir, run
on the cache's binned test frames (binary input, as the model was trained), per time step; compares each sample's
output spike counts and prediction with `spikestream infer --predictions` of the same model.

snntorch: a Leaky MLP built and trained here for a few steps on the cache's train frames (reset to zero, no reset
delay: NIR's LIF), exported with export_to_nir -> `spikestream infer --model X.nir` -> same predictions as snnTorch on
every test sample.
"""
import argparse
import json
import subprocess
import sys

import os

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))


def quiet_import(graph):
    """snnTorch's import_from_nir, without the per-neuron arrays it prints when it moves an input gain into a
    threshold."""
    import contextlib
    import io
    from snntorch.import_nir import import_from_nir
    with contextlib.redirect_stdout(io.StringIO()):
        return import_from_nir(graph)


def test_frames(cache, split="test"):
    """(binary frames [T, C, H, W] float32, label) of a split, read by the repository's python/ package."""
    from spikestream import SpikeStreamFrames
    frames = SpikeStreamFrames(cache, split=split, dtype="float32")
    return [(np.minimum(frames[i][0], 1.0), int(frames[i][1])) for i in range(len(frames))]


def run_snntorch(net, x, tau_s=None):
    """Spike counts of the output over the T steps of one sample [T, C, H, W] (batch of one); with tau_s, the sum of
    the engine's output PSC a[t] = (1 - 1/tau_s) a[t-1] + s[t]/tau_s of those spikes instead (a synaptic-LIF
    network outputs its PSC)."""
    import snntorch.utils
    snntorch.utils.reset(net)
    for m in net.modules():
        if hasattr(m, "reset_hidden"):
            m.reset_hidden()
    counts = None
    with torch.no_grad():
        for t in range(x.shape[0]):
            out = net(torch.from_numpy(x[t:t + 1]))
            spikes = out[0] if isinstance(out, tuple) else out
            spikes = spikes.reshape(-1)
            if tau_s is not None:
                psc = spikes / tau_s if counts is None else (1 - 1 / tau_s) * psc + spikes / tau_s
                spikes = psc
            counts = spikes.clone() if counts is None else counts + spikes
    return counts.numpy()


def ours_to_snntorch(binary, model, nir_path, cache):
    import nir
    subprocess.run([binary, "export", model, "--nir", nir_path], check=True, stdout=subprocess.DEVNULL)
    graph = nir.read(nir_path)
    net = quiet_import(graph)
    cuba = [n for n in graph.nodes.values() if isinstance(n, nir.CubaLIF)]
    # A voting output (a Linear after the last neurons) gives each class the mean of its voters: floats.
    voting = any(isinstance(n, nir.Linear) and b == "output" for a, b in graph.edges for n in [graph.nodes[a]])
    tau_s = float(np.ravel(cuba[0].tau_syn)[0] / 1e-4) if cuba else None
    pred_path = nir_path + ".pred.jsonl"
    subprocess.run([binary, "infer", "--model", model, "--cache", cache, "--predictions", pred_path], check=True,
                   stdout=subprocess.DEVNULL)
    ours = [json.loads(line) for line in open(pred_path)]
    samples = test_frames(cache)
    assert len(samples) == len(ours)
    same_counts = same_pred = 0
    diff = 0.0
    for (x, label), o in zip(samples, ours):
        counts = run_snntorch(net, x, tau_s)
        assert o["label"] == label
        ours_counts = np.array(o["output"], dtype=np.float32)
        same_counts += int(np.array_equal(counts, ours_counts) if tau_s is None and not voting
                           else np.allclose(counts, ours_counts, atol=1e-4))
        diff += float(np.abs(counts - ours_counts).sum())
        # argmax with the lowest index winning ties, as the engine's predictions
        same_pred += int(int(np.argmax(counts)) == o["prediction"])
    kind = "psc_sums" if tau_s else "vote_sums" if voting else "spike_counts"
    result = {"model": model, "output": kind, "samples": len(ours),
            "same_outputs": same_counts, "same_predictions": same_pred,
            "abs_count_difference": diff}
    if tau_s:
        result["biases_zeroed"] = synaptic_without_biases(binary, graph, nir_path, cache, samples, tau_s)
    return result


def synaptic_without_biases(binary, graph, nir_path, cache, samples, tau_s):
    """The same graph with every Affine bias set to 0, run by snnTorch and by our import (`infer --model X.nir`):
    the engine adds a bias to the membrane every step, while NIR's CubaLIF (and snnTorch's Synaptic) filter it
    through the synaptic current, which differs only in the first steps; without biases the two must agree."""
    import copy
    import nir
    graph = copy.deepcopy(graph)
    for node in graph.nodes.values():
        if isinstance(node, nir.Affine):
            node.bias = np.zeros_like(node.bias)
    path = nir_path.replace(".nir", ".zero-bias.nir")
    nir.write(path, graph)
    net = quiet_import(nir.read(path))
    subprocess.run([binary, "infer", "--model", path, "--cache", cache, "--predictions", path + ".pred.jsonl"],
                   check=True, stdout=subprocess.DEVNULL)
    ours = [json.loads(line) for line in open(path + ".pred.jsonl")]
    same = pred = 0
    for (x, _), o in zip(samples, ours):
        outputs = run_snntorch(net, x, tau_s)
        same += int(np.allclose(outputs, np.array(o["output"], dtype=np.float32), atol=1e-4))
        pred += int(int(np.argmax(outputs)) == o["prediction"])
    return {"same_outputs": same, "same_predictions": pred}


def run_norse(module, x):
    """Output spike counts of a Norse graph (norse.torch.from_nir) over one sample [T, C, H, W]."""
    state, counts = None, 0
    with torch.no_grad():
        for t in range(x.shape[0]):
            y, state = module(torch.from_numpy(x[t:t + 1]), state)
            counts = counts + y.reshape(-1)
    return counts.numpy()


def unit_r(graph):
    """The same NIR network with every LIF's r moved into the Affine/Conv2d before it (r = 1, weights and bias times
    r): Norse's LIF integrates v += dt/tau·(v_leak - v + I) and ignores r (it warns when r != 1)."""
    import copy
    import nir
    graph = copy.deepcopy(graph)
    for name, node in graph.nodes.items():
        if isinstance(node, nir.LIF):
            r = float(np.ravel(node.r)[0])
            source = graph.nodes[next(a for a, b in graph.edges if b == name)]
            source.weight = source.weight * r
            source.bias = source.bias * r
            node.r = np.ones_like(node.r)
    return graph


def ours_to_norse(model, nir_path, cache):
    """Norse's NIR import (dt = 1e-4) of an export of ours: as read, and with r moved into the weights."""
    import nir
    import norse.torch
    graph = nir.read(nir_path)
    ours = [json.loads(line) for line in open(nir_path + ".pred.jsonl")]
    samples = test_frames(cache)
    result = {"model": model, "samples": len(ours)}
    for label, g in (("as_exported", graph), ("r_in_weights", unit_r(graph))):
        module = norse.torch.from_nir(g, dt=1e-4, ignore_warnings=True)
        same = pred = 0
        for (x, _), o in zip(samples, ours):
            counts = run_norse(module, x)
            same += int(np.array_equal(counts, np.array(o["output"], dtype=np.float32)))
            pred += int(int(np.argmax(counts)) == o["prediction"])
        result[label] = {"same_spike_counts": same, "same_predictions": pred}
    return result


def stream_predictions(binary, nir_path, root, ids, window):
    """`spikestream stream --model X.nir` on each recording: the prediction of its sample_end line."""
    out = []
    for sample_id in ids:
        lines = subprocess.run([binary, "stream", f"{root}/{sample_id}", "--model", nir_path, "--time-window", str(window),
                                "--speed", "max"],
                               check=True, capture_output=True, text=True).stdout.splitlines()
        out.append(next(json.loads(line) for line in reversed(lines) if "sample_end" in line)["prediction"])
    return out


def snntorch_to_ours(binary, cache, nir_path, steps, root=None, window=None):
    import snntorch as snn
    import snntorch.utils
    from snntorch import surrogate
    from snntorch.export_nir import export_to_nir
    torch.manual_seed(0)
    train = test_frames(cache, "train")
    test = test_frames(cache)
    shape = train[0][0].shape[1:]
    n_in = int(np.prod(shape))
    grad = surrogate.atan()
    # Per-neuron beta and threshold: snnTorch 1.0's exporter writes a scalar beta as a shapeless LIF, which nir's
    # type inference then refuses ("1.output: [[64]] -> 2.input: []").
    def leaky(n, **kw):
        return snn.Leaky(beta=torch.full((n,), 0.8), threshold=torch.full((n,), 0.5), spike_grad=grad, init_hidden=True,
                         reset_mechanism="zero", reset_delay=False, **kw)
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(n_in, 64), leaky(64),
                              torch.nn.Linear(64, 10), leaky(10, output=True))
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    rng = np.random.default_rng(0)
    for step in range(steps):
        idx = rng.choice(len(train), 32, replace=False)
        steps_t = min(train[i][0].shape[0] for i in idx)  # time windows: T varies; train on the common part
        xs = torch.from_numpy(np.stack([train[i][0][:steps_t] for i in idx]))  # [B, T, C, H, W]
        ys = torch.tensor([train[i][1] for i in idx])
        snn.utils.reset(net)
        total = 0
        for t in range(xs.shape[1]):
            spk, _ = net(xs[:, t])
            total = total + spk
        loss = torch.nn.functional.cross_entropy(total, ys)
        opt.zero_grad()
        loss.backward()
        opt.step()
    graph = export_to_nir(net, torch.zeros(1, *shape), ignore_dims=[0])
    import nir
    nir.write(nir_path, graph)
    theirs = []
    for x, _ in test:
        snn.utils.reset(net)
        with torch.no_grad():
            counts = sum(net(torch.from_numpy(x[t:t + 1]))[0].reshape(-1) for t in range(x.shape[0]))
        theirs.append(int(np.argmax(counts.numpy())))
    pred_path = nir_path + ".pred.jsonl"
    subprocess.run([binary, "infer", "--model", nir_path, "--cache", cache, "--predictions", pred_path], check=True,
                   stdout=subprocess.DEVNULL)
    lines = [json.loads(line) for line in open(pred_path)]
    ours = [o["prediction"] for o in lines]
    accuracy = sum(int(p == label) for p, (_, label) in zip(theirs, test)) / len(test)
    result = {"samples": len(test), "infer_same_predictions": sum(int(a == b) for a, b in zip(theirs, ours)),
              "snntorch_accuracy": accuracy}
    if root:
        streamed = stream_predictions(binary, nir_path, root, [o["id"] for o in lines], window)
        result["stream_same_predictions"] = sum(int(a == b) for a, b in zip(theirs, streamed))
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--model", action="append", default=[])
    ap.add_argument("--work", required=True)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--dataset-root", help="recordings of the cache, to stream every test sample (needs --time-window)")
    ap.add_argument("--time-window", type=int, help="the cache's time_window binning, µs")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    failures = []
    for i, model in enumerate(a.model):
        r = ours_to_snntorch(a.binary, model, f"{a.work}/ours{i}.nir", a.cache)
        print(json.dumps(r))
        n = r["samples"]
        if r["output"] != "psc_sums" and (r["same_outputs"], r["same_predictions"]) != (n, n):
            failures.append(f"{model}: snnTorch differs on {n - r['same_outputs']} of {n} samples")
        if r["output"] == "psc_sums":
            if (r["biases_zeroed"]["same_outputs"], r["biases_zeroed"]["same_predictions"]) != (n, n):
                failures.append(f"{model} without biases: snnTorch differs on {n - r['biases_zeroed']['same_outputs']} samples")
            if r["same_predictions"] < 0.9 * n:
                failures.append(f"{model}: only {r['same_predictions']} of {n} predictions agree (tolerance: 90 %)")
    if a.model:
        try:
            import norse  # noqa: F401
            r = ours_to_norse(a.model[0], f"{a.work}/ours0.nir", a.cache)
            print(json.dumps({"norse": r}))
            if r["r_in_weights"]["same_spike_counts"] != r["samples"]:
                failures.append("Norse (r moved into the weights) differs from ours")
        except ImportError as error:
            print(f"SKIPPED: Norse's NIR import (norse does not import here: {error})")
    r = snntorch_to_ours(a.binary, a.cache, f"{a.work}/snntorch.nir", a.steps, a.dataset_root, a.time_window)
    print(json.dumps(r))
    for key in ("infer_same_predictions", "stream_same_predictions"):
        if key in r and r[key] != r["samples"]:
            failures.append(f"snnTorch model: {key} {r[key]} of {r['samples']}")
    for failure in failures:
        print("FAILED:", failure)
    checks = 2 * len(a.model) + (1 if "norse" in sys.modules else 0) + 1 + (1 if a.dataset_root else 0)
    print(f"nir-check: {checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
