#!/usr/bin/env python3
"""Reference gradients for SpikeNet's learning rules, computed with PyTorch from the papers' equations.

Writes Tests/SpikeNetTests/Fixtures/snn_gradients.json. Each case is a tiny network (flatten → Dense 6→5 → spiking
→ Dense 5→3 → spiking, T steps, batch 2) with fixed weights and binary inputs; the Swift tests rebuild it, load
the weights and compare loss and every parameter gradient (relative error < 1e-4).

The formulations here are deliberately different from the Swift engine's, so agreement checks the maths:
  STBP   autograd through the LIF loop (reset path included), spike = custom Function with surrogate h1..h4
  BPSA   custom Functions for ∂s/∂u = s/u (Eq. 9) and for the BPTA carry λ[(1 − s) + α ∂s/∂u] (Eq. 10);
         with warm-up, neurons silent through a sample's window (found by a first no-grad pass) use sigmoid′ (0.2)
  TSSL   custom Function whose backward runs Eq. 14's θ recurrence over firing times (inter + intra terms)
  MT     the paper's forward-mode eligibility trace (Eq. 12) with errors from Eq. 9–10, no autograd

Run: scripts/.venv-torch/bin/python scripts/make_snn_gradient_fixtures.py
(venv: python3 -m venv scripts/.venv-torch && scripts/.venv-torch/bin/pip install torch==2.5.1 numpy==2.1.3)
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "SpikeNetTests", "Fixtures", "snn_gradients.json")
B, NIN, NH, NOUT = 2, 6, 5, 3


def surrogate(kind, a, u, vth):
    d = u - vth
    if kind == "rectangular":
        return (d.abs() < a / 2).double() / a
    if kind == "triangular":
        r = math.sqrt(a)
        return (r / 2 - a / 4 * d.abs()).clamp(min=0) * (d.abs() < 2 / r).double()
    if kind == "sigmoid":
        e = torch.exp((vth - u) / a)
        return e / (a * (1 + e) ** 2)
    if kind == "gaussian":
        return torch.exp(-d * d / (2 * a)) / math.sqrt(2 * math.pi * a)
    raise ValueError(kind)


class SurrogateSpike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, vth, kind, a):
        ctx.save_for_backward(u)
        ctx.params = (vth, kind, a)
        return (u >= vth).double()

    @staticmethod
    def backward(ctx, g):
        (u,) = ctx.saved_tensors
        vth, kind, a = ctx.params
        return g * surrogate(kind, a, u, vth), None, None, None


def bpsa_derivative(u, s, silent, vth):
    """The warm-up's ∂o/∂u: sigmoid′ (temperature 0.2) for neurons that never fire in the window, else Eq. 9."""
    return torch.where(silent, surrogate("sigmoid", 0.2, u, vth), s / u)


class BPSASpike(torch.autograd.Function):
    """Eq. 9: ∂o/∂u = 1/u where the neuron fired, 0 elsewhere (warm-up: see bpsa_derivative)."""
    @staticmethod
    def forward(ctx, u, vth, silent):
        s = (u >= vth).double()
        ctx.save_for_backward(u, s, silent)
        ctx.vth = vth
        return s

    @staticmethod
    def backward(ctx, g):
        u, s, silent = ctx.saved_tensors
        if not silent.any():
            return g * s / u, None, None
        return g * bpsa_derivative(u, s, silent, ctx.vth), None, None


class BPTACarry(torch.autograd.Function):
    """The membrane carried to the next step, u·(1 − s); Eq. 10 gives its derivative (1 − s) + α·∂s/∂u."""
    @staticmethod
    def forward(ctx, u, s, alpha, silent, vth):
        ctx.save_for_backward(u, s, silent)
        ctx.alpha, ctx.vth = alpha, vth
        return u * (1 - s)

    @staticmethod
    def backward(ctx, g):
        u, s, silent = ctx.saved_tensors
        if not silent.any():
            return g * ((1 - s) + ctx.alpha * s / u), None, None, None, None
        return g * ((1 - s) + ctx.alpha * bpsa_derivative(u, s, silent, ctx.vth)), None, None, None, None


