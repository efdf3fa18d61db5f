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

  private static KeywordChain.Run run(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s, Power active) {
    int n = trace.dbfs().length;
    long energyCalls = 0;
    long vadCalls = 0;
    long frames = 0;
    long keywordCalls = 0;
    long smallCalls = 0;
    long lastFrame = -1;
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
      } else if (gate == KeywordChain.Gate.ENERGY || gate == KeywordChain.Gate.CASCADE) {
        energyCalls++;
        sinceLoud = trace.dbfs()[c] >= s.energyDbfs() ? 0 : sinceLoud == Integer.MAX_VALUE ? sinceLoud : sinceLoud + 1;
        want = sinceLoud <= s.energyHangoverChunks();
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
        long last = (end - LogMel.WINDOW) / LogMel.HOP;
        if (last - LogMel.FRAMES + 1 < 0) {
          continue;
        }
        frames += Math.min(LogMel.FRAMES, last - lastFrame);
        lastFrame = last;
        if (gate == KeywordChain.Gate.CASCADE) {
          smallCalls++;
          if (trace.smallProb()[c] < s.cascadeThreshold()) {
            continue;
          }
        }
        keywordCalls++;
        if (end >= refractoryUntil && trace.keywordProb()[c] >= s.keywordThreshold()) {
          detections.add(new KeywordChain.Detection(end, KeywordSpotter.CLASSES.get(trace.keywordLabel()[c])));
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
}
