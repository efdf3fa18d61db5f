package io.edgeenergy.cli;

import io.edgeenergy.examples.vision.FaceChainReplay;
import io.edgeenergy.examples.vision.FaceChainReplay.Mode;
import io.edgeenergy.examples.vision.FaceChainReplay.Outcome;
import io.edgeenergy.examples.vision.FaceChainReplay.Thresholds;
import io.edgeenergy.examples.vision.StreamScores;
import io.edgeenergy.policy.ChainCalibration;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the face chain's gate thresholds on the validation streams (several seeds, pooled) with {@link ChainCalibration}: the
 * motion threshold and the front model's unsure/sure band, the back model's threshold fixed (the same
 * in every configuration, so they differ only in which frames the back model sees).
 */
final class VisionCalibration {
  static final double[] MOTION = {0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0065, 0.008, 0.01, 0.013, 0.016, 0.02};
  /** 0: the back model looks at every frame the gate passes and the front model is not sure of. */
  static final double[] FRONT_UNSURE = {0, 0.05, 0.1, 0.15, 0.2, 0.3};
  /** 1.01: the front model is never sure, every face goes to the back model. */
  static final double[] FRONT_SURE = {0.6, 0.7, 0.8, 1.01};
  /** Motion from which the back model is asked whatever the front score; +Inf: never. */
  static final double[] BIG_MOTION = {Double.POSITIVE_INFINITY, 0.005, 0.01};
  /**
   * Keyframe period in frames (the back model looks unless the front model is sure); 0: none. A face
   * that stands still after it arrived, or is too small for the front model, is seen on a keyframe.
   */
  static final double[] KEYFRAME = {0, 6, 8, 12, 16, 24, 32};
  /**
   * Look again while unsure: the front score from which a frame without an alarm opens the gate on the
   * next one (+Inf: never), so a face that stopped moving stays looked at while the front model still
   * sees something face-like there.
   */
  static final double[] HOLD = {Double.POSITIVE_INFINITY, 0.1, 0.2, 0.3};
  /** The back score from which, below the back threshold, the back model is asked again on the next frame (+Inf: never). */
  static final double[] RECHECK = {Double.POSITIVE_INFINITY, 0.15, 0.2, 0.25, 0.3};

  private VisionCalibration() {}

  /**
   * The chosen thresholds and what they did on validation.
   *
   * @param picked the chosen grid point
   * @param curve the validation Pareto front, settings making identical decisions shown once
   */
  record Choice(Thresholds thresholds, Pooled validation, boolean metTarget, ChainCalibration.Point picked,
      List<ChainCalibration.Point> curve) {}

  /**
   * Recall, false alarms and joules of one setting over several validation streams together: the
   * visits found over all visits, the false alarms and joules over all hours (so a stream counts by its
   * length, a visit by one).
   */
  record Pooled(int visits, int detected, double recall, double falseAlarmsPerHour, double joulesPerHour) {
    static Pooled of(List<StreamScores> streams, Mode mode, Thresholds t) {
      int visits = 0;
      int detected = 0;
      double hours = 0;
      double falseAlarms = 0;
      double joules = 0;
      for (StreamScores s : streams) {
        Outcome o = FaceChainReplay.evaluate(s, mode, t);
        visits += o.visits();
        detected += o.detected();
        hours += s.hours();
        falseAlarms += o.falseAlarms();
        joules += o.joulesPerHour() * s.hours();
      }
      return new Pooled(visits, detected, visits == 0 ? 0 : (double) detected / visits, falseAlarms / hours, joules / hours);
    }
  }

