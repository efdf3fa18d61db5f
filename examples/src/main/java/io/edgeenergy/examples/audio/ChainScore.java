package io.edgeenergy.examples.audio;

import io.edgeenergy.Energy;
import io.edgeenergy.Power;
import io.edgeenergy.stream.StreamReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well and how cheaply one {@link KeywordChain.Run} did against the stream's ground truth.
 *
 * <p>A detection is a hit if its keyword matches a true keyword not yet hit and it fired between
 * the keyword's start and {@value #TOLERANCE_SECONDS} s after its end; a second detection of an
 * already-hit keyword inside that span is ignored; every other detection (wrong keyword, or no
 * keyword there) is a false accept. Latency = detection time − the keyword's end. Joules per stage are the run's
 * ({@link KeywordChain.Run#joules()}: the pipeline's meter for a real run, calls × median call time ×
 * the active power of one core for a replay).
 *
 * @param keywords true keywords in the stream
 * @param hits keywords detected
 * @param falseAccepts false accepts
 * @param hours stream length in hours
 * @param latenciesMs detection latencies of the hits, sorted
 * @param joulesPerHour estimated joules per hour of stream, all stages
 * @param stageJoulesPerHour the same per stage, in {@link KeywordChain#STAGES} order
 */
public record ChainScore(int keywords, int hits, int falseAccepts, double hours, double[] latenciesMs,
    double joulesPerHour, double[] stageJoulesPerHour) {
  static final double TOLERANCE_SECONDS = 1.0;

  /**
   * Whether a detection at sample {@code end} naming {@code label} counts for keyword {@code k}: the same
   * label, made after the keyword starts and at most {@link #TOLERANCE_SECONDS} after it ends.
   */
  static boolean hits(AudioStream.Keyword k, long end, String label) {
    long tolerance = (long) (TOLERANCE_SECONDS * LogMel.SAMPLE_RATE);
    return k.label().equals(label) && end >= k.start() && end <= k.end() + tolerance;
  }

  /** Scores {@code run} on {@code stream}. */
  public static ChainScore of(KeywordChain.Run run, AudioStream stream) {
    List<AudioStream.Keyword> truth = stream.keywords();
    boolean[] hit = new boolean[truth.size()];
    int falseAccepts = 0;
    List<Double> latencies = new ArrayList<>();
    for (KeywordChain.Detection d : run.detections()) {
      int match = -1;
      boolean duplicate = false;
      for (int i = 0; i < truth.size(); i++) {
        if (hits(truth.get(i), d.sample(), d.label())) {
          if (hit[i]) {
            duplicate = true;
          } else {
            match = i;
            break;
          }
        }
      }
      if (match >= 0) {
        hit[match] = true;
        latencies.add((d.sample() - truth.get(match).end()) * 1000.0 / LogMel.SAMPLE_RATE);
      } else if (!duplicate) {
        falseAccepts++;
      }
    }
    double hours = run.samples() / (LogMel.SAMPLE_RATE * 3600.0);
    double[] stage = new double[run.joules().length];
    double total = 0;
    for (int i = 0; i < stage.length; i++) {
      stage[i] = run.joules()[i] / hours;
      total += stage[i];
    }
    double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new ChainScore(truth.size(), latencies.size(), falseAccepts, hours, lat, total, stage);
  }

  /** Hits / keywords. */
  public double recall() {
    return keywords == 0 ? 1 : (double) hits / keywords;
  }

  /** False accepts per hour of stream. */
  public double falseAcceptsPerHour() {
    return falseAccepts / hours;
  }

  /** The {@code q}-quantile (0..1) of the detection latency in ms, NaN without hits. */
  public double latencyMs(double q) {
    return latenciesMs.length == 0 ? Double.NaN
        : latenciesMs[(int) Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))];
  }

  /** Hours a battery of {@code capacity} lasts running this chain always on, over {@code basePower}. */
  public double batteryHours(Energy capacity, Power basePower) {
    return StreamReport.batteryLife(capacity, basePower, Power.ofWatts(joulesPerHour / 3600.0)).toNanos() / 3.6e12;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainScore c && c.hits == hits && c.falseAccepts == falseAccepts && c.keywords == keywords
        && Arrays.equals(c.latenciesMs, latenciesMs) && c.joulesPerHour == joulesPerHour;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(latenciesMs) + 31 * hits;
  }

  @Override
  public String toString() {
    return "ChainScore[recall=" + recall() + ", falseAcceptsPerHour=" + falseAcceptsPerHour() + ", joulesPerHour="
        + joulesPerHour + "]";
  }
}
