package io.edgeenergy.examples.audio;

import io.edgeenergy.Power;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@link ChainTrace} under a gate and settings: the same decisions as {@link KeywordChain#run}
 * (exact for every configuration but energy → VAD, where the VAD's probabilities after a gap differ:
 * see the trace), with stage costs as call counts × the trace's median call times. Used to sweep
 * thresholds on the validation stream; {@code KeywordChainTest} checks it against the real run.
 */
public final class ChainReplay {
  private ChainReplay() {}

  /** The score {@code gate} with {@code s} would get on the traced stream. */
  public static ChainScore replay(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s, Power active) {
    return ChainScore.of(run(trace, gate, s, active), trace.stream());
  }

  /** The stage calls {@code gate} with {@code s} would make on the traced stream ({@link KeywordChain#STAGES}). */
  public static long[] calls(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s) {
    return run(trace, gate, s, Power.ZERO).calls();
  }

  /**
   * How many <em>firing windows</em> the keyword model scores under {@code gate} with {@code s}: windows
   * on which it names a true keyword at or above the keyword threshold, ending between the keyword's
   * start and one second after its end (each would be a hit on its own). Every frame scores them all.
   * A stream of a few dozen keywords cannot tell a screen that hides some of these windows from one
   * that hides none, because most keywords fire on many windows; a keyword that fires on one window
   * only (a held-out voice) is lost by the first kind. Calibration counts them to prefer the second.
   *
   * @param phase the cascade screens on hops whose chunk count plus {@code phase} is a multiple of the
   *     screen hop (the live chain: 0); where a keyword falls against the screen's hops is chance
   */
  public static long firingWindowsSeen(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s, int phase) {
    long[] seen = new long[1];
    run(trace, gate, s, Power.ZERO, phase, seen);
    return seen[0];
  }

  /** A replay's score and the firing windows it saw ({@link #firingWindowsSeen}, phase 0). */
  public record Counted(ChainScore score, long firingWindowsSeen) {}

  /** {@link #replay} and {@link #firingWindowsSeen} at phase 0 from one replay. */
  public static Counted replayCounting(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s,
      Power active) {
    long[] seen = new long[1];
    KeywordChain.Run r = run(trace, gate, s, active, 0, seen);
    return new Counted(ChainScore.of(r, trace.stream()), seen[0]);
  }

  private static KeywordChain.Run run(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s, Power active) {
    return run(trace, gate, s, active, 0, null);   // no count: the hit test per keyword call is not free
  }

  /** The replay; {@code firingSeen} (nullable) counts the firing windows seen into its element 0. */
  private static KeywordChain.Run run(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s, Power active,
      int phase, long[] firingSeen) {
    int n = trace.dbfs().length;
    long energyCalls = 0;
    long vadCalls = 0;
    long frames = 0;
    long keywordCalls = 0;
    long smallCalls = 0;
    long[] cached = new long[64];   // LogMelHistory's frame ring: slot f % 64 holds frame f
    java.util.Arrays.fill(cached, -1);
    boolean cascade = gate == KeywordChain.Gate.CASCADE;
    int lookBack = cascade ? s.lookBack() : 0;
    int screenStride = cascade ? LogMelHistory.stride(trace.screenFrames()) : 1;
    boolean armed = false;           // the screen's class trigger (ScreenSchedule), hang-over in screen runs
    int armLeft = 0;
    long refractoryUntil = -1;
    int sinceSpeech = Integer.MAX_VALUE;
    int sinceLoud = Integer.MAX_VALUE;
    long missed = 0;
    int truthCursor = 0;
    List<AudioStream.Keyword> truth = trace.stream().keywords();
    List<KeywordChain.Detection> detections = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      long end = (long) (c + 1) * SileroVad.CHUNK;
      boolean want;
      if (gate == KeywordChain.Gate.EVERY_FRAME) {
        want = true;
      } else if (gate == KeywordChain.Gate.ORACLE) {
        while (truthCursor < truth.size() && truth.get(truthCursor).end() <= end - LogMel.CLIP) {
          truthCursor++;
        }
        want = truthCursor < truth.size() && truth.get(truthCursor).start() < end;
      } else if (gate == KeywordChain.Gate.ENERGY || cascade) {
        energyCalls++;
        sinceLoud = trace.dbfs()[c] >= s.energyDbfs() ? 0 : sinceLoud == Integer.MAX_VALUE ? sinceLoud : sinceLoud + 1;
        want = sinceLoud <= s.energyHangoverChunks() + lookBack;
      } else {
        // the pipeline's semantics: the VAD's gate counts its hang-over in VAD runs (it is not
        // consulted while the energy gate is shut), and a reprimed VAD replays the chunks it missed
        boolean run = true;
        if (gate == KeywordChain.Gate.ENERGY_VAD) {
          energyCalls++;
          sinceLoud = trace.dbfs()[c] >= s.energyDbfs() ? 0 : sinceLoud == Integer.MAX_VALUE ? sinceLoud : sinceLoud + 1;
          run = sinceLoud <= s.energyHangoverChunks();
        }
        if (run) {
          if (missed > 0 && s.resume() == KeywordChain.VadResume.REPRIME) {
            vadCalls += Math.min(missed, s.reprimeChunks());
          }
          missed = 0;
          vadCalls++;
          float p = trace.vad()[c];
          sinceSpeech = p >= (float) s.vadThreshold() ? 0
              : sinceSpeech == Integer.MAX_VALUE ? sinceSpeech : sinceSpeech + 1;
          want = sinceSpeech <= s.vadHangoverChunks();
        } else {
          missed++;
          want = false;
        }
      }
      if (want && (c + 1) % s.hopChunks() == 0) {
        if (cascade && !armed && (c + 1 + phase) % s.screenHop() != 0) {
          continue;
        }
        long last = (end - LogMel.WINDOW) / LogMel.HOP;
        long lastOld = Math.floorDiv(end - (long) lookBack * SileroVad.CHUNK - LogMel.WINDOW, LogMel.HOP);
        if (lastOld - LogMel.FRAMES + 1 < 0) {
          continue;
        }
        if (cascade) {   // the screen's frames; the keyword model's window only once the screen fired
          frames += computeStrided(cached, last, screenStride, trace.screenFrames());
          smallCalls++;
          if (trace.smallProb()[c] >= (float) s.cascadeThreshold()) {
            armed = true;
            armLeft = s.armHops();
          } else if (armed) {
            if (armLeft > 0) {
              armLeft--;
            } else {
              armed = false;
            }
          }
          if (!armed) {
            continue;
          }
        }
        frames += compute(cached, lastOld);
        keywordCalls++;
        int w = c - lookBack;
        if (firingSeen != null && trace.keywordProb()[w] >= s.keywordThreshold() && hitWindow(truth, (long) (w + 1) * SileroVad.CHUNK,
            KeywordSpotter.CLASSES.get(trace.keywordLabel()[w]))) {
          firingSeen[0]++;
        }
        if (end >= refractoryUntil && trace.keywordProb()[w] >= s.keywordThreshold()) {
          detections.add(new KeywordChain.Detection(end, KeywordSpotter.CLASSES.get(trace.keywordLabel()[w])));
          refractoryUntil = end + LogMel.CLIP;
        }
      }
    }
    long[] calls = {energyCalls, vadCalls, frames, keywordCalls, smallCalls};
    double[] joules = new double[calls.length];
    for (int i = 0; i < calls.length; i++) {
      joules[i] = calls[i] * trace.costs()[i] * active.toWatts();
    }
    return new KeywordChain.Run(gate, s, trace.stream().length(), detections, calls, joules, 0, null, new double[0]);
  }

  /** Whether a detection at sample {@code end} naming {@code label} is a hit on some true keyword. */
  private static boolean hitWindow(List<AudioStream.Keyword> truth, long end, String label) {
    for (AudioStream.Keyword k : truth) {   // 60 an hour: a scan is cheap next to the replay
      if (ChainScore.hits(k, end, label)) {
        return true;
      }
    }
    return false;
  }

  /** Frames {@link LogMelHistory#features} computes for the second ending with frame {@code last}, marking them. */
  private static int compute(long[] cached, long last) {
    return computeStrided(cached, last, 1, LogMel.FRAMES);
  }

  /** Frames {@link LogMelHistory#strided} computes for the second ending with frame {@code last}, marking them. */
  private static int computeStrided(long[] cached, long last, int stride, int count) {
    int n = 0;
    for (int k = 0; k < count; k++) {
      long f = LogMelHistory.stridedFrame(last, stride, count, k);
      int slot = (int) (f % cached.length);
      if (cached[slot] != f) {
        cached[slot] = f;
        n++;
      }
    }
    return n;
  }
}
