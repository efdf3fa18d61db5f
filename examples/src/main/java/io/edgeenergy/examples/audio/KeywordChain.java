package io.edgeenergy.examples.audio;

import io.edgeenergy.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one gating configuration of the keyword chain over a stream, chunk by chunk (512 samples,
 * 32 ms), and records detections and per-stage costs:
 * <ul>
 *   <li>{@link Gate#EVERY_FRAME}: the keyword stage (features + model) every hop;
 *   <li>{@link Gate#VAD}: Silero VAD on every chunk; the keyword stage on a hop when the VAD said
 *       speech within its hang-over;
 *   <li>{@link Gate#ENERGY_VAD}: the energy gate on every chunk; the VAD only on chunks it passes
 *       (what the VAD does when it wakes is {@link VadResume}); then as {@code VAD};
 *   <li>{@link Gate#ENERGY}: the energy gate alone in front of the keyword stage (no VAD);
 *   <li>{@link Gate#ORACLE}: the keyword stage exactly on hops whose one-second window overlaps a
 *       true keyword, gates free: the lower bound of any gate.
 * </ul>
 * A detection is the best keyword class with probability ≥ the keyword threshold, at most one per
 * second (refractory). A chunk holding NaN or infinite samples is replaced by silence and counted
 * ({@link Run#skippedChunks()}): one NaN in Silero's recurrent state would poison every later chunk.
 */
public final class KeywordChain {
  /** Which stages decide whether the keyword stage runs. */
  public enum Gate { EVERY_FRAME, VAD, ENERGY_VAD, ENERGY, ORACLE }

  /** What the VAD does when the energy gate reopens after skipping it. */
  public enum VadResume {
    /** Keep the stale state from before the gap. */
    KEEP,
    /** Zero the state. */
    RESET,
    /** Zero the state and run the VAD over the chunks just before this one (counted as VAD runs). */
    REPRIME
  }

  /**
   * Thresholds and timing of a chain.
   *
   * @param keywordThreshold a keyword class probability at or above this is a detection
   * @param hopChunks the keyword stage runs every this many chunks (1 = every 32 ms)
   * @param vadThreshold speech probability at or above this is speech
   * @param vadHangoverChunks chunks the VAD gate stays open after the last speech chunk
   * @param energyDbfs chunk RMS level (dBFS) at or above which the energy gate opens
   * @param energyHangoverChunks chunks the energy gate stays open after the last loud chunk
   * @param resume the VAD's state policy when the energy gate reopens
   * @param reprimeChunks chunks replayed by {@link VadResume#REPRIME}
   */
  public record Settings(double keywordThreshold, int hopChunks, double vadThreshold, int vadHangoverChunks,
      double energyDbfs, int energyHangoverChunks, VadResume resume, int reprimeChunks) {
    /** These settings with other gate thresholds. */
    public Settings withGates(double vad, double energy) {
      return new Settings(keywordThreshold, hopChunks, vad, vadHangoverChunks, energy, energyHangoverChunks, resume,
          reprimeChunks);
    }

    /** These settings with other gate thresholds and hang-overs. */
    public Settings withGates(double vad, int vadHangover, double energy, int energyHangover) {
      return new Settings(keywordThreshold, hopChunks, vad, vadHangover, energy, energyHangover, resume, reprimeChunks);
    }

    /** These settings with another keyword threshold. */
    public Settings withKeywordThreshold(double t) {
      return new Settings(t, hopChunks, vadThreshold, vadHangoverChunks, energyDbfs, energyHangoverChunks, resume,
          reprimeChunks);
    }
  }

  /** A detection: the chunk-end sample at which it fired and the keyword. */
  public record Detection(long sample, String label) {}

  /**
   * What one run did.
   *
   * @param gate the configuration
   * @param settings its thresholds
   * @param samples stream length
   * @param detections every detection in time order
   * @param stages per-stage call timers: energy, vad, features (per frame), keyword (per model run)
   * @param skippedChunks chunks replaced by silence because they held NaN or infinite samples
   */
  public record Run(Gate gate, Settings settings, long samples, List<Detection> detections, List<StageTimer> stages,
      long skippedChunks) {}

  private KeywordChain() {}

  /** Runs {@code gate} over {@code stream} with the two models (the VAD is unused by EVERY_FRAME/ORACLE). */
  public static Run run(AudioStream stream, Gate gate, Settings s, Model vadModel, Model keywordModel) {
    StageTimer energyT = new StageTimer("energy");
    StageTimer vadT = new StageTimer("vad");
    StageTimer featT = new StageTimer("features");
    StageTimer kwT = new StageTimer("keyword");
    List<Detection> detections = new ArrayList<>();
    long skipped = 0;
    int chunk = SileroVad.CHUNK;
    long chunks = stream.length() / chunk;
    float[][] history = new float[Math.max(1, s.reprimeChunks()) + 1][chunk];
    EnergyGate energy = new EnergyGate(s.energyDbfs(), s.energyHangoverChunks());
    List<AudioStream.Keyword> truth = stream.keywords();
    int truthCursor = 0;
    try (SileroVad vad = gate == Gate.VAD || gate == Gate.ENERGY_VAD ? new SileroVad(vadModel) : null;
         KeywordSpotter spotter = new KeywordSpotter(keywordModel, featT, kwT)) {
      int sinceSpeech = Integer.MAX_VALUE;
      boolean energyWasOpen = true;
      long refractoryUntil = -1;
      for (long c = 0; c < chunks; c++) {
        float[] x = history[(int) (c % history.length)];
        stream.read(c * chunk, x);
        if (!finite(x)) {
          java.util.Arrays.fill(x, 0f);
          skipped++;
        }
        spotter.push(x);
        long end = (c + 1) * chunk;
        boolean wantKeyword = switch (gate) {
          case EVERY_FRAME -> true;
          case ORACLE -> {
            while (truthCursor < truth.size() && truth.get(truthCursor).end() <= end - LogMel.CLIP) {
              truthCursor++;
            }
            yield truthCursor < truth.size() && truth.get(truthCursor).start() < end;
          }
          case ENERGY -> {
            long t0 = System.nanoTime();
            boolean open = energy.open(x);
            energyT.record(System.nanoTime() - t0);
            yield open;
          }
          case VAD, ENERGY_VAD -> {
            float p = 0f;
            boolean run = true;
            if (gate == Gate.ENERGY_VAD) {
              long t0 = System.nanoTime();
              run = energy.open(x);
              energyT.record(System.nanoTime() - t0);
              if (run && !energyWasOpen) {
                resume(vad, s, history, c, vadT);
              }
              energyWasOpen = run;
            }
            if (run) {
              long t0 = System.nanoTime();
              p = vad.process(x, 0);
              vadT.record(System.nanoTime() - t0);
            }
            sinceSpeech = p >= s.vadThreshold() ? 0 : sinceSpeech == Integer.MAX_VALUE ? sinceSpeech : sinceSpeech + 1;
            yield sinceSpeech <= s.vadHangoverChunks();
          }
        };
        if (wantKeyword && (c + 1) % s.hopChunks() == 0) {
          float[] probs = spotter.score();
          if (probs != null && end >= refractoryUntil) {
            int best = 2;
            for (int k = 3; k < probs.length; k++) {
              best = probs[k] > probs[best] ? k : best;
            }
            if (probs[best] >= s.keywordThreshold()) {
              detections.add(new Detection(end, KeywordSpotter.CLASSES.get(best)));
              refractoryUntil = end + LogMel.CLIP;
            }
          }
        }
      }
    }
    return new Run(gate, s, stream.length(), List.copyOf(detections), List.of(energyT, vadT, featT, kwT), skipped);
  }

  private static void resume(SileroVad vad, Settings s, float[][] history, long c, StageTimer vadT) {
    if (s.resume() == VadResume.KEEP) {
      return;
    }
    vad.reset();
    if (s.resume() == VadResume.REPRIME) {
      for (long p = Math.max(0, c - s.reprimeChunks()); p < c; p++) {
        long t0 = System.nanoTime();
        vad.process(history[(int) (p % history.length)], 0);
        vadT.record(System.nanoTime() - t0);
      }
    }
  }

  private static boolean finite(float[] x) {
    for (float v : x) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
