"""Log-mel features of 16 kHz audio, computed exactly as io.edgeenergy.examples.audio.LogMel does in Java.

One frame = 480 samples (30 ms) under a periodic Hann window, zero-padded to a 512-point FFT; hop 320
samples (20 ms); power spectrum |X[k]|^2 for k = 0..256; 40 triangular mel filters (HTK mel scale,
2595 * log10(1 + f / 700)) with edges equally spaced in mel from 20 Hz to 7600 Hz, unnormalized;
natural log of (filter energy + 1e-6). Samples are int16 / 32768. A 1 s window (16,000 samples)
gives 49 frames, so the keyword model sees 49 x 40 values, time-major.
"""

import numpy as np

SAMPLE_RATE = 16000
WINDOW = 480
HOP = 320
NFFT = 512
MELS = 40
FMIN = 20.0
FMAX = 7600.0
LOG_FLOOR = 1e-6
CLIP = 16000
FRAMES = 1 + (CLIP - WINDOW) // HOP   # 49


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def filterbank():
    """[MELS, NFFT/2 + 1] triangular weights, float64."""
    edges = mel_to_hz(np.linspace(hz_to_mel(FMIN), hz_to_mel(FMAX), MELS + 2))
    freqs = np.arange(NFFT // 2 + 1) * SAMPLE_RATE / NFFT
    bank = np.zeros((MELS, NFFT // 2 + 1))
    for m in range(MELS):
        left, centre, right = edges[m], edges[m + 1], edges[m + 2]
        rising = (freqs - left) / (centre - left)
        falling = (right - freqs) / (right - centre)
        bank[m] = np.maximum(0.0, np.minimum(rising, falling))
    return bank


HANN = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(WINDOW) / WINDOW)
BANK = filterbank()


def logmel(samples):
    """Features [frames, MELS] float32 of float64 samples in [-1, 1); frames = 1 + (n - 480) // 320."""
    x = np.asarray(samples, dtype=np.float64)
    n = 1 + (len(x) - WINDOW) // HOP
    idx = np.arange(WINDOW)[None, :] + HOP * np.arange(n)[:, None]
    spectrum = np.abs(np.fft.rfft(x[idx] * HANN, NFFT)) ** 2
    return np.log(spectrum @ BANK.T + LOG_FLOOR).astype(np.float32)
