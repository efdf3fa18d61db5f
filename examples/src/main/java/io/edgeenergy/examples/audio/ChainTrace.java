package io.edgeenergy.examples.audio;

import io.edgeenergy.model.Model;

/**
 * Every stage's output on every chunk of a (validation) stream: chunk level, VAD probability and the
 * keyword model's best keyword. {@link ChainReplay} replays it under any gate thresholds without
 * running a model again, which makes a threshold sweep cheap. The replay is exact for the keyword
 * stage; for the energy gate it assumes the VAD outputs what it output when it ran on every chunk
 * (the real run resumes the VAD by {@link KeywordChain.VadResume}), which is why reported figures
 * come from real runs, never from the replay.
 *
 * @param dbfs per chunk: RMS level in dBFS
 * @param vad per chunk: Silero's speech probability, the VAD running on every chunk
 * @param keywordProb per chunk: the best keyword class's probability (scored at every chunk's end)
 * @param keywordLabel per chunk: that class's index in {@link KeywordSpotter#CLASSES}
 * @param smallProb per chunk: the small (cascade) model's best keyword probability; zeros without one
 * @param stream the stream traced
 * @param costs median seconds per call: energy (per chunk), vad (per chunk), features (per frame),
 *     keyword (per model run), small keyword model (per run; 0 without one)
 * @param screenFrames the log-mel frames the small model reads ({@link KeywordSpotter#framesOf}: 49,
 *     or fewer at {@link LogMelHistory#stride}); 0 without one
 */
public record ChainTrace(double[] dbfs, float[] vad, float[] keywordProb, byte[] keywordLabel, float[] smallProb,
    AudioStream stream, double[] costs, int screenFrames) {

  /** Runs every stage on every chunk of {@code stream} (no cascade model). */
  public static ChainTrace record(AudioStream stream, Model vadModel, Model keywordModel) {
    return record(stream, vadModel, keywordModel, null);
  }

  /** Runs every stage on every chunk of {@code stream}; {@code smallModel} (nullable) is the cascade's screen. */
  public static ChainTrace record(AudioStream stream, Model vadModel, Model keywordModel, Model smallModel) {
    int n = (int) (stream.length() / SileroVad.CHUNK);
    double[] dbfs = new double[n];
    float[] vad = new float[n];
    float[] kp = new float[n];
    byte[] kl = new byte[n];
    float[] sp = new float[n];
    StageTimer energyT = new StageTimer("energy");
    StageTimer vadT = new StageTimer("vad");
    StageTimer featT = new StageTimer("features");
    StageTimer kwT = new StageTimer("keyword");
    StageTimer smallT = new StageTimer("screen");
    float[] x = new float[SileroVad.CHUNK];
    int screenFrames;
    try (SileroVad v = new SileroVad(vadModel); KeywordSpotter spotter = new KeywordSpotter(keywordModel, featT, kwT);
         KeywordSpotter small = smallModel == null ? null
             : new KeywordSpotter(smallModel, new StageTimer("unused"), smallT)) {
      screenFrames = small == null ? 0 : small.frames();
      for (int c = 0; c < n; c++) {
        stream.read((long) c * SileroVad.CHUNK, x);
        long t0 = System.nanoTime();
        dbfs[c] = EnergyGate.dbfs(x);
        long t1 = System.nanoTime();
        vad[c] = v.process(x, 0);
        long t2 = System.nanoTime();
        energyT.record(t1 - t0);
        vadT.record(t2 - t1);
        spotter.push(x);
        if (small != null) {
          small.push(x);
          float[] q = small.score();
          sp[c] = q == null ? 0 : q[KeywordSpotter.bestKeyword(q)];
        }
        float[] p = spotter.score();
        if (p != null) {
          int best = KeywordSpotter.bestKeyword(p);
          kp[c] = p[best];
          kl[c] = (byte) best;
        }
      }
    }
    return new ChainTrace(dbfs, vad, kp, kl, sp, stream, new double[] {energyT.medianNanos() / 1e9,
        vadT.medianNanos() / 1e9, featT.medianNanos() / 1e9, kwT.medianNanos() / 1e9,
        smallModel == null ? 0 : smallT.medianNanos() / 1e9}, screenFrames);
  }
}
