#!/usr/bin/python3
"""Synthesize keyword data with espeak-ng and sox, train the keyword-spotting models, export them.

Run from the repository root (Debian 12: apt-get install python3-torch python3-onnx python3-scipy
espeak-ng sox):

    nice -n 10 /usr/bin/python3 models/audio/train_keywords.py   # ~25 min CPU on a loaded 2-core VM

Writes under models/audio/:
* keyword_dscnn.onnx     the chain's keyword model: DS-CNN-S, the "Hello Edge" / MLPerf Tiny reference
                         keyword-spotting architecture (conv 10x4 stride 2, 64 channels, 4
                         depthwise-separable blocks, average pool, linear) over 49 x 40 log-mel
* pool/*.wav, pool.tsv  the small clip pool the Java StreamAssembler builds evaluation streams from
* reference.tsv         log-mel features and the models' probabilities for some pool windows,
                         which the Java tests compare against (lines of other models are kept)
* metrics.json           accuracies per split, voice and keyword; sizes, hashes (entries of the
                         models this script no longer trains are kept)

keyword_dscnn_small.onnx (32 channels, 3 blocks, 5.9k params: the "cheap keyword model") and
keyword_mlp.onnx (for TFLite) were trained by this script at commit 3516868 on the smaller data set
(TRAIN_VOICES x VARIANTS x SPEEDS x PITCHES, fixed windows); `git show 3516868:models/audio/train_keywords.py`
reproduces them. They are kept unchanged.

Every model: input `x` float32 [N, 1960] = the log-mel of one 1 s window, time-major (49 frames x
40 mels, see logmel.py); output `probs` float32 [N, 6] softmax over CLASSES below.

Data: every word and sentence is spoken by espeak-ng voices x variants x speeds x pitches, resampled
to 16 kHz (scipy resample_poly), placed at a random offset in a 1 s window over sox-generated room
tone, sometimes with loud sox noise (music-like plucked chords, TV-like modulated band noise, pink
noise). Training windows are drawn afresh every epoch from the training voices' clips (the base set
plus EXTRA_VARIANTS x EXTRA_SPEEDS x EXTRA_PITCHES and EXTRA_UNKNOWN_WORDS), each augmented by a
speed change (0.88-1.12x), a time shift, a level, an SNR, and sometimes a short synthetic reverb.
Validation and test windows are fixed (their own seeds) and use only the base variants, speeds and
pitches, as the earlier models' figures did. The epoch with the best validation accuracy is kept. Voices are split: TRAIN_VOICES train, VALIDATION_VOICES choose the model, TEST_VOICES are
held out and only reported (and speak the keywords of the evaluation stream). Noise beds are split
in time: the first 30 s train, the last 10 s go to the stream pool. Deterministic: fixed seeds, one
thread, `sox -D -R` (sox dithers with a fresh seed otherwise).
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import copy
import hashlib
import io
import json
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import onnx
import torch
from scipy.signal import fftconvolve, resample_poly

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
# training voices only: more espeak-ng variants, speeds and pitches, and more non-keywords
EXTRA_VARIANTS = ["+f1", "+f3", "+f5", "+m2", "+m4", "+m5", "+m6", "+m7", "+klatt2", "+klatt3", "+whisper", "+croak"]
EXTRA_SPEEDS = [120, 160, 210]
EXTRA_PITCHES = [20, 50, 80]
EXTRA_UNKNOWN_WORDS = ["feather", "leather", "better", "mellow", "follow", "letter", "butter", "lighter",
                       "nights", "commuter", "tomato", "music", "kitchen", "robot", "pillow", "silence"]
# sized to ~25 min of CPU on a loaded 2-core VM (one epoch of 5,800 windows ~ 3 min of CPU)
EPOCHS = 8
WINDOWS_PER_EPOCH = {"keyword": 700, "unknown_word": 1600, "sentence": 600, "background": 1000}
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


def synthesize_extra():
    """The training voices' extra clips (EXTRA_* settings, extra non-keywords), cached in WORK.
    Same keys as synthesize(); validation and test voices get none."""
    cache = WORK / "clips_extra.npz"
    if cache.exists():
        return np.load(cache, allow_pickle=True)["clips"].item()
    clips = {}
    for v in TRAIN_VOICES:
        for var in VARIANTS + EXTRA_VARIANTS:
            settings = [(s, p) for s in EXTRA_SPEEDS for p in EXTRA_PITCHES]
            words = KEYWORDS + UNKNOWN_WORDS + EXTRA_UNKNOWN_WORDS
            if var in VARIANTS:   # the base settings exist already; add only the extra words to them
                settings += [(s, p, EXTRA_UNKNOWN_WORDS) for s in SPEEDS for p in PITCHES]
            for setting in settings:
                s, p, ws = setting if len(setting) == 3 else (*setting, words)
                for w, c in zip(ws, espeak_words(ws, v + var, s, p)):
                    clips[("word", w, v, var, s, p)] = c
            if var not in VARIANTS:
                clips[("sentences", "train", v, var)] = espeak(
                    "<speak>" + '<break time="300ms"/>'.join(TRAIN_SENTENCES) + "</speak>", v + var, 165, 50, ssml=True)
        print("synthesized extra", v, len(clips), flush=True)
    np.savez(cache, clips=np.array(clips, dtype=object))
    return clips


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


def augment(rng, clip):
    """Speed change 0.88-1.12x (resampling, so pitch moves with it, as tape does) and, one time in
    three, a short synthetic room reverb (exponentially decaying noise, 20-80 ms time constant)."""
    f = rng.uniform(0.88, 1.12)
    x = np.interp(np.arange(int(len(clip) / f)) * f, np.arange(len(clip)), clip)
    if rng.random() < 1 / 3:
        t = np.arange(int(0.3 * SR)) / SR
        ir = rng.standard_normal(len(t)) * np.exp(-t / rng.uniform(0.02, 0.08)) * 0.3
        ir[0] = 1.0
        x = fftconvolve(x, ir)[:len(x) + len(t) // 2]
    return x


def training_epoch(rng, pools, noises):
    """One epoch of fresh windows: WINDOWS_PER_EPOCH of each kind, drawn from the training clips."""
    xs, ys = [], []
    for kw in KEYWORDS:
        for _ in range(WINDOWS_PER_EPOCH["keyword"]):
            xs.append(window_with(rng, augment(rng, pools[kw][rng.integers(len(pools[kw]))]), noises))
            ys.append(CLASSES.index(kw))
    for kind in ("unknown_word", "sentence"):
        for _ in range(WINDOWS_PER_EPOCH[kind]):
            xs.append(window_with(rng, augment(rng, pools[kind][rng.integers(len(pools[kind]))]), noises))
            ys.append(1)
    for _ in range(WINDOWS_PER_EPOCH["background"]):
        xs.append(window_with(rng, None, noises))
        ys.append(0)
    return np.stack([logmel.logmel(x).reshape(-1) for x in xs]), np.array(ys)


def training_pools(clips):
    words = [(k, c) for k, c in clips.items() if k[0] == "word" and k[2] in TRAIN_VOICES]
    pools = {kw: [c for k, c in words if k[1] == kw] for kw in KEYWORDS}
    pools["unknown_word"] = [c for k, c in words if k[1] not in KEYWORDS]
    pools["sentence"] = [c for k, c in clips.items() if k[0] == "sentences" and k[2] in TRAIN_VOICES]
    return pools


class DsCnn(torch.nn.Module):
    """Conv 10x4 stride 2 -> 4 x (depthwise 3x3 + pointwise 1x1) -> average pool -> linear: DS-CNN-S
    of "Hello Edge" (Zhang et al. 2017), the MLPerf Tiny keyword-spotting reference, at 64 channels."""

    def __init__(self, mean, std, channels=64, blocks=4):
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
        self.drop = torch.nn.Dropout(0.2)
        self.head = torch.nn.Linear(channels, len(CLASSES))

    def forward(self, x, probs=True):
        x = ((x - self.mean) / self.std).reshape(-1, 1, logmel.FRAMES, logmel.MELS)
        logits = self.head(self.drop(self.body(x).mean(dim=(2, 3))))
        return torch.softmax(logits, dim=-1) if probs else logits


def train(model, rng, pools, noises, x_val, y_val, epochs, lr):
    """Adam + cosine schedule on fresh windows every epoch; keeps the best epoch on validation."""
    torch.manual_seed(SEED)
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    # inverse-frequency class weights: unknown words outnumber each keyword, and a keyword model that
    # learns "when unsure, say unknown" misses keywords of unseen voices
    n = WINDOWS_PER_EPOCH
    counts = np.array([n["background"], n["unknown_word"] + n["sentence"]] + [n["keyword"]] * len(KEYWORDS), float)
    weight = torch.tensor(counts.sum() / (len(CLASSES) * counts), dtype=torch.float32)
    best, best_acc = None, -1.0
    for epoch in range(epochs):
        started = time.time()
        x, y = training_epoch(rng, pools, noises)
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)
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
        model.eval()
        acc = float(np.mean(predict(model, x_val).argmax(1) == y_val))
        if acc > best_acc:
            best, best_acc = copy.deepcopy(model.state_dict()), acc
        print(f"  epoch {epoch + 1}/{epochs} loss {total / len(xt):.4f} validation {acc:.4f} "
              f"({time.time() - started:.0f} s)", flush=True)
    model.load_state_dict(best)
    model.eval()
    return model


def predict(model, x):
    with torch.no_grad():
        return np.concatenate([model(torch.from_numpy(x[i:i + 256])).numpy() for i in range(0, len(x), 256)])


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
    clips.update(synthesize_extra())
    x_val, y_val = dataset(np.random.default_rng(SEED + 1), clips, noises, VALIDATION_VOICES, placements=1)
    x_test, y_test = dataset(np.random.default_rng(SEED + 2), clips, noises, TEST_VOICES, placements=1)
    pools = training_pools(clips)
    print("clips", {k: len(v) for k, v in pools.items()}, "validation", len(y_val), "test", len(y_test), flush=True)
    rng = np.random.default_rng(SEED)
    x0, _ = training_epoch(np.random.default_rng(SEED + 3), pools, noises)   # feature scale only
    metrics_path = OUT / "metrics.json"
    metrics = json.loads(metrics_path.read_text()) if metrics_path.exists() else {"models": {}}
    metrics.update({"classes": CLASSES, "voices": {"train": TRAIN_VOICES, "validation": VALIDATION_VOICES,
                    "test": TEST_VOICES}, "versions": {"torch": torch.__version__, "onnx": onnx.__version__}})
    name, path = "keyword_dscnn", OUT / "keyword_dscnn.onnx"
    model = train(DsCnn(float(x0.mean()), float(x0.std())), rng, pools, noises, x_val, y_val, EPOCHS, 3e-3)
    dscnn_onnx(model, path)
    metrics["models"][name] = {
        "params": int(sum(p.numel() for p in model.parameters())), "epochs": EPOCHS,
        "architecture": "DS-CNN-S: conv 10x4/2 64ch, 4 x (dw 3x3 + pw 1x1) 64ch, avg pool, linear",
        "training": {"windows_per_epoch": WINDOWS_PER_EPOCH, "clips": {k: len(v) for k, v in pools.items()}},
        "examples": {"validation": int(len(y_val)), "test": int(len(y_test))},
        "bytes": path.stat().st_size, "sha256": sha256(path),
        "validation": accuracy_by(predict(model, x_val), y_val, [CLASSES[i] for i in y_val]),
        "test": accuracy_by(predict(model, x_test), y_test, [CLASSES[i] for i in y_test])}
    print(name, json.dumps(metrics["models"][name]), flush=True)
    entries = write_pool(clips, noises)
    reference(name, model, entries)
    metrics["reference_sha256"] = sha256(OUT / "reference.tsv")
    metrics_path.write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")


def reference(name, model, entries):
    """Features and probabilities of the first second of some pool clips, for the Java tests; lines
    of the models this script no longer trains are kept."""
    path = OUT / "reference.tsv"
    kept = [l for l in path.read_text().splitlines()[1:] if l.split("\t")[1] not in ("features", name)] \
        if path.exists() else []
    lines = ["# file\twhat\tvalues: the first 16000 samples of each pool file, zero-padded; "
             "features are 49 x 40 log-mel, time-major; then each model's probabilities"]
    for e in [e for e in entries if e["kind"] == "keyword"][:6] + [e for e in entries if e["kind"] != "keyword"][:4]:
        with wave.open(str(OUT / "pool" / e["file"])) as w:
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
        window = np.zeros(logmel.CLIP)
        window[:min(len(x), logmel.CLIP)] = x[:logmel.CLIP]
        f = logmel.logmel(window).reshape(1, -1)
        lines.append(e["file"] + "\tfeatures\t" + ",".join(repr(float(v)) for v in f[0]))
        lines.append(e["file"] + "\t" + name + "\t" + ",".join(repr(float(v)) for v in predict(model, f)[0]))
        lines += [l for l in kept if l.split("\t")[0] == e["file"]]
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
