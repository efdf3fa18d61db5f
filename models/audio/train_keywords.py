#!/usr/bin/python3
"""Synthesize keyword data with espeak-ng and sox, train the keyword-spotting models, export them.

Run from the repository root (Debian 12: apt-get install python3-torch python3-onnx python3-scipy
espeak-ng sox):

    /usr/bin/python3 models/audio/train_keywords.py            # ~10-20 min on 2 loaded cores

Writes under models/audio/:
* keyword_dscnn.onnx     depthwise-separable CNN over 49 x 40 log-mel (the chain's keyword model)
* keyword_mlp.onnx       ReLU MLP 1960-128-64-6 over the same features (MatMul/Add/Relu/Softmax
                         only, so models/audio/build_tflite.sh converts it to keyword_mlp.tflite)
* pool/*.wav, pool.tsv  the small clip pool the Java StreamAssembler builds evaluation streams from
* reference.tsv         log-mel features and both models' probabilities for some pool windows,
                         which the Java tests compare against
* metrics.json           accuracies per split, voice and keyword; sizes, hashes, MACs

Both models: input `x` float32 [N, 1960] = the log-mel of one 1 s window, time-major (49 frames x
40 mels, see logmel.py); output `probs` float32 [N, 6] softmax over CLASSES below.

Data: every word and sentence is spoken by espeak-ng voices x variants x speeds x pitches, resampled
to 16 kHz (scipy resample_poly), placed at a random offset in a 1 s window over sox-generated room
tone, sometimes with loud sox noise (music-like plucked chords, TV-like modulated band noise, pink
noise). Voices are split: TRAIN_VOICES train, VALIDATION_VOICES choose the model, TEST_VOICES are
held out and only reported (and speak the keywords of the evaluation stream). Noise beds are split
in time: the first 30 s train, the last 10 s go to the stream pool. Deterministic: fixed seeds, one
thread, `sox -D -R` (sox dithers with a fresh seed otherwise).
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import hashlib
import io
import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parent))
import logmel  # noqa: E402

OUT = Path(__file__).resolve().parent
WORK = Path(os.environ.get("KWS_WORK", "/tmp/edgeenergy-kws"))
SEED = 0
SR = logmel.SAMPLE_RATE
KEYWORDS = ["computer", "lights", "weather", "hello"]
UNKNOWN_WORDS = ["house", "water", "yellow", "morning", "table", "garden", "people", "window",
                 "number", "paper", "river", "doctor", "summer", "market", "orange", "silver"]
CLASSES = ["_background_", "_unknown_"] + KEYWORDS
SENTENCES = [
    "The river runs past the old market every morning.", "Please put the paper on the table.",
    "We planted yellow flowers in the garden last summer.", "My doctor lives in a small house by the sea.",
    "Turn left at the second street and walk for ten minutes.", "She bought oranges and bread for the picnic.",
    "The train to the city leaves at half past seven.", "Children were playing football in the park.",
    "He forgot his keys on the kitchen counter again.", "It took three hours to paint the fence.",
    "The museum opens at nine on most days.", "Our neighbours have a very noisy dog.",
    "I would like a cup of tea with milk, please.", "The window in the bedroom does not close properly.",
    "They sailed across the lake before the storm.", "A silver car was parked outside the bakery.",
    # the pool's sentences (never trained on, spoken by validation and test voices only)
    "The library closes early on Sunday afternoons.", "Could you pass me the salt and the pepper?",
    "Many birds fly south when the days get shorter.", "The new bridge was finished ahead of schedule.",
    "He read the whole book in a single night.", "We should leave before the traffic gets bad.",
]
TRAIN_SENTENCES, POOL_SENTENCES = SENTENCES[:16], SENTENCES[16:]
TRAIN_VOICES = ["en-us", "en-gb", "en-gb-x-rp", "en-gb-x-gbclan", "en-us-nyc"]
VALIDATION_VOICES = ["en-gb-x-gbcwmd"]
TEST_VOICES = ["en-029", "en-gb-scotland"]
VARIANTS = ["", "+f2", "+f4", "+m1", "+m3", "+klatt"]
SPEEDS = [140, 185]
PITCHES = [35, 65]
POOL_VARIANTS = ["", "+f2", "+m3", "+f4"]
DSCNN_EPOCHS = 14
NOISE_SECONDS, NOISE_TRAIN_SECONDS = 40, 30
# sox effects after `synth`: each a 40 s bed, levels set later in numpy.
NOISES = {
    "room": "synth 40 brownnoise synth 40 sine mix 100 lowpass 3000",
    "music": " : ".join(f"synth 0.5 pluck {a} pluck {b} pluck {c} tremolo 6 40" for a, b, c in
                        [("C3", "E3", "G3"), ("A2", "C3", "E3"), ("F2", "A2", "C3"), ("G2", "B2", "D3"),
                         ("E3", "G3", "B3"), ("D3", "F3", "A3")] * 14),
    "tv": "synth 40 pinknoise band 1200 900 tremolo 4 80 synth 40 sine amod 7 40",
    "pink": "synth 40 pinknoise",
}
LOUD_NOISES = ["music", "tv", "pink"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw).stdout


def wav_samples(data):
    """int16 mono WAV bytes (any rate) -> float64 samples at 16 kHz."""
    with wave.open(io.BytesIO(data)) as w:
        rate, frames = w.getframerate(), w.readframes(w.getnframes())
    x = np.frombuffer(frames, dtype="<i2").astype(np.float64) / 32768.0
    if rate != SR:
        g = np.gcd(rate, SR)
        x = resample_poly(x, SR // g, rate // g)
    return x


def espeak(text, voice, speed, pitch, ssml=False):
    cmd = ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", "/dev/stdout", text]
    x = wav_samples(fix_stream_header(run(cmd[:1] + (["-m"] if ssml else []) + cmd[1:])))
    loud = np.nonzero(np.abs(x) > 0.02 * np.max(np.abs(x)))[0]
    return x[max(0, loud[0] - 160): loud[-1] + 160]


def espeak_words(words, voice, speed, pitch):
    """One espeak-ng call for many words, 700 ms breaks between them (a process start costs more
    than a word here), cut at the breaks; falls back to one call per word if the cut disagrees."""
    x = espeak("<speak>" + '<break time="700ms"/>'.join(words) + "</speak>", voice, speed, pitch, ssml=True)
    active = (np.abs(x[:len(x) // 160 * 160]) > 0.01 * np.max(np.abs(x))).reshape(-1, 160).any(1)
    segments, i = [], 0
    while i < len(active):
        if active[i]:
            j = i
            while j < len(active) and active[j:j + 30].any():   # a word's own pauses are < 300 ms
                j += 1
            segments.append(x[max(0, i * 160 - 320): j * 160 + 320])
            i = j
        else:
            i += 1
    if len(segments) != len(words):
        return [espeak(w, voice, speed, pitch) for w in words]
    return segments


def fix_stream_header(raw):
    """espeak-ng writes a WAV to a pipe with placeholder sizes; patch them so `wave` reads it all."""
    b = bytearray(raw)
    b[4:8] = (len(b) - 8).to_bytes(4, "little")
    d = b.find(b"data")
    b[d + 4:d + 8] = (len(b) - d - 8).to_bytes(4, "little")
    return bytes(b)


def sox_noise(kind):
    cmd = ["sox", "-D", "-R", "-n", "-r", str(SR), "-c", "1", "-b", "16", "-t", "wav", "-"] + NOISES[kind].split()
    x = wav_samples(run(cmd))
    x = np.resize(x, NOISE_SECONDS * SR) if len(x) < NOISE_SECONDS * SR else x[:NOISE_SECONDS * SR]
    return x / (np.sqrt(np.mean(x ** 2)) + 1e-12)   # unit RMS; levels are set when mixing


def synthesize():
    """Every clip, cached in WORK. Keys: ("word", word, voice, variant, speed, pitch),
    ("sentences", "train", voice, variant) = the training sentences read in one go (cropped for the
    unknown class), ("sentence", text, voice, variant) = one pool sentence (validation/test voices)."""
    cache = WORK / "clips.npz"
    if cache.exists():
        z = np.load(cache, allow_pickle=True)
        return z["clips"].item(), z["noises"].item()
    WORK.mkdir(parents=True, exist_ok=True)
    clips = {}
    words = KEYWORDS + UNKNOWN_WORDS
    for v in TRAIN_VOICES + VALIDATION_VOICES + TEST_VOICES:
        for var in VARIANTS:
            for s in SPEEDS:
                for p in PITCHES:
                    for w, c in zip(words, espeak_words(words, v + var, s, p)):
                        clips[("word", w, v, var, s, p)] = c
            clips[("sentences", "train", v, var)] = espeak(
                "<speak>" + '<break time="300ms"/>'.join(TRAIN_SENTENCES) + "</speak>", v + var, 165, 50, ssml=True)
        if v not in TRAIN_VOICES:
            var = pool_sentence_variant(v)
            for t in POOL_SENTENCES:
                clips[("sentence", t, v, var)] = espeak(t, v + var, 165, 50)
        print("synthesized", v, len(clips), flush=True)
    noises = {k: sox_noise(k) for k in NOISES}
    np.savez(cache, clips=np.array(clips, dtype=object), noises=np.array(noises, dtype=object))
    return clips, noises


def pool_sentence_variant(voice):
    voices = VALIDATION_VOICES + TEST_VOICES
    return POOL_VARIANTS[voices.index(voice) % len(POOL_VARIANTS)]


def db(x):
    return 10.0 ** (x / 20.0)


def rms(x):
    return np.sqrt(np.mean(x ** 2)) + 1e-12


def window_with(rng, speech, noises):
    """A 1 s window: `speech` (or nothing) at a random offset over room tone, maybe loud noise."""
    out = np.zeros(logmel.CLIP)
    if speech is not None:
        if len(speech) > logmel.CLIP:
            start = rng.integers(0, len(speech) - logmel.CLIP + 1)
            speech = speech[start:start + logmel.CLIP]
        off = rng.integers(0, logmel.CLIP - len(speech) + 1)
        out[off:off + len(speech)] = speech / rms(speech) * db(rng.uniform(-30, -14))
    room_start = rng.integers(0, (NOISE_TRAIN_SECONDS - 1) * SR)
    out += noises["room"][room_start:room_start + logmel.CLIP] * db(rng.uniform(-62, -45))
    if rng.random() < (0.3 if speech is not None else 0.6):
        kind = LOUD_NOISES[rng.integers(len(LOUD_NOISES))]
        s = rng.integers(0, (NOISE_TRAIN_SECONDS - 1) * SR)
        level = rng.uniform(-36, -20) if speech is not None else rng.uniform(-36, -10)
        out += noises[kind][s:s + logmel.CLIP] * db(level)
    return np.clip(np.round(out * 32768.0), -32768, 32767) / 32768.0   # as a 16-bit stream would hold it


def dataset(rng, clips, noises, voices, placements):
    xs, ys = [], []
    words = [(k, c) for k, c in clips.items() if k[0] == "word" and k[2] in voices]
    sentences = [(k, c) for k, c in clips.items() if k[0] == "sentences" and k[2] in voices]
    for key, clip in words:
        label = CLASSES.index(key[1]) if key[1] in KEYWORDS else 1
        for _ in range(placements if label >= 2 else 1):
            xs.append(window_with(rng, clip, noises))
            ys.append(label)
    per_keyword = sum(1 for y in ys if y == 2)
    for _ in range(per_keyword):
        key, clip = sentences[rng.integers(len(sentences))]
        xs.append(window_with(rng, clip, noises))
        ys.append(1)
    for _ in range(per_keyword + per_keyword // 2):
        xs.append(window_with(rng, None, noises))
        ys.append(0)
    feats = np.stack([logmel.logmel(x).reshape(-1) for x in xs])
    return feats, np.array(ys)


class DsCnn(torch.nn.Module):
    """Conv 10x4 stride 2 -> 3 x (depthwise 3x3 + pointwise 1x1) -> average pool -> linear."""

    def __init__(self, mean, std, channels=32, blocks=3):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        layers = [torch.nn.Conv2d(1, channels, (10, 4), (2, 2), (5, 1), bias=False),
                  torch.nn.BatchNorm2d(channels), torch.nn.ReLU()]
        for _ in range(blocks):
            layers += [torch.nn.Conv2d(channels, channels, 3, 1, 1, groups=channels, bias=False),
                       torch.nn.BatchNorm2d(channels), torch.nn.ReLU(),
                       torch.nn.Conv2d(channels, channels, 1, bias=False),
                       torch.nn.BatchNorm2d(channels), torch.nn.ReLU()]
        self.body = torch.nn.Sequential(*layers)
        self.head = torch.nn.Linear(channels, len(CLASSES))

    def forward(self, x, probs=True):
        x = ((x - self.mean) / self.std).reshape(-1, 1, logmel.FRAMES, logmel.MELS)
        logits = self.head(self.body(x).mean(dim=(2, 3)))
        return torch.softmax(logits, dim=-1) if probs else logits


class Mlp(torch.nn.Module):
    def __init__(self, mean, std, hidden=(128, 64)):
        super().__init__()
        self.mean, self.std = mean, std
        sizes = [logmel.FRAMES * logmel.MELS, *hidden, len(CLASSES)]
        self.linears = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.drop = torch.nn.Dropout(0.2)

    def forward(self, x, probs=True):
        x = (x - torch.from_numpy(self.mean.astype(np.float32))) / torch.from_numpy(self.std.astype(np.float32))
        for i, lin in enumerate(self.linears):
            x = lin(x)
            if i < len(self.linears) - 1:
                x = self.drop(torch.relu(x))
        return torch.softmax(x, dim=-1) if probs else x


def train(model, x, y, epochs, lr):
    torch.manual_seed(SEED)
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    # inverse-frequency class weights: unknown words outnumber each keyword, and a keyword model that
    # learns "when unsure, say unknown" misses keywords of unseen voices
    counts = np.bincount(y, minlength=len(CLASSES)).astype(np.float64)
    weight = torch.tensor(counts.sum() / (len(CLASSES) * counts), dtype=torch.float32)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(xt))
        total = 0.0
        for i in range(0, len(order), 64):
            b = order[i:i + 64]
            loss = torch.nn.functional.cross_entropy(model(xt[b], probs=False), yt[b], weight=weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        sched.step()
        print(f"  {type(model).__name__} epoch {epoch + 1}/{epochs} loss {total / len(xt):.4f}", flush=True)
    model.eval()
    return model


def predict(model, x):
    with torch.no_grad():
        return np.concatenate([model(torch.from_numpy(x[i:i + 256])).numpy() for i in range(0, len(x), 256)])


def mlp_onnx(model, path):
    """Hand-written MatMul/Add/Relu/Softmax graph (the TFLite converter's subset); the input
    standardization is folded into the first layer: W' = W / std, b' = b - (mean / std) W."""
    ws = [l.weight.detach().numpy().T.astype(np.float64) for l in model.linears]
    bs = [l.bias.detach().numpy().astype(np.float64) for l in model.linears]
    ws[0], bs[0] = ws[0] / model.std[:, None], bs[0] - (model.mean / model.std) @ ws[0]
    nodes, inits, src = [], [], "x"
    for i, (w, b) in enumerate(zip(ws, bs)):
        last = i == len(ws) - 1
        out = "logits" if last else f"h{i}"
        nodes += [helper.make_node("MatMul", [src, f"w{i}"], [f"m{i}"], name=f"dense{i}.MatMul"),
                  helper.make_node("Add", [f"m{i}", f"b{i}"], [f"a{i}" if not last else out], name=f"dense{i}.Add")]
        if not last:
            nodes.append(helper.make_node("Relu", [f"a{i}"], [out], name=f"dense{i}.Relu"))
        inits += [numpy_helper.from_array(w.astype(np.float32), f"w{i}"),
                  numpy_helper.from_array(b.astype(np.float32), f"b{i}")]
        src = out
    nodes.append(helper.make_node("Softmax", ["logits"], ["probs"], axis=-1, name="Softmax"))
    graph = helper.make_graph(nodes, "keyword_mlp", [io_tensor("x", ws[0].shape[0])],
                              [io_tensor("probs", len(CLASSES))], initializer=inits)
    m = helper.make_model(graph, producer_name="edgeenergy models/audio/train_keywords.py",
                          opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, path)


def io_tensor(name, width):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", width])


def dscnn_onnx(model, path):
    example = torch.zeros(1, logmel.FRAMES * logmel.MELS)
    torch.onnx.export(model, example, str(path), input_names=["x"], output_names=["probs"], opset_version=13,
                      do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL)
    m = onnx.load(str(path))
    m.producer_name, m.doc_string = "edgeenergy models/audio/train_keywords.py", ""
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, str(path))


def write_wav(path, x):
    pcm = np.clip(np.round(x * 32768.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())


def write_pool(clips, noises):
    """Clips the Java StreamAssembler builds streams from: keywords and sentences of the
    validation and test voices, and the last 10 s of every noise bed (never trained on)."""
    pool = OUT / "pool"
    pool.mkdir(exist_ok=True)
    for f in pool.glob("*.wav"):
        f.unlink()
    entries = []
    for split, voices in (("validation", VALIDATION_VOICES), ("test", TEST_VOICES)):
        for v in voices:
            for var in POOL_VARIANTS:
                for w in KEYWORDS:
                    s, p = SPEEDS[POOL_VARIANTS.index(var) % 2], PITCHES[POOL_VARIANTS.index(var) // 2]
                    name = f"kw_{w}_{v}{var.replace('+', '_')}.wav"
                    write_wav(pool / name, clips[("word", w, v, var, s, p)] * 0.5 / np.max(np.abs(clips[("word", w, v, var, s, p)])))
                    entries.append({"file": name, "kind": "keyword", "label": w, "voice": v + var, "split": split})
            var = pool_sentence_variant(v)
            for i, t in enumerate(POOL_SENTENCES):
                c = clips[("sentence", t, v, var)]
                name = f"speech_{i}_{v}{var.replace('+', '_')}.wav"
                write_wav(pool / name, c * 0.5 / np.max(np.abs(c)))
                entries.append({"file": name, "kind": "speech", "label": "_unknown_", "voice": v + var, "split": split})
    for kind, x in noises.items():
        tail = x[NOISE_TRAIN_SECONDS * SR:]
        write_wav(pool / f"noise_{kind}.wav", tail * 0.25 / np.max(np.abs(tail)))
        entries.append({"file": f"noise_{kind}.wav", "kind": "room" if kind == "room" else "noise",
                        "label": kind, "voice": "", "split": "both"})
    entries.sort(key=lambda e: e["file"])
    lines = ["# file\tkind\tlabel\tvoice\tsplit (16 kHz 16-bit PCM mono WAV files in pool/)"]
    lines += ["\t".join(e[k] for k in ("file", "kind", "label", "voice", "split")) for e in entries]
    (OUT / "pool.tsv").write_text("\n".join(lines) + "\n")
    return entries


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def accuracy_by(probs, y, groups):
    pred = probs.argmax(1)
    out = {"all": float(np.mean(pred == y))}
    for name in sorted(set(groups)):
        sel = np.array([g == name for g in groups])
        out[name] = float(np.mean(pred[sel] == y[sel]))
    return out


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    clips, noises = synthesize()
    rng = np.random.default_rng(SEED)
    x_train, y_train = dataset(rng, clips, noises, TRAIN_VOICES, placements=3)
    x_val, y_val = dataset(rng, clips, noises, VALIDATION_VOICES, placements=1)
    x_test, y_test = dataset(rng, clips, noises, TEST_VOICES, placements=1)
    print("examples", len(y_train), len(y_val), len(y_test), flush=True)
    mean, std = x_train.mean(0).astype(np.float64), x_train.std(0).astype(np.float64) + 1e-3
    metrics = {"classes": CLASSES, "examples": {"train": int(len(y_train)), "validation": int(len(y_val)),
               "test": int(len(y_test))}, "voices": {"train": TRAIN_VOICES, "validation": VALIDATION_VOICES,
               "test": TEST_VOICES}, "versions": {"torch": torch.__version__, "onnx": onnx.__version__},
               "models": {}}
    models = {}
    for name, make, epochs, lr, export in (
            ("keyword_mlp", lambda: Mlp(mean, std), 40, 1e-3, mlp_onnx),
            ("keyword_dscnn", lambda: DsCnn(float(x_train.mean()), float(x_train.std())), DSCNN_EPOCHS, 3e-3, dscnn_onnx)):
        model = models[name] = train(make(), x_train, y_train, epochs=epochs, lr=lr)
        path = OUT / f"{name}.onnx"
        export(model, path)
        metrics["models"][name] = {
            "params": int(sum(p.numel() for p in model.parameters())), "epochs": epochs,
            "bytes": path.stat().st_size, "sha256": sha256(path),
            "validation": accuracy_by(predict(model, x_val), y_val, [CLASSES[i] for i in y_val]),
            "test": accuracy_by(predict(model, x_test), y_test, [CLASSES[i] for i in y_test])}
        print(name, json.dumps(metrics["models"][name]), flush=True)
    entries = write_pool(clips, noises)
    reference(models, entries)
    metrics["reference_sha256"] = sha256(OUT / "reference.tsv")
    (OUT / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")


def reference(models, entries):
    """Features and probabilities of the first second of some pool clips, for the Java tests."""
    lines = ["# file\twhat\tvalues: the first 16000 samples of each pool file, zero-padded; "
             "features are 49 x 40 log-mel, time-major; then each model's probabilities"]
    for e in [e for e in entries if e["kind"] == "keyword"][:6] + [e for e in entries if e["kind"] != "keyword"][:4]:
        with wave.open(str(OUT / "pool" / e["file"])) as w:
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
        window = np.zeros(logmel.CLIP)
        window[:min(len(x), logmel.CLIP)] = x[:logmel.CLIP]
        f = logmel.logmel(window).reshape(1, -1)
        lines.append(e["file"] + "\tfeatures\t" + ",".join(repr(float(v)) for v in f[0]))
        for n, m in models.items():
            lines.append(e["file"] + "\t" + n + "\t" + ",".join(repr(float(v)) for v in predict(m, f)[0]))
    (OUT / "reference.tsv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
