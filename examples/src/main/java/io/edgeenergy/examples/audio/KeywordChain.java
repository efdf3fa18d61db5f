package io.edgeenergy.examples.audio;

import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.model.Model;
import io.edgeenergy.stream.StreamReport;
import java.util.List;

/**
 * One gating configuration of the keyword chain run over a stream on the SDK ({@link KeywordPipeline}:
 * a {@code TieredInferencePipeline} of stages fed by a {@code StreamRunner}, 512-sample = 32 ms
 * chunks), with its detections, per-stage calls and metered joules:
 * <ul>
 *   <li>{@link Gate#EVERY_FRAME}: the keyword stage (features + model) every hop;
 *   <li>{@link Gate#VAD}: Silero VAD on every chunk; the keyword stage on a hop when the VAD said
 *       speech within its hang-over;
 *   <li>{@link Gate#ENERGY_VAD}: the energy gate on every chunk; the VAD only on chunks it passes
 *       (what the VAD does when it wakes is {@link VadResume}, the stage's skip policy); then as
 *       {@code VAD};
 *   <li>{@link Gate#ENERGY}: the energy gate alone in front of the keyword stage (no VAD);
 *   <li>{@link Gate#CASCADE}: the energy gate, then a small keyword model (the screen,
 *       {@code screen}) on its log-mel frames (the second's 49, or every
 *       {@link LogMelHistory#stride}-th for a screen reading fewer, which is all the chain computes
 *       until it fires) every {@link Settings#screenHop()}-th hop, escalating to the keyword
 *       model when its best keyword's probability is at or above {@link Settings#cascadeThreshold()};
 *       once it fires, both run on every hop for {@link Settings#armHops()} more hops, and the keyword
 *       model reads the window {@link Settings#lookBack()} hops older than the screen's, so it also
 *       sees the hops the screen skipped (see {@link ScreenSchedule});
 *   <li>{@link Gate#ORACLE}: the keyword stage exactly on hops whose one-second window overlaps a
 *       true keyword, gates free: the lower bound of any gate.
 * </ul>
 * A detection is the best keyword class with probability ≥ the keyword threshold, at most one per
 * second (refractory). A chunk holding NaN or infinite samples is not run (the runner skips the
 * window and counts it, {@link Run#skippedChunks()}) and enters the keyword stage's second as
 * silence: one NaN in Silero's recurrent state would poison every later chunk.
 */
