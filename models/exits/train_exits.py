#!/usr/bin/python3
"""Train the multi-exit keyword network, export its segments, the monolithic model and the data.

Run from the repository root (Debian 12: apt-get install python3-torch python3-onnx python3-scipy
espeak-ng sox):

    for k in 0 1 2 3 4; do nice -n 10 /usr/bin/python3 models/exits/train_exits.py --fold $k; done
    nice -n 10 /usr/bin/python3 models/exits/train_exits.py

The --fold runs (independent: run them in parallel if cores allow) train the out-of-fold models
whose exits choose the thresholds (see fold()); the last run trains the final model and writes
every file, the out-of-fold exits included.

Task: 12 classes over one second of 16 kHz audio (exits_data.py): `_silence_`, `_unknown_` and 10
keywords, the espeak-ng data of models/audio/train_keywords.py (its clip cache in /tmp/edgeenergy-kws
is reused; without it the clips are synthesized first, ~1 h). Test voices are held out.

Network: dense ReLU layers over the 49 x 40 log-mel window, cut into SEGMENTS whose cost grows:
segment 1 is one narrow layer over the 1,960 features, every later segment two wider layers. Every
segment has an exit head (linear + softmax) on its last hidden layer. The exits are trained jointly
(sum of the exits' cross-entropies), deterministically (fixed seeds, one thread). The last exit is
the monolithic model: the same weights without the intermediate heads. Dense, not convolutional,
because the repository's TFLite converter writes dense layers only, and because in ONNX Runtime a
convolutional segment costs ~30 us per call whatever its size (measured: a 228k-MAC first segment
and a 3.6M-MAC last one cost 251 and 469 uJ per run), so convolutional segments could not make
early exit pay; see models/README.md.

Writes under models/exits/:
* keyword_exit_seg{1..4}.onnx  segment k: in `x` f32[N,1960] (k = 1) or the previous hidden state
                               (`hidden_in`, `hidden` for the last), out `hidden` f32[N,width] (k < 4)
                               and `probs` f32[N,12]; MatMul, Add, Relu, Softmax only
* keyword_exits_full.onnx      the monolithic model: `x` -> `probs` (the segments without their
                               intermediate heads)
* keyword_exits_one_file.onnx  segments 1 and 2 in ONE file with exit 1 as an extra output
                               (`probs_exit1`, `probs`): what the SDK must not offer as early exit
* features.bin.gz              validation and test log-mel features (8 bits, see write_features) and labels
* held_out_exits.bin.gz        out-of-fold exits: every exit's probabilities on windows of each training
                               voice from a model trained without that voice (see write_held_out)
* metrics.json                 accuracy per exit and split, MACs per segment, sizes, hashes
Deterministic: two runs give byte-identical files (fixed seeds, one thread, deterministic algorithms).
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import copy  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import exits_data  # noqa: E402
import train_digits as digits  # noqa: E402  (the ONNX graph helpers: dense, softmax, tensor, finish_model, run_onnx)

OUT = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("EXITS_WORK", "/tmp/edgeenergy-exits"))
SEED = 0
FRAMES, MELS = 49, 40
# per segment: the widths of its dense ReLU layers. Segment 1 is one narrow layer over the 1,960
# features; later segments are wider and deeper, so their cost grows.
SEGMENTS = [(64,), (256, 256), (512, 512), (1024, 1024)]
EPOCHS = 20
DROPOUT = 0.2
LR = 1e-3
# features are stored as uint8: value = FEATURE_LOW + q * FEATURE_STEP (log energy, natural log)
FEATURE_LOW, FEATURE_STEP = -14.0, 0.09
# every exit's probabilities on each training voice, scored by a fold model that never trained on it
HELD_OUT_FILE = "held_out_exits.bin.gz"
nn = torch.nn


class MultiExit(nn.Module):
    """Dense segments over the standardized log-mel window; exit head k is a linear layer on segment
    k's last hidden layer. Dropout only while training."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.from_numpy(mean))
        self.register_buffer("std", torch.from_numpy(std))
        self.bodies, self.heads, width = nn.ModuleList(), nn.ModuleList(), FRAMES * MELS
        for widths in SEGMENTS:
            layers = []
            for w in widths:
                layers += [nn.Linear(width, w), nn.ReLU(), nn.Dropout(DROPOUT)]
                width = w
            self.bodies.append(nn.Sequential(*layers))
            self.heads.append(nn.Linear(width, len(exits_data.CLASSES)))

    def forward(self, x):
        """Logits of every exit."""
        h, out = (x - self.mean) / self.std, []
        for body, head in zip(self.bodies, self.heads):
            h = body(h)
            out.append(head(h))
        return out


