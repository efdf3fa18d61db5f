#!/usr/bin/python3
"""Train the keyword cascade's Java screen: a tiny dense net on decimated, band-pooled log-mel.

Run from the repository root after train_keywords.py has cached its clips (same data, voices, seeds):

    nice -n 10 /usr/bin/python3 models/audio/train_screen.py   # ~10 min CPU on a loaded 2-core VM

Writes models/audio/keyword_screen.tsv (weights, read by io.edgeenergy.examples.audio.PooledScreen) and
its entry in metrics.json ("keyword_screen").

Why: the cascade energy -> small DS-CNN (ONNX, 41 us a call) -> DS-CNN-S spends more on its screen and
on log-mel frames for it than the oracle gate spends on DS-CNN-S. This screen reads every STRIDE-th
log-mel frame of the one-second window (frames aligned to the stream's start, so the chain computes
only those frames until it fires) and averages POOL adjacent mel bands, and is small enough to run as
a plain-Java function stage (no ONNX Runtime per-call floor): FRAMES_IN x BANDS inputs -> HIDDEN ReLU
-> 6 = P(a keyword is in the window). Input normalisation is folded into the first layer.

Training windows are train_keywords.training_epoch's (training voices only, fresh each epoch, augmented);
a keyword window is labelled with its keyword, also when up to LEAD_CUT of the keyword's start lies before the window
(the screen reads windows up to 7 hops later than the one DS-CNN-S fires on). The frame parity is drawn
at random per window (the stream's frame grid falls either way). Validation voice chooses the epoch;
test voices only reported. Deterministic: fixed seeds, one thread.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import copy
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import logmel  # noqa: E402
import train_keywords as tk  # noqa: E402

OUT = Path(__file__).resolve().parent
SEED = 10
STRIDE = 2                     # every 2nd 20 ms frame: 40 ms
FRAMES_IN = 24                 # the last 24 of them: 0.94 s
POOL = 2                       # mel bands averaged in pairs
BANDS = logmel.MELS // POOL    # 20
HIDDEN = int(os.environ.get("SCREEN_HIDDEN", "64"))
EPOCHS = int(os.environ.get("SCREEN_EPOCHS", "6"))
LEAD_CUT = 0.25


def screen_features(f, parity):
    """(49 x 40) log-mel -> the screen's FRAMES_IN x BANDS input: frames ending at 48 - parity, every
    STRIDE-th, bands averaged in POOL-s (as PooledScreen.features does in Java)."""
    last = logmel.FRAMES - 1 - parity
    rows = f[last - STRIDE * (FRAMES_IN - 1): last + 1: STRIDE]
    return rows.reshape(FRAMES_IN, BANDS, POOL).mean(axis=2).reshape(-1)


def windows(rng, pools, noises):
    """One epoch of train_keywords' windows, plus keywords whose start is cut (labelled with it)."""
    x, y = tk.training_epoch(rng, pools, noises)
    extra_x, extra_y = [], []
    for kw in tk.KEYWORDS:
        for _ in range(tk.WINDOWS_PER_EPOCH["keyword"] // 4):
            c = tk.augment(rng, pools[kw][rng.integers(len(pools[kw]))])
            c = c[int(len(c) * rng.uniform(0, LEAD_CUT)):]
            w = tk.window_with(rng, None, noises)
            w[:len(c)] += np.clip(c[:logmel.CLIP] / tk.rms(c) * tk.db(rng.uniform(-30, -14)), -1, 1)[:logmel.CLIP]
            extra_x.append(logmel.logmel(w).reshape(-1))
            extra_y.append(tk.CLASSES.index(kw))
    return np.concatenate([x, np.stack(extra_x)]), np.concatenate([y, np.array(extra_y)])


def to_screen(rng, x):
    return np.stack([screen_features(r.reshape(logmel.FRAMES, logmel.MELS), int(rng.integers(2))) for r in x]) \
        .astype(np.float32)


class Screen(torch.nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.hidden = torch.nn.Linear(FRAMES_IN * BANDS, HIDDEN)
        self.out = torch.nn.Linear(HIDDEN, len(tk.CLASSES))

    def forward(self, x):
        return self.out(torch.relu(self.hidden((x - self.mean) / self.std)))


def keyword_score(logit):
    """The screen's score: the keyword classes' total probability (as PooledScreen computes it)."""
    p = np.exp(logit - logit.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return p[:, 2:].sum(axis=1)


def logits(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def rates(logit, y):
    """Accuracy over the 6 classes, and at the screen score passing 95 % of keyword windows: the share of
    each negative kind passing."""
    score = keyword_score(logit)
    pos = np.sort(score[y >= 2])
    t = pos[int(0.05 * len(pos))]
    return {"accuracy": float(np.mean(logit.argmax(1) == y)), "score_at_95pct_keywords": float(t),
            "pass_unknown": float(np.mean(score[y == 1] >= t)), "pass_background": float(np.mean(score[y == 0] >= t))}


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    clips, noises = tk.synthesize()
    clips.update(tk.synthesize_extra())
    pools = tk.training_pools(clips)
    fr = np.random.default_rng(SEED + 5)
    xv, yv = tk.dataset(np.random.default_rng(tk.SEED + 1), clips, noises, tk.VALIDATION_VOICES, placements=1)
    xt, yt = tk.dataset(np.random.default_rng(tk.SEED + 2), clips, noises, tk.TEST_VOICES, placements=1)
    xv, xt = to_screen(fr, xv), to_screen(fr, xt)
    rng = np.random.default_rng(SEED)
    started = time.time()
    x0, _ = windows(rng, pools, noises)
    x0 = to_screen(fr, x0)
    print(f"first epoch of windows: {len(x0)} in {time.time() - started:.0f} s", flush=True)
    model = Screen(x0.mean(axis=0), x0.std(axis=0) + 1e-3)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
    best, best_key = None, None
    for epoch in range(EPOCHS):
        started = time.time()
        x, y = windows(rng, pools, noises)
        xs, ys = torch.from_numpy(to_screen(fr, x)), torch.from_numpy(y)
        # inverse-frequency class weights, as train_keywords.py
        counts = np.bincount(y, minlength=len(tk.CLASSES)).astype(float)
        weight = torch.tensor(counts.sum() / (len(tk.CLASSES) * counts), dtype=torch.float32)
        model.train()
        for _ in range(4):   # a few passes over each epoch's windows: they cost far more to make than to fit
            order = torch.randperm(len(xs))
            for i in range(0, len(order), 64):
                b = order[i:i + 64]
                loss = torch.nn.functional.cross_entropy(model(xs[b]), ys[b], weight=weight)
                opt.zero_grad()
                loss.backward()
                opt.step()
        model.eval()
        r = rates(logits(model, xv), yv)
        key = -r["accuracy"]
        if best_key is None or key < best_key:
            best, best_key = copy.deepcopy(model.state_dict()), key
        print(f"  epoch {epoch + 1}/{EPOCHS} validation {r} ({time.time() - started:.0f} s)", flush=True)
    model.load_state_dict(best)
    model.eval()
    export(model, xv, yv, xt, yt)


def export(model, xv, yv, xt, yt):
    w1 = (model.hidden.weight / model.std).detach().numpy().astype(np.float64)        # [HIDDEN, IN]
    b1 = (model.hidden.bias - (model.hidden.weight / model.std) @ model.mean).detach().numpy().astype(np.float64)
    w2 = model.out.weight.detach().numpy().astype(np.float64)      # [CLASSES, HIDDEN]
    b2 = model.out.bias.detach().numpy().astype(np.float64)
    path = OUT / "keyword_screen.tsv"
    lines = [f"# keyword screen (models/audio/train_screen.py): stride {STRIDE}, frames {FRAMES_IN}, pool {POOL},"
             f" hidden {HIDDEN}, classes {len(tk.CLASSES)}; rows: w1 (hidden x inputs, inputs frame-major), b1, w2"
             f" (classes x hidden), b2; normalisation folded in; score = the keyword classes' total probability",
             f"shape\t{STRIDE}\t{FRAMES_IN}\t{POOL}\t{HIDDEN}\t{len(tk.CLASSES)}"]
    lines += ["w1\t" + "\t".join(repr(float(v)) for v in row) for row in w1]
    lines += ["b1\t" + "\t".join(repr(float(v)) for v in b1)]
    lines += ["w2\t" + "\t".join(repr(float(v)) for v in row) for row in w2]
    lines += ["b2\t" + "\t".join(repr(float(v)) for v in b2)]
    # a check for the Java reader: the first validation windows' inputs and probabilities
    p = keyword_score(logits(model, xv[:3]))
    for i in range(3):
        lines.append("check\t" + repr(float(p[i])) + "\t" + "\t".join(repr(float(v)) for v in xv[i]))
    path.write_text("\n".join(lines) + "\n")
    metrics_path = OUT / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    metrics["models"]["keyword_screen"] = {
        "architecture": f"dense: every {STRIDE}nd log-mel frame x {FRAMES_IN}, mel bands pooled by {POOL} "
                        f"({FRAMES_IN * BANDS} inputs) -> {HIDDEN} ReLU -> 6 softmax over the 6 classes; score = keyword classes' total",
        "params": int(sum(p.numel() for p in model.parameters())), "epochs": EPOCHS, "seed": SEED,
        "bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "validation": rates(logits(model, xv), yv), "test": rates(logits(model, xt), yt)}
    print("keyword_screen", json.dumps(metrics["models"]["keyword_screen"]), flush=True)
    metrics_path.write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