def lif_layer(current, case):
    """current: [T, B, N] → spikes [T, B, N] through the configured LIF + rule."""
    n, rule = case["neuron"], case["rule"]
    silent = torch.zeros_like(current[0], dtype=torch.bool)
    if rule.get("warm_up"):
        with torch.no_grad():
            v, fired = torch.zeros_like(current[0]), torch.zeros_like(silent)
            for t in range(current.shape[0]):
                u = n["decay"] * v + current[t]
                fired |= u >= n["threshold"]
                v = u * (u < n["threshold"]).double()
            silent = ~fired
    v = torch.zeros_like(current[0])
    out = []
    for t in range(current.shape[0]):
        u = n["decay"] * v + current[t]
        if rule["kind"] == "stbp":
            s = SurrogateSpike.apply(u, n["threshold"], rule["surrogate"], rule["a"])
            v = u * (1 - s)
        else:
            s = BPSASpike.apply(u, n["threshold"], silent)
            v = BPTACarry.apply(u, s.detach(), rule["alpha"], silent, n["threshold"])
        out.append(s)
    return torch.stack(out)


class TSSLNeuron(torch.autograd.Function):
    """Forward: synaptic LIF, returns the PSC. Backward: δu[m] = Σ_k φ(k, m)·∂L/∂a[k] with φ from Eq. 11–14."""
    @staticmethod
    def forward(ctx, current, n, rule):
        T = current.shape[0]
        decay, psc_decay = 1 - 1 / n["tau_m"], 1 - 1 / n["tau_s"]
        v = torch.zeros_like(current[0])
        a = torch.zeros_like(current[0])
        us, ss, dus, psc = [], [], [], []
        for t in range(T):
            u = decay * v + current[t]
            s = (u >= n["threshold"]).double()
            us.append(u); ss.append(s); dus.append(u - v)
            a = psc_decay * a + s / n["tau_s"]
            psc.append(a)
            v = u * (1 - s) if n["reset"] == "zero" else u - n["threshold"] * s
        ctx.save_for_backward(torch.stack(us), torch.stack(ss), torch.stack(dus), torch.stack(psc))
        ctx.n, ctx.rule = n, rule
        return torch.stack(psc)

    @staticmethod
    def backward(ctx, g):
        """δ[t] = ∂L/∂I[t] by the θ recurrence over firing times (Eq. 11-14, δ only through firing times):
        E[t] = Σ_{k≥t} ε[k−t]·g[k]; going back in time, at a firing step δ = c·(E + θ·R/τm) and θ = δ, between
        firing steps θ decays by (1 − 1/τm) per step; R = Vth (subtract) or u (reset to zero);
        c = 1/du (0 where du ≤ 0), or with the clamp −clamp(−1/du, −8, 0); warm-up: δ = E·sigmoid′(u) where a < 1/(4τs)."""
        u, s, du, psc = ctx.saved_tensors
        n, rule = ctx.n, ctx.rule
        T = u.shape[0]
        tau_s, theta_m, vth = n["tau_s"], 1 / n["tau_m"], n["threshold"]
        eps = [(1 / tau_s) * (1 - 1 / tau_s) ** d for d in range(T)]
        E = torch.stack([sum(eps[k - t] * g[k] for k in range(t, T)) for t in range(T)])
        if rule["clamp"]:
            c = -torch.clamp(-1 / du, -8, 0)
        else:
            c = torch.where(du > 0, 1 / torch.where(du > 0, du, torch.ones_like(du)), torch.zeros_like(du))
        R = u if n["reset"] == "zero" else torch.full_like(u, vth)
        fired = s > 0
        theta = torch.zeros_like(u[0])
        out = torch.zeros_like(u)
        for t in range(T - 1, -1, -1):
            d = torch.where(fired[t], c[t] * (E[t] + theta * R[t] * theta_m), torch.zeros_like(theta))
            theta = torch.where(fired[t], d, theta * (1 - theta_m))
            if rule["warm_up"]:
                f = torch.exp(torch.clamp((vth - u[t]) / 0.2, -8, 8))  # sigmoid′, exponent clamped to ±8
                d = torch.where(psc[t] < 1 / (4 * tau_s), E[t] * f / ((1 + f) ** 2 * 0.2), d)
            out[t] = d
        return out, None, None


def mt_f(curve, u, n, r):
    vth, smax, ah, aw = n["threshold"], n["max_spikes"], r["alpha_h"], r["alpha_w"]
    if curve == "f1":
        return sum(i * ah * torch.exp(-(u - i * vth) ** 2 / (aw / i)) for i in range(1, smax + 1))
    if curve == "f2":
        return sum(ah * torch.exp(-(u - i * vth) ** 2 / aw) for i in range(1, smax + 1))
    out = torch.zeros_like(u)
    out = torch.where((u >= 0) & (u < vth), ah * u / vth, out)
    out = torch.where((u >= vth) & (u < smax * vth), torch.full_like(u, ah), out)
    out = torch.where((u >= smax * vth) & (u < (smax + 1) * vth), ah * (smax + 1 - u / vth), out)
    return out