def linears(model, k):
    """Segment k's dense layers as (weight [in, out], bias) float32, the input standardization folded
    into the first layer of segment 1 (w' = w / std, b' = b - mean . w')."""
    out = []
    for layer in model.bodies[k]:
        if isinstance(layer, nn.Linear):
            out.append((layer.weight.detach().numpy().T.astype(np.float64), layer.bias.detach().numpy().astype(np.float64)))
    if k == 0:
        w, b = out[0]
        std, mean = model.std.numpy().astype(np.float64), model.mean.numpy().astype(np.float64)
        w = w / std[:, None]
        out[0] = (w, b - mean @ w)
    return [(w.astype(np.float32), b.astype(np.float32)) for w, b in out]


def head_of(model, k):
    h = model.heads[k]
    return h.weight.detach().numpy().T.astype(np.float32), h.bias.detach().numpy().astype(np.float32)


def graph(model, segments, with_heads, source, outputs):
    """An opset-13 graph of MatMul, Add, Relu, Softmax only (what the TFLite converter reads): the
    dense layers of `segments`, the head of every segment in with_heads (output probs_exit{k+1}, or
    `probs` for the last one), and `hidden` = the last segment's last hidden layer if asked."""
    nodes, inits, src = [], [], source
    width = FRAMES * MELS if segments[0] == 0 else SEGMENTS[segments[0] - 1][-1]
    inputs = [digits.tensor(source, width)]
    outs = []
    for k in segments:
        for i, (w, b) in enumerate(linears(model, k)):
            last = i == len(SEGMENTS[k]) - 1
            name = f"seg{k + 1}.dense{i + 1}"
            n, it, src = digits.dense(name, src, w, b, True, output="hidden" if last and "hidden" in outputs
                                      and k == segments[-1] else None)
            nodes += n
            inits += it
        if k in with_heads:
            w, b = head_of(model, k)
            n, it, logits = digits.dense(f"exit{k + 1}", src, w, b, False)
            out = "probs" if k == segments[-1] else f"probs_exit{k + 1}"
            nodes += n + [digits.softmax(f"exit{k + 1}", logits, out)]
            inits += it
            outs.append(digits.tensor(out, len(exits_data.CLASSES)))
    if "hidden" in outputs:
        outs.insert(0, digits.tensor("hidden", SEGMENTS[segments[-1]][-1]))
    return nodes, inits, inputs, outs


def save(model, path, segments, with_heads, source, outputs):
    nodes, inits, inputs, outs = graph(model, segments, with_heads, source, outputs)
    m = digits.finish_model(path.stem, "edgeenergy models/exits/train_exits.py", nodes, inits, inputs, outs)
    m.producer_name = "edgeenergy models/exits/train_exits.py"
    onnx.save(m, str(path))
    return m


def macs():
    """Multiply-accumulates of each segment's dense layers (heads excluded) for one window."""
    out, width = [], FRAMES * MELS
    for widths in SEGMENTS:
        m = 0
        for w in widths:
            m += width * w
            width = w
        out.append(int(m))
    return out


