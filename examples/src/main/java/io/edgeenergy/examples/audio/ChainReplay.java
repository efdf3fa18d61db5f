package io.edgeenergy.examples.audio;

import io.edgeenergy.Power;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@link ChainTrace} under a gate and settings: the same decisions as
 * {@link KeywordChain#run} (see the trace for the one approximation), with stage costs as call counts
 * × the trace's median call times. Used to sweep thresholds on the validation stream.
 */
public final class ChainReplay {
  private ChainReplay() {}

  /** The run {@code gate} with {@code s} would give on the traced stream. */
  public static ChainScore replay(ChainTrace trace, KeywordChain.Gate gate, KeywordChain.Settings s, Power active) {
    int n = trace.dbfs().length;
    long energyCalls = 0;
    long vadCalls = 0;
    long frames = 0;
    long keywordCalls = 0;
    long lastFrame = -1;
    long refractoryUntil = -1;
    int sinceSpeech = Integer.MAX_VALUE;
    int sinceLoud = Integer.MAX_VALUE;
    boolean energyWasOpen = true;
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
      } else if (gate == KeywordChain.Gate.ENERGY) {
        energyCalls++;
        sinceLoud = trace.dbfs()[c] >= s.energyDbfs() ? 0 : sinceLoud == Integer.MAX_VALUE ? sinceLoud : sinceLoud + 1;
        want = sinceLoud <= s.energyHangoverChunks();
      } else {
        boolean run = true;
        if (gate == KeywordChain.Gate.ENERGY_VAD) {
          energyCalls++;
          sinceLoud = trace.dbfs()[c] >= s.energyDbfs() ? 0 : sinceLoud == Integer.MAX_VALUE ? sinceLoud : sinceLoud + 1;
          run = sinceLoud <= s.energyHangoverChunks();
          if (run && !energyWasOpen && s.resume() == KeywordChain.VadResume.REPRIME) {
            vadCalls += Math.min(c, s.reprimeChunks());
          }
          energyWasOpen = run;
        }
        float p = 0f;
        if (run) {
          vadCalls++;
          p = trace.vad()[c];
        }
        sinceSpeech = p >= s.vadThreshold() ? 0 : sinceSpeech == Integer.MAX_VALUE ? sinceSpeech : sinceSpeech + 1;
        want = sinceSpeech <= s.vadHangoverChunks();
      }
      if (want && (c + 1) % s.hopChunks() == 0) {
        long last = (end - LogMel.WINDOW) / LogMel.HOP;
        if (last - LogMel.FRAMES + 1 < 0) {
          continue;
        }
        frames += Math.min(LogMel.FRAMES, last - lastFrame);
        lastFrame = last;
        keywordCalls++;
        if (end >= refractoryUntil && trace.keywordProb()[c] >= s.keywordThreshold()) {
          detections.add(new KeywordChain.Detection(end, KeywordSpotter.CLASSES.get(trace.keywordLabel()[c])));
          refractoryUntil = end + LogMel.CLIP;
        }
      }
    }
    long[] calls = {energyCalls, vadCalls, frames, keywordCalls};
    List<StageTimer> stages = new ArrayList<>();
    String[] names = {"energy", "vad", "features", "keyword"};
    for (int i = 0; i < calls.length; i++) {
      stages.add(StageTimer.fixed(names[i], calls[i], trace.costs()[i] * 1e9));
    }
    KeywordChain.Run run = new KeywordChain.Run(gate, s, trace.stream().length(), detections, stages, 0);
    return ChainScore.of(run, trace.stream(), active);
  }
}