def multi_threshold_case(case, x, labels, params):
    """Forward-mode gradients of Xu et al.: e[t] = (λe[t−1] + x[t]) / (1 + f(u[t])·Vth) (Eq. 12), dW = Σ_t δ[t]·e[t]."""
    n, r = case["neuron"], case["rule"]
    lam, vth, smax = 1 - 1 / n["tau_m"], n["threshold"], n["max_spikes"]
    T = x.shape[0]
    W1, b1, W2, b2 = params
    y = torch.full((B, NOUT), float(case["loss"]["other"]))
    y[torch.arange(B), torch.tensor(labels)] = float(case["loss"]["target"])
    state = {}
    grads = {k: torch.zeros_like(p) for k, p in zip(["W1", "b1", "W2", "b2"], params)}
    loss = 0.0
    v1 = torch.zeros(B, NH); v2 = torch.zeros(B, NOUT)
    e1 = torch.zeros(B, NIN, NH); eb1 = torch.zeros(B, NH)
    e2 = torch.zeros(B, NH, NOUT); eb2 = torch.zeros(B, NOUT)
    for t in range(T):
        u1 = lam * v1 + x[t] @ W1 + b1
        s1 = torch.clamp(torch.floor(u1 / vth), 0, smax)
        v1 = u1 - vth * s1
        u2 = lam * v2 + s1 @ W2 + b2
        s2 = torch.clamp(torch.floor(u2 / vth), 0, smax)
        v2 = u2 - vth * s2
        f1, f2 = mt_f(r["curve"], u1, n, r), mt_f(r["curve"], u2, n, r)
        c1, c2 = 1 / (1 + f1 * vth), 1 / (1 + f2 * vth)
        e1 = (lam * e1 + x[t][:, :, None]) * c1[:, None, :]
        eb1 = (lam * eb1 + 1) * c1
        e2 = (lam * e2 + s1[:, :, None]) * c2[:, None, :]
        eb2 = (lam * eb2 + 1) * c2
        loss += 0.5 * ((y - s2) ** 2).sum().item() / B
        d2 = (s2 - y) * f2 / B               # Eq. 10
        d1 = f1 * (d2 @ W2.T)                 # Eq. 9
        grads["W2"] += (d2[:, None, :] * e2).sum(0); grads["b2"] += (d2 * eb2).sum(0)
        grads["W1"] += (d1[:, None, :] * e1).sum(0); grads["b1"] += (d1 * eb1).sum(0)
    return loss, [grads["W1"], grads["b1"], grads["W2"], grads["b2"]]