public final class KeywordChain {
  /** Which stages decide whether the keyword stage runs. */
  public enum Gate { EVERY_FRAME, VAD, ENERGY_VAD, ENERGY, CASCADE, ORACLE }

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
   * @param cascadeThreshold {@link Gate#CASCADE}: the small model's best keyword probability at or
   *     above which the keyword model confirms (low: the small model only screens)
   * @param screenHop {@link Gate#CASCADE}: the small model screens every this many hops while it has not
   *     fired (1 = every hop)
   * @param armHops {@link Gate#CASCADE}: hops both models keep running on every hop after the small
   *     model last fired (the screen gate's hang-over)
   */
  public record Settings(double keywordThreshold, int hopChunks, double vadThreshold, int vadHangoverChunks,
      double energyDbfs, int energyHangoverChunks, VadResume resume, int reprimeChunks, double cascadeThreshold,
      int screenHop, int armHops) {
    /** Checks the hops. */
    public Settings {
      if (hopChunks < 1 || screenHop < 1 || armHops < 0) {
        throw new IllegalArgumentException("hopChunks and screenHop must be >= 1 and armHops >= 0, were " + hopChunks
            + ", " + screenHop + ", " + armHops);
      }
    }

    /** Settings whose cascade screens every hop with no hang-over (screen hop 1, arm hops 0). */
    public Settings(double keywordThreshold, int hopChunks, double vadThreshold, int vadHangoverChunks,
        double energyDbfs, int energyHangoverChunks, VadResume resume, int reprimeChunks, double cascadeThreshold) {
      this(keywordThreshold, hopChunks, vadThreshold, vadHangoverChunks, energyDbfs, energyHangoverChunks, resume,
          reprimeChunks, cascadeThreshold, 1, 0);
    }

    /**
     * {@link Gate#CASCADE}: how many hops older than the screen's window the keyword model's window is,
     * {@code screenHop - 1}: a screen that fires on its k-th hop lets the keyword model see the k - 1
     * hops it skipped. The energy gate's hang-over is this much longer, so the older window still ends
     * in it.
     */
    public int lookBack() {
      return screenHop - 1;
    }

    /**
     * [VAD threshold, VAD hang-over, energy dBFS, energy hang-over, cascade threshold, screen hop, arm
     * hops]: the calibrated gate candidate.
     */
    public double[] gateThresholds() {
      return new double[] {vadThreshold, vadHangoverChunks, energyDbfs, energyHangoverChunks, cascadeThreshold,
          screenHop, armHops};
    }

    /**
     * These settings with other gate thresholds, hang-overs and cascade settings ({@link #gateThresholds()}
     * order; a 5-value candidate keeps the screen hop and arm hops).
     */
    public Settings withGates(double[] t) {
      return new Settings(keywordThreshold, hopChunks, t[0], (int) t[1], t[2], (int) t[3], resume, reprimeChunks, t[4],
          t.length > 5 ? (int) t[5] : screenHop, t.length > 6 ? (int) t[6] : armHops);
    }

    /** These settings with another keyword threshold and hop. */
    public Settings withKeyword(double threshold, int hop) {
      return new Settings(threshold, hop, vadThreshold, vadHangoverChunks, energyDbfs, energyHangoverChunks, resume,
          reprimeChunks, cascadeThreshold, screenHop, armHops);
    }
  }

  /** A detection: the chunk-end sample at which it fired and the keyword. */
  public record Detection(long sample, String label) {}

  /** The chain's stages, in the order of {@link Run#calls()} and {@link Run#joules()}. */
  public static final List<String> STAGES = List.of("energy", "vad", "log-mel", "keyword", "screen");

  /**
   * What one run did.
   *
   * @param gate the configuration
   * @param settings its thresholds
   * @param samples stream length
   * @param detections every detection in time order
   * @param calls per stage ({@link #STAGES}): runs, but log-mel frames computed for {@code log-mel}
   * @param joules per stage ({@link #STAGES}): joules over the whole stream
   * @param skippedChunks chunks not run because they held NaN or infinite samples (their window, or
   *     the next one's context)
   * @param report the stream runner's report (null for a {@link ChainReplay replay})
   * @param joulesPerMinute the pipeline ledger's joules in each whole minute of stream, in order (empty
   *     for a replay)
   */
  public record Run(Gate gate, Settings settings, long samples, List<Detection> detections, long[] calls,
      double[] joules, long skippedChunks, StreamReport report, double[] joulesPerMinute) {}

  private KeywordChain() {}

  /**
   * Runs {@code gate} over {@code stream} with the two models (the VAD is unused by EVERY_FRAME,
   * ENERGY and ORACLE), charging every stage from {@code meter} (one thread: the estimator counts the
   * calling thread's CPU time). Not for {@link Gate#CASCADE}, which needs the small model too.
   */
  public static Run run(AudioStream stream, Gate gate, Settings s, Model vadModel, Model keywordModel,
      EnergyMeter meter) {
    return run(stream, gate, s, vadModel, keywordModel, null, meter);
  }

  /** As {@link #run(AudioStream, Gate, Settings, Model, Model, EnergyMeter)}; {@code smallModel} screens for CASCADE. */
  public static Run run(AudioStream stream, Gate gate, Settings s, Model vadModel, Model keywordModel,
      Model smallModel, EnergyMeter meter) {
    int chunk = SileroVad.CHUNK;
    long chunks = stream.length() / chunk;
    float[] x = new float[chunk];
    long chunksPerMinute = 60L * LogMel.SAMPLE_RATE / chunk;
    double[] perMinute = new double[(int) (chunks / chunksPerMinute)];
    double before = 0;
    try (KeywordPipeline p = new KeywordPipeline(gate, s, vadModel, keywordModel, smallModel, meter,
        stream.keywords())) {
      for (long c = 0; c < chunks; c++) {
        stream.read(c * chunk, x);
        if (finite(x)) {
          p.history().push(x, 0, chunk);
        } else {
          p.history().pushSilence(chunk);
        }
        p.runner().samples(LogMel.SAMPLE_RATE, x, 0, chunk);
        if ((c + 1) % chunksPerMinute == 0 && (c + 1) / chunksPerMinute <= perMinute.length) {
          double total = p.runner().pipeline().ledger().snapshot().total().toJoules();
          perMinute[(int) ((c + 1) / chunksPerMinute) - 1] = total - before;
          before = total;
        }
      }
      p.runner().finish();
      StreamReport report = p.runner().report();
      long[] calls = new long[STAGES.size()];
      double[] joules = new double[STAGES.size()];
      for (StreamReport.StageDuty d : report.stages()) {
        // the cascade's second log-mel stage counts as log-mel
        int i = STAGES.indexOf(d.tier().equals(KeywordPipeline.CONFIRM_FEATURES) ? KeywordPipeline.FEATURES : d.tier());
        if (i >= 0) {   // the oracle's own stage is left out: gates free
          calls[i] = d.runs();   // log-mel's is replaced by the frames computed, below
          joules[i] += d.energy().toJoules();
        }
      }
      calls[2] = p.history().framesComputed();
      return new Run(gate, s, stream.length(), List.copyOf(p.detections()), calls, joules, report.framesSkipped(),
          report, perMinute);
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