  /**
   * Chooses on the pooled validation streams (never the test stream). The rule: the cheapest setting
   * whose pooled recall is at most {@code maxRecallLoss} below the back model on every frame and whose
   * false alarms per hour are no higher; if none is, the highest-recall point of the Pareto front. With
   * a {@code budget}: the highest recall within that many J/h. Pooling several seeds is what keeps the
   * choice from hanging on one visit of one stream.
   */
  static Choice choose(List<StreamScores> validation, double back, double maxRecallLoss, Double budget, PrintWriter out,
      boolean printCurve) {
    Pooled always = Pooled.of(validation, Mode.ALWAYS_BACK, new Thresholds(0, 0, 2, back));
    out.printf(Locale.ROOT, "  validation (%d streams pooled), back 256 on every frame: recall %.2f %% (%d/%d visits), "
        + "%.2f false alarms/h, %.1f J/h%n", validation.size(), 100 * always.recall(), always.detected(), always.visits(),
        always.falseAlarmsPerHour(), always.joulesPerHour());
    ChainCalibration.Evaluator evaluator = th -> {
      Pooled o = Pooled.of(validation, Mode.CHAIN, thresholds(th, back));
      return new ChainCalibration.Point(th, o.recall(), o.falseAlarmsPerHour(), o.joulesPerHour());
    };
    List<ChainCalibration.Point> sweep = ChainCalibration.sweep(
        ChainCalibration.grid(MOTION, FRONT_UNSURE, FRONT_SURE, BIG_MOTION, KEYFRAME, HOLD, RECHECK), evaluator);
    double minRecall = always.recall() - maxRecallLoss;
    var picked = budget == null
        ? ChainCalibration.cheapest(sweep, minRecall - 1e-9, always.falseAlarmsPerHour() + 1e-9)
        : ChainCalibration.mostRecall(sweep, budget, always.falseAlarmsPerHour() + 1e-9);
    boolean met = picked.isPresent();
    List<ChainCalibration.Point> front = ChainCalibration.front(sweep);   // O(n²) on a 10k-point grid: once
    ChainCalibration.Point p = picked.orElseGet(() -> front.get(front.size() - 1));
    Thresholds t = thresholds(p.thresholds(), back);
    Pooled chosen = Pooled.of(validation, Mode.CHAIN, t);
    out.printf(Locale.ROOT, "  chosen (%s): %s, back face >= %.2f: "
        + "recall %.2f %% (%d/%d), %.2f false alarms/h, %.1f J/h (%.1fx fewer than back 256 on every frame)%s%n",
        budget == null ? String.format(Locale.ROOT, "cheapest at pooled recall >= %.2f %%", 100 * minRecall)
            : String.format(Locale.ROOT, "best recall within %.1f J/h", budget),
        VisionRunFile.label(p.thresholds()), back, 100 * chosen.recall(), chosen.detected(), chosen.visits(),
        chosen.falseAlarmsPerHour(), chosen.joulesPerHour(), always.joulesPerHour() / chosen.joulesPerHour(),
        met ? "" : " - NO setting met the target: the highest-recall point of the curve was taken");
    List<ChainCalibration.Point> curve = new ArrayList<>();
    ChainCalibration.Point previous = null;
    for (ChainCalibration.Point q : front) {
      if (previous != null && previous.recall() == q.recall() && previous.joulesPerHour() == q.joulesPerHour()
          && previous.falseAlarmsPerHour() == q.falseAlarmsPerHour() && q != p) {
        continue; // settings that make the same decisions on every validation frame: keep the first
      }
      previous = q;
      curve.add(q);
    }
    if (!curve.contains(p)) {
      curve.add(p); // a pick off the front (a false-alarm cap it alone meets) is still shown
    }
    if (printCurve) {
      out.println("  validation trade-off (Pareto front: no other setting has more recall, fewer J/h and fewer false alarms):");
      out.printf(Locale.ROOT, "    %9s %8s %8s %-60s%n", "recall", "FA/h", "J/h", "setting");
      for (ChainCalibration.Point q : curve) {
        out.printf(Locale.ROOT, "    %8.2f%% %8.2f %8.2f %s%s%n", 100 * q.recall(), q.falseAlarmsPerHour(),
            q.joulesPerHour(), VisionRunFile.label(q.thresholds()), q == p ? "  <- chosen" : "");
      }
    }
    return new Choice(t, chosen, met, p, curve);
  }

  /**
   * The grid's (motion, unsure, sure, big motion, keyframe, hold, recheck), with unsure capped at sure (an
   * empty band: the front score alone never asks the back model).
   */
  static Thresholds thresholds(double[] th, double back) {
    return new Thresholds(th[0], Math.min(th[1], th[2]), th[2], back, th[3], (int) th[4], th[5], th[6]);
  }
}