def run_case(case, seed):
    g = torch.Generator().manual_seed(seed)
    T = case["time_steps"]
    x = (torch.rand(B, T, NIN, generator=g) < case["input_density"]).double()
    labels = [0, 2]
    scale = case["weight_scale"]
    W1 = ((torch.rand(NIN, NH, generator=g) * 2 - 1) * scale + case["weight_shift"])
    b1 = (torch.rand(NH, generator=g) * 2 - 1) * scale * 0.2
    W2 = ((torch.rand(NH, NOUT, generator=g) * 2 - 1) * scale + case["weight_shift"])
    b2 = (torch.rand(NOUT, generator=g) * 2 - 1) * scale * 0.2
    # Round to float32 so the Swift engine (Float) starts from exactly these values.
    params = [p.float().double() for p in (W1, b1, W2, b2)]
    W1, b1, W2, b2 = params
    xt = x.permute(1, 0, 2)  # time-major
    kind = case["rule"]["kind"]
    if kind == "mt":
        loss, grads = multi_threshold_case(case, xt, labels, params)
        rates = None
    else:
        for p in params:
            p.requires_grad_(True)
        if kind == "tssl":
            n = case["neuron"]
            a0, acc = [], torch.zeros(B, NIN)
            for t in range(T):
                acc = (1 - 1 / n["tau_s"]) * acc + xt[t] / n["tau_s"]
                a0.append(acc)
            a0 = torch.stack(a0)
            h = TSSLNeuron.apply(a0 @ W1 + b1, n, case["rule"])
            out = TSSLNeuron.apply(h @ W2 + b2, n, case["rule"])
            L = case["loss"]
            target = torch.zeros(T, B, NOUT)
            for b in range(B):
                for k in range(NOUT):
                    count = L["target"] if k == labels[b] else L["other"]
                    train = torch.zeros(T)
                    for j in range(count):
                        train[int((j + 0.5) * T / count)] = 1
                    acc = 0.0
                    for t in range(T):
                        acc = (1 - 1 / n["tau_s"]) * acc + train[t] / n["tau_s"]
                        target[t, b, k] = acc
            lossT = 0.5 * ((out - target) ** 2).sum() / B
        else:
            h = lif_layer(xt @ W1 + b1, case)
            out = lif_layer(h @ W2 + b2, case)
            y = torch.zeros(B, NOUT)
            y[torch.arange(B), torch.tensor(labels)] = 1
            lossT = 0.5 * ((out.mean(0) - y) ** 2).sum() / B
        lossT.backward()
        loss = lossT.item()
        grads = [p.grad for p in params]
        rates = [h.detach().mean().item(), out.detach().mean().item()]
    names = ["layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"]
    return {
        **case,
        "input": x.flatten().tolist(),
        "labels": labels,
        "parameters": {k: p.detach().flatten().tolist() for k, p in zip(names, params)},
        "loss": loss,
        "gradients": {k: gr.detach().flatten().tolist() for k, gr in zip(names, grads)},
        "mean_outputs": rates,
    }


def main():
    lif = {"decay": 0.2, "threshold": 0.5}
    cases = []
    for i, (kind, a) in enumerate([("rectangular", 1.0), ("triangular", 1.0), ("sigmoid", 0.25), ("gaussian", 0.3)]):
        cases.append({"name": f"stbp-{kind}", "neuron": lif, "rule": {"kind": "stbp", "surrogate": kind, "a": a},
                      "time_steps": 5, "input_density": 0.5, "weight_scale": 0.8, "weight_shift": 0.2})
    for alpha in (0.2, 0.0):
        cases.append({"name": f"bpsa-alpha{alpha}", "neuron": {"decay": 0.9, "threshold": 0.5},
                      "rule": {"kind": "bpsa", "alpha": alpha},
                      "time_steps": 6, "input_density": 0.5, "weight_scale": 0.8, "weight_shift": 0.15})
    for curve in ("f1", "f2", "f3"):
        cases.append({"name": f"mt-{curve}", "neuron": {"tau_m": 10, "threshold": 1.0, "max_spikes": 3},
                      "rule": {"kind": "mt", "curve": curve, "alpha_h": 1.0, "alpha_w": 0.5},
                      "loss": {"target": 2, "other": 0},
                      "time_steps": 2, "input_density": 0.6, "weight_scale": 1.5, "weight_shift": 0.6})
    for reset, clamp, warm in (("subtract", False, True), ("zero", True, True), ("subtract", False, False)):
        cases.append({"name": f"tssl-{reset}-clamp{int(clamp)}-warm{int(warm)}",
                      "neuron": {"tau_m": 5.0, "tau_s": 3.0, "threshold": 1.0, "reset": reset},
                      "rule": {"kind": "tssl", "clamp": clamp, "warm_up": warm},
                      "loss": {"target": 3, "other": 1},
                      "time_steps": 8, "input_density": 0.6, "weight_scale": 3.0, "weight_shift": 1.5})
    # Appended last so the seeds (100 + position) of the cases above stay as they were.
    cases.append({"name": "bpsa-warm-up", "neuron": {"decay": 0.9, "threshold": 0.5},
                  "rule": {"kind": "bpsa", "alpha": 0.2, "warm_up": True},
                  "time_steps": 6, "input_density": 0.5, "weight_scale": 0.8, "weight_shift": -0.05})
    out = [run_case(c, 100 + i) for i, c in enumerate(cases)]
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/make_snn_gradient_fixtures.py", "torch": torch.__version__,
                   "batch": B, "inputs": NIN, "hidden": NH, "outputs": NOUT, "cases": out}, f, indent=1)
    for c in out:
        print(c["name"], "loss", round(c["loss"], 6), "rates", c["mean_outputs"],
              "max|grad|", max(max(abs(v) for v in g) for g in c["gradients"].values()))


if __name__ == "__main__":
    main()
