#!/usr/bin/python3
"""Train the keyword cascade's screen: a small DS-CNN on every other log-mel frame.

Run from the repository root after train_keywords.py has cached its clips (same data, voices, seeds):

    nice -n 10 /usr/bin/python3 models/audio/train_screen.py   # ~20 min CPU on a 2-core VM

Writes models/audio/keyword_screen.onnx, its entry in metrics.json ("keyword_screen") and its probabilities on
reference.tsv's windows (checked by KeywordModelTest).

Why: the cascade energy -> screen -> DS-CNN-S spends more on its screen and on the log-mel frames the
screen reads than the oracle gate spends on DS-CNN-S. The small DS-CNN screen (keyword_dscnn_small.onnx)
reads all 49 frames of the second, so every frame of every loud second is computed (0.36 J/h on the
test stream) and each call costs ~44 us. This screen reads every STRIDE-th frame (FRAMES_IN of them,
frame indices counted from the stream's start, so the chain computes only those frames until the screen
fires and the keyword model needs the rest), and is a temporal convolution net (mel bands as channels, a few dense 1-D convolutions): ONNX
Runtime's cost per call is mostly per node, and this net has a third of the small DS-CNN's nodes.

Input `x` float32 [N, FRAMES_IN * 40] (time-major), output `probs` float32 [N, 6] softmax over
train_keywords.CLASSES; the chain's score is the best keyword class's probability, as for any small
keyword model. The Java chain infers the stride from the input size (49 // FRAMES_IN).

Training windows are train_keywords.training_epoch's (training voices only, fresh each epoch,
augmented), plus keywords whose first LEAD_CUT is cut off (labelled with the keyword: the screen reads
windows up to 7 hops later than the one the keyword model fires on). The frame parity is drawn at random
per window (the stream's frame grid falls either way). The validation voice chooses the epoch; test
voices are only reported. Deterministic: fixed seeds, one thread.
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
import onnx
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import logmel  # noqa: E402
import train_keywords as tk  # noqa: E402

OUT = Path(__file__).resolve().parent
NAME = os.environ.get("SCREEN_NAME", "keyword_screen")
SEED = 20
STRIDE = 2                       # every 2nd 20 ms frame: 40 ms
FRAMES_IN = 24                   # the last 24 of them: 0.94 s
CHANNELS = int(os.environ.get("SCREEN_CHANNELS", "48"))
LAYERS = int(os.environ.get("SCREEN_LAYERS", "3"))
KERNEL = int(os.environ.get("SCREEN_KERNEL", "5"))
EPOCHS = int(os.environ.get("SCREEN_EPOCHS", "14"))
LEAD_CUT = 0.25


def screen_features(f, parity):
    """(49 x 40) log-mel -> the screen's FRAMES_IN x 40 input: every STRIDE-th frame, the last at 48 - parity."""
    last = logmel.FRAMES - 1 - parity
    return f[last - STRIDE * (FRAMES_IN - 1): last + 1: STRIDE].reshape(-1)


def to_screen(rng, x):
    return np.stack([screen_features(r.reshape(logmel.FRAMES, logmel.MELS), int(rng.integers(STRIDE)))
                     for r in x]).astype(np.float32)