def train(model, x, y, xva, yva):
    """Adam + cosine schedule, batch 128, joint loss over the exits (sum of plain cross-entropies: class
    weights cost ~10 points of validation accuracy here, where "unknown" is a third of the windows);
    keeps the epoch whose mean validation accuracy over the exits is highest."""
    torch.manual_seed(SEED)
    opt = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    best, best_score, history = None, -1.0, []
    for epoch in range(EPOCHS):
        started = time.time()
        model.train()
        order = torch.randperm(len(xt))
        for i in range(0, len(order), 128):
            b = order[i:i + 128]
            loss = sum(nn.functional.cross_entropy(o, yt[b]) for o in model(xt[b]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
        model.eval()
        acc = [float(np.mean(p.argmax(1) == yva)) for p in predict(model, xva)]
        history.append(acc)
        if np.mean(acc) > best_score:
            best, best_score = copy.deepcopy(model.state_dict()), float(np.mean(acc))
        print(f"  epoch {epoch + 1}/{EPOCHS} validation per exit {' '.join(f'{a:.3f}' for a in acc)} "
              f"({time.time() - started:.0f} s)", flush=True)
    model.load_state_dict(best)
    model.eval()
    return history


def predict(model, x):
    """Softmax probabilities of every exit, [exit][n, classes] (eval mode)."""
    model.eval()
    outs = []
    with torch.no_grad():
        for i in range(0, len(x), 256):
            outs.append([torch.softmax(o, -1).numpy() for o in model(torch.from_numpy(x[i:i + 256]))])
    return [np.concatenate([o[k] for o in outs]) for k in range(len(SEGMENTS))]


def quantize(x):
    return np.clip(np.round((x - FEATURE_LOW) / FEATURE_STEP), 0, 255).astype(np.uint8)


def dequantize(q):
    return (np.float32(FEATURE_LOW) + q.astype(np.float32) * np.float32(FEATURE_STEP)).astype(np.float32)


def write_features(path, splits):
    """Big-endian: magic "EEXF", version 1, frames, mels, float low, float step, then per split
    (validation, test): count, labels (1 byte each), features (count x frames x mels bytes, time-major)."""
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(b"EEXF" + struct.pack(">iiiff", 1, FRAMES, MELS, FEATURE_LOW, FEATURE_STEP))
        for q, y in splits:
            f.write(struct.pack(">i", len(y)) + y.astype(np.uint8).tobytes() + q.tobytes())


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fold(k):
    """Out-of-fold exits for training voice k: a model trained exactly as the final one (same recipe,
    seed, epoch choice on the validation voice) on the training windows of the OTHER training voices
    (silence has no voice and is kept), then every exit's probabilities on held-out-style windows of
    voice k (exits_data.training_voice_windows), written to CACHE/fold{k}.npz."""
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    xtr, ytr, xva, yva, _, _, _ = exits_data.load(SEED, CACHE)
    vtr, xoof, yoof, voof = exits_data.load_folds(SEED, CACHE)
    keep = vtr != k
    xtr, ytr = xtr[keep], ytr[keep]
    xva = dequantize(quantize(xva))
    xk = dequantize(quantize(xoof[voof == k]))
    print(f"fold {k} ({exits_data.kws.TRAIN_VOICES[k]}): train {len(ytr)}, scored {len(xk)}", flush=True)
    model = MultiExit(xtr.mean(0).astype(np.float32), (xtr.std(0) + 1e-3).astype(np.float32))
    history = train(model, xtr, ytr, xva, yva)
    probs = np.stack(predict(model, xk), 1).astype(np.float32)   # [n, exit, class]
    np.savez(CACHE / f"fold{k}.npz", probs=probs, labels=yoof[voof == k], history=np.array(history))
    print(f"fold {k} accuracy per exit", [round(float(np.mean(probs[:, e].argmax(1) == yoof[voof == k])), 4)
                                         for e in range(probs.shape[1])], flush=True)


def write_held_out(path):
    """The out-of-fold exits of every training voice (CACHE/fold*.npz) as one file, big-endian:
    magic "EEXO", version 1, exits, classes, voice count, voice names (UTF-8, 1-byte length each),
    window count, then per window: label (1 byte), voice (1 byte), exits x classes float32."""
    voices = exits_data.kws.TRAIN_VOICES
    folds = [np.load(CACHE / f"fold{k}.npz") for k in range(len(voices))]
    exits, classes = folds[0]["probs"].shape[1:]
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(b"EEXO" + struct.pack(">iiii", 1, exits, classes, len(voices)))
        for v in voices:
            f.write(struct.pack(">B", len(v.encode())) + v.encode())
        f.write(struct.pack(">i", sum(len(z["labels"]) for z in folds)))
        for k, z in enumerate(folds):
            for label, p in zip(z["labels"], z["probs"]):
                f.write(struct.pack(">BB", int(label), k) + p.astype(">f4").tobytes())
    return {v: [float(np.mean(z["probs"][:, e].argmax(1) == z["labels"])) for e in range(exits)]
            for v, z in zip(voices, folds)}


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--fold":
        fold(int(sys.argv[2]))
        return
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    started = time.time()
    xtr, ytr, xva, yva, xte, yte, pools = exits_data.load(SEED, CACHE)
    qva, qte = quantize(xva), quantize(xte)
    xva, xte = dequantize(qva), dequantize(qte)   # every reported figure is on the stored features
    print("train", len(ytr), "validation", len(yva), "test", len(yte), flush=True)
    model = MultiExit(xtr.mean(0).astype(np.float32), (xtr.std(0) + 1e-3).astype(np.float32))
    state = CACHE / "model.pt"
    if os.environ.get("EXITS_REUSE") and state.exists():   # re-export only (same weights)
        model.load_state_dict(torch.load(state))
        model.eval()
        previous = json.loads((OUT / "metrics.json").read_text())
        history, trained_seconds = previous["validation_history"], previous["seconds"]
    else:
        history = train(model, xtr, ytr, xva, yva)
        torch.save(model.state_dict(), state)
        trained_seconds = None
    for f in OUT.glob("keyword_exit*.onnx"):
        f.unlink()
    n = len(SEGMENTS)
    files = []
    for k in range(n):
        path = OUT / f"keyword_exit_seg{k + 1}.onnx"
        source = "x" if k == 0 else "hidden" if k == n - 1 else "hidden_in"
        save(model, path, [k], {k}, source, ["probs"] if k == n - 1 else ["hidden", "probs"])
        files.append(path)
    save(model, OUT / "keyword_exits_full.onnx", list(range(n)), {n - 1}, "x", ["probs"])
    # exits 1 and 2 of the same network as extra outputs of ONE file (kept small: two segments)
    save(model, OUT / "keyword_exits_one_file.onnx", [0, 1], {0, 1}, "x", ["probs_exit1", "probs"])
    write_features(OUT / "features.bin.gz", [(qva, yva), (qte, yte)])
    held_out_accuracy = write_held_out(OUT / HELD_OUT_FILE)
    seg_macs = macs()
    pva, pte = predict(model, xva), predict(model, xte)
    # the saved graphs, evaluated with numpy in float32, must agree with torch
    feeds = {"x": xte}
    worst = 0.0
    for k, path in enumerate(files):
        out = digits.run_onnx(onnx.load(str(path)), feeds)
        worst = max(worst, float(np.max(np.abs(out["probs"] - pte[k]))))
        if k < n - 1:
            feeds = {"hidden_in" if k < n - 2 else "hidden": out["hidden"]}
    full = digits.run_onnx(onnx.load(str(OUT / "keyword_exits_full.onnx")), {"x": xte})["probs"]
    worst = max(worst, float(np.max(np.abs(full - pte[-1]))))
    if worst > 1e-4:
        raise AssertionError(f"saved graphs differ from torch by {worst}")
    print(f"saved graphs match torch within {worst:.2g}", flush=True)

    def per_class(p, y):
        return {c: float(np.mean(p.argmax(1)[y == i] == i)) for i, c in enumerate(exits_data.CLASSES)}

    def oracle(ps, y):
        right = np.stack([p.argmax(1) == y for p in ps], 1)
        stop = np.where(right.any(1), right.argmax(1), len(ps) - 1)
        return {"accuracy": float(right.any(1).mean()), "exit_histogram": np.bincount(stop, minlength=len(ps)).tolist()}

    metrics = {
        "classes": exits_data.CLASSES, "keywords": exits_data.KEYWORDS, "unknown_words": exits_data.UNKNOWN_WORDS,
        "voices": {"train": exits_data.kws.TRAIN_VOICES, "validation": exits_data.kws.VALIDATION_VOICES,
                   "test": exits_data.kws.TEST_VOICES},
        "examples": {"train": np.bincount(ytr).tolist(), "validation": np.bincount(yva).tolist(),
                     "test": np.bincount(yte).tolist()},
        "training_clips": pools, "segments": [list(w) for w in SEGMENTS], "dropout": DROPOUT,
        "max_abs_diff_graph_vs_torch": worst,
        "epochs": EPOCHS, "lr": LR, "validation_history": history,
        "params": int(sum(p.numel() for p in model.parameters())),
        "macs_per_segment": seg_macs, "macs_monolithic": int(sum(seg_macs)),
        "accuracy": {"validation": [float(np.mean(p.argmax(1) == yva)) for p in pva],
                     "test": [float(np.mean(p.argmax(1) == yte)) for p in pte]},
        "test_per_class_last_exit": per_class(pte[-1], yte), "test_per_class_first_exit": per_class(pte[0], yte),
        "oracle": {"validation": oracle(pva, yva), "test": oracle(pte, yte)},
        "features": {"low": FEATURE_LOW, "step": FEATURE_STEP},
        "out_of_fold_accuracy": held_out_accuracy,
        "files": {p.name: {"bytes": p.stat().st_size, "sha256": sha256(p)} for p in
                  files + [OUT / "keyword_exits_full.onnx", OUT / "keyword_exits_one_file.onnx", OUT / "features.bin.gz",
                           OUT / HELD_OUT_FILE]},
        "versions": {"torch": torch.__version__, "onnx": onnx.__version__},
        "seconds": trained_seconds if trained_seconds is not None else round(time.time() - started),
    }
    (OUT / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
    print(json.dumps({k: metrics[k] for k in ("accuracy", "macs_per_segment", "oracle", "params")}), flush=True)


if __name__ == "__main__":
    main()
