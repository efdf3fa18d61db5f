"""The 12-class keyword data of the multi-exit model: windows and log-mel features.

Reuses the espeak-ng clips (and their cache in /tmp/edgeenergy-kws) and the window mixing of
models/audio/train_keywords.py: 10 of its 20 base words become keywords, the other 10 and its 16
extra non-keywords (training voices only) are "unknown" words, with crops of read sentences;
"silence" is room tone, sometimes under loud music-like, TV-like or pink noise, and no speech.
Voices are split as there: training voices train, the validation voice chooses (model epoch,
thresholds), the two test voices are held out and only reported.
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "audio"))
import logmel  # noqa: E402
import train_keywords as kws  # noqa: E402

KEYWORDS = ["computer", "lights", "weather", "hello", "water", "yellow", "morning", "window", "doctor", "summer"]
UNKNOWN_WORDS = [w for w in kws.KEYWORDS + kws.UNKNOWN_WORDS if w not in KEYWORDS]
CLASSES = ["_silence_", "_unknown_"] + KEYWORDS
# training windows, drawn once (fixed seed) from the training voices' clips, each augmented
TRAIN_WINDOWS = {"keyword": 1300, "unknown_word": 4000, "sentence": 1300, "silence": 1800}


def label_of(word):
    return CLASSES.index(word) if word in KEYWORDS else 1


def held_out(rng, clips, noises, voices):
    """Fixed windows of held-out voices: each keyword clip twice (two placements), each unknown
    word clip once, as many sentence crops as one keyword has windows, and as many silences."""
    xs, ys = [], []
    for key, clip in [(k, c) for k, c in clips.items() if k[0] == "word" and k[2] in voices
                      and k[3] in kws.VARIANTS and k[4] in kws.SPEEDS and k[5] in kws.PITCHES]:
        label = label_of(key[1])
        for _ in range(2 if label >= 2 else 1):
            xs.append(kws.window_with(rng, clip, noises))
            ys.append(label)
    per_keyword = sum(1 for y in ys if y == 2)
    sentences = [c for k, c in clips.items() if k[0] == "sentences" and k[2] in voices]
    for _ in range(per_keyword):
        xs.append(kws.window_with(rng, sentences[rng.integers(len(sentences))], noises))
        ys.append(1)
    for _ in range(per_keyword):
        xs.append(kws.window_with(rng, None, noises))
        ys.append(0)
    return features(xs), np.array(ys)


def training_set(rng, clips, noises, with_features=True):
    """Augmented training windows of the training voices (speed 0.88-1.12x, sometimes reverb), and
    the voice of each window (an index into kws.TRAIN_VOICES; -1 for silence, which has no voice):
    the out-of-fold models hold voices out by it."""
    words = [(k, c) for k, c in clips.items() if k[0] == "word" and k[2] in kws.TRAIN_VOICES]
    pools = {kw: [(k, c) for k, c in words if k[1] == kw] for kw in KEYWORDS}
    pools["unknown_word"] = [(k, c) for k, c in words if k[1] not in KEYWORDS]
    pools["sentence"] = [(k, c) for k, c in clips.items() if k[0] == "sentences" and k[2] in kws.TRAIN_VOICES]
    xs, ys, vs = [], [], []
    for kind, label in [(kw, CLASSES.index(kw)) for kw in KEYWORDS] + [("unknown_word", 1), ("sentence", 1)]:
        n = TRAIN_WINDOWS["keyword" if label >= 2 else kind]
        for _ in range(n):
            key, clip = pools[kind][rng.integers(len(pools[kind]))]
            xs.append(kws.window_with(rng, kws.augment(rng, clip), noises))
            ys.append(label)
            vs.append(kws.TRAIN_VOICES.index(key[2]))
    for _ in range(TRAIN_WINDOWS["silence"]):
        xs.append(kws.window_with(rng, None, noises))
        ys.append(0)
        vs.append(-1)
    feats = features(xs) if with_features else None
    return feats, np.array(ys), {k: len(v) for k, v in pools.items()}, np.array(vs)


def training_voice_windows(rng, clips, noises):
    """Held-out-style windows (as held_out builds validation and test) of each TRAINING voice, on
    the base words only: what an out-of-fold model that never trained on that voice is scored on.
    Returns (features, labels, voice index into kws.TRAIN_VOICES)."""
    base = set(kws.KEYWORDS + kws.UNKNOWN_WORDS)
    xs, ys, vs = [], [], []
    for i, voice in enumerate(kws.TRAIN_VOICES):
        subset = {k: c for k, c in clips.items() if k[2] == voice and (k[0] != "word" or k[1] in base)}
        x, y = held_out(rng, subset, noises, [voice])
        xs.append(x)
        ys.append(y)
        vs.append(np.full(len(y), i))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(vs)


def load_folds(seed, cache_dir):
    """(voice of each training window, oof features, oof labels, oof voices), cached in
    cache_dir/folds.npz. The training windows' voices come from replaying load()'s draws."""
    cache = Path(cache_dir) / "folds.npz"
    if cache.exists():
        z = np.load(cache)
        return z["vtr"], z["xoof"], z["yoof"], z["voof"]
    clips, noises = kws.synthesize()
    clips.update(kws.synthesize_extra())
    _, ytr, _, vtr = training_set(np.random.default_rng(seed), clips, noises, with_features=False)
    xoof, yoof, voof = training_voice_windows(np.random.default_rng(seed + 3), clips, noises)
    np.savez(cache, vtr=vtr, ytr=ytr, xoof=xoof, yoof=yoof, voof=voof)
    return vtr, xoof, yoof, voof


def features(windows):
    return np.stack([logmel.logmel(x).reshape(-1) for x in windows]).astype(np.float32)


def load(seed, cache_dir):
    """(x_train, y_train, x_val, y_val, x_test, y_test, pool sizes), cached in cache_dir/features.npz."""
    cache = Path(cache_dir) / "features.npz"
    if cache.exists():
        z = np.load(cache, allow_pickle=True)
        return tuple(z[k] for k in ("xtr", "ytr", "xva", "yva", "xte", "yte")) + (z["pools"].item(),)
    clips, noises = kws.synthesize()
    clips.update(kws.synthesize_extra())
    xva, yva = held_out(np.random.default_rng(seed + 1), clips, noises, kws.VALIDATION_VOICES)
    xte, yte = held_out(np.random.default_rng(seed + 2), clips, noises, kws.TEST_VOICES)
    xtr, ytr, pools, _ = training_set(np.random.default_rng(seed), clips, noises)
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    np.savez(cache, xtr=xtr, ytr=ytr, xva=xva, yva=yva, xte=xte, yte=yte, pools=np.array(pools, dtype=object))
    return xtr, ytr, xva, yva, xte, yte, pools


if __name__ == "__main__":
    import time
    t = time.time()
    out = load(0, sys.argv[1] if len(sys.argv) > 1 else "/tmp/edgeenergy-exits")
    print("train", out[0].shape, np.bincount(out[1]), "val", out[2].shape, np.bincount(out[3]),
          "test", out[4].shape, np.bincount(out[5]), out[6], f"{time.time() - t:.0f} s")