def windows(rng, pools, noises):
    """One epoch of train_keywords' windows, plus keywords whose start is cut (labelled with it)."""
    x, y = tk.training_epoch(rng, pools, noises)
    extra_x, extra_y = [], []
    for kw in tk.KEYWORDS:
        for _ in range(tk.WINDOWS_PER_EPOCH["keyword"] // 4):
            c = tk.augment(rng, pools[kw][rng.integers(len(pools[kw]))])
            c = c[int(len(c) * rng.uniform(0, LEAD_CUT)):][:logmel.CLIP]
            w = tk.window_with(rng, None, noises)
            w[:len(c)] += np.clip(c / tk.rms(c) * tk.db(rng.uniform(-30, -14)), -1, 1)
            extra_x.append(logmel.logmel(w).reshape(-1))
            extra_y.append(tk.CLASSES.index(kw))
    return np.concatenate([x, np.stack(extra_x)]), np.concatenate([y, np.array(extra_y)])


class Screen(torch.nn.Module):
    """A temporal convolution net (TC-ResNet's idea without the residuals: mel bands are the channels
    and kernels slide over time only, which ONNX Runtime runs as a few dense GEMMs): LAYERS x (conv1d
    KERNEL, the second with stride 2) -> average over time -> linear."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        layers, width = [], logmel.MELS
        for i in range(LAYERS):
            layers += [torch.nn.Conv1d(width, CHANNELS, KERNEL, 2 if i == 1 else 1, KERNEL // 2, bias=False),
                       torch.nn.BatchNorm1d(CHANNELS), torch.nn.ReLU()]
            width = CHANNELS
        self.body = torch.nn.Sequential(*layers)
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(CHANNELS, len(tk.CLASSES))

    def forward(self, x, probs=True):
        x = ((x - self.mean) / self.std).reshape(-1, FRAMES_IN, logmel.MELS).transpose(1, 2)
        logits = self.head(self.drop(self.body(x).mean(dim=2)))
        return torch.softmax(logits, dim=-1) if probs else logits


def predict(model, x):
    with torch.no_grad():
        return np.concatenate([model(torch.from_numpy(x[i:i + 256])).numpy() for i in range(0, len(x), 256)])


def rates(probs, y):
    """Accuracy over the 6 classes, and at the score (best keyword probability) passing 95 % of keyword
    windows: the share of each negative kind passing."""
    score = probs[:, 2:].max(axis=1)
    pos = np.sort(score[y >= 2])
    t = pos[int(0.05 * len(pos))]
    return {"accuracy": float(np.mean(probs.argmax(1) == y)), "score_at_95pct_keywords": float(t),
            "pass_unknown": float(np.mean(score[y == 1] >= t)), "pass_background": float(np.mean(score[y == 0] >= t))}


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    clips, noises = tk.synthesize()
    clips.update(tk.synthesize_extra())
    pools = tk.training_pools(clips)
    parity = np.random.default_rng(SEED + 5)
    xv, yv = tk.dataset(np.random.default_rng(tk.SEED + 1), clips, noises, tk.VALIDATION_VOICES, placements=1)
    xt, yt = tk.dataset(np.random.default_rng(tk.SEED + 2), clips, noises, tk.TEST_VOICES, placements=1)
    xv, xt = to_screen(parity, xv), to_screen(parity, xt)
    rng = np.random.default_rng(SEED)
    x0 = to_screen(parity, tk.training_epoch(np.random.default_rng(SEED + 3), pools, noises)[0])
    model = Screen(float(x0.mean()), float(x0.std()))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS)
    best, best_acc = None, -1.0
    for epoch in range(EPOCHS):
        started = time.time()
        x, y = windows(rng, pools, noises)
        xs, ys = torch.from_numpy(to_screen(parity, x)), torch.from_numpy(y)
        counts = np.bincount(y, minlength=len(tk.CLASSES)).astype(float)   # inverse-frequency weights
        weight = torch.tensor(counts.sum() / (len(tk.CLASSES) * counts), dtype=torch.float32)
        model.train()
        for _ in range(2):   # windows cost more to make than to fit
            order = torch.randperm(len(xs))
            for i in range(0, len(order), 64):
                b = order[i:i + 64]
                loss = torch.nn.functional.cross_entropy(model(xs[b], probs=False), ys[b], weight=weight)
                opt.zero_grad()
                loss.backward()
                opt.step()
        sched.step()
        model.eval()
        r = rates(predict(model, xv), yv)
        if r["accuracy"] > best_acc:
            best, best_acc = copy.deepcopy(model.state_dict()), r["accuracy"]
        print(f"  epoch {epoch + 1}/{EPOCHS} validation {r} ({time.time() - started:.0f} s)", flush=True)
    model.load_state_dict(best)
    model.eval()
    export(model, xv, yv, xt, yt)


def export(model, xv, yv, xt, yt):
    path = OUT / (NAME + ".onnx")
    torch.onnx.export(model, torch.zeros(1, FRAMES_IN * logmel.MELS), str(path), input_names=["x"],
                      output_names=["probs"], opset_version=13, do_constant_folding=True,
                      training=torch.onnx.TrainingMode.EVAL)
    m = onnx.load(str(path))
    m.producer_name, m.doc_string = "edgeenergy models/audio/train_screen.py", ""
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, str(path))
    metrics_path = OUT / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    metrics["models"][NAME] = {
        "architecture": f"screen on every {STRIDE}nd log-mel frame x {FRAMES_IN}, mel bands as channels: {LAYERS} x"
                        f" conv1d {KERNEL} ({CHANNELS}ch, the 2nd stride 2), average over time, linear",
        "params": int(sum(p.numel() for p in model.parameters())), "epochs": EPOCHS, "seed": SEED,
        "bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "validation": rates(predict(model, xv), yv), "test": rates(predict(model, xt), yt)}
    print(NAME, json.dumps(metrics["models"][NAME]), flush=True)
    reference(model)
    metrics["reference_sha256"] = hashlib.sha256((OUT / "reference.tsv").read_bytes()).hexdigest()
    metrics_path.write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")


def reference(model):
    """The screen's probabilities on reference.tsv's windows (frames 2, 4, .., 48), for KeywordModelTest;
    the file's other lines are kept."""
    path = OUT / "reference.tsv"
    lines = [l for l in path.read_text().splitlines() if l.startswith("#") or l.split("\t")[1] != NAME]
    for l in [l for l in lines if not l.startswith("#") and l.split("\t")[1] == "features"]:
        f = np.array([float(v) for v in l.split("\t")[2].split(",")], dtype=np.float32)
        x = screen_features(f.reshape(logmel.FRAMES, logmel.MELS), 0).reshape(1, -1)
        lines.append(l.split("\t")[0] + "\t" + NAME + "\t" + ",".join(repr(float(v)) for v in predict(model, x)[0]))
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
