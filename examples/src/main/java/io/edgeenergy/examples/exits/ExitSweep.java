package io.edgeenergy.examples.exits;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.ExitCurve;
import io.edgeenergy.policy.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * The calibration sweep of a multi-exit model: replays the SDK's exit policies on recorded exits
 * ({@link ExitRecords}) at every value of a family's knob, prices every input by the estimated joules
 * of the segments it ran, and chooses one operating point on the choosing split by a stated rule:
 * <b>the cheapest point whose accuracy on every voice of the choosing split is at most
 * {@code maxLoss} below the monolithic model's on that voice</b> (if none is, the most accurate
 * point); with one split it is the same rule on that split. The chosen point is then reported on the
 * test split, which chooses nothing.
 */
public final class ExitSweep {
  private ExitSweep() {}

  /**
   * One family's sweep.
   *
   * @param family the family's name
   * @param knob what its swept value means
   * @param validation the curve on the validation split, one point per swept value, in sweep order
   * @param test the same values on the test split (reported, never used to choose)
   * @param chosen the point the rule chose on validation
   * @param chosenOnTest the chosen value on the test split
   * @param chosenPerVoice the chosen value's accuracy on each voice of the choosing split
   */
  public record Result(String family, String knob, List<OperatingPoint> validation, List<OperatingPoint> test,
      OperatingPoint chosen, OperatingPoint chosenOnTest, double[] chosenPerVoice) {
    /**
     * The validation curve as the SDK's {@link ExitCurve} (with exit shares), the calibrated points a
     * budget-following exit policy walks at run time.
     */
    public ExitCurve curve() {
      return ExitSweep.curve(family, validation);
    }
  }

  /** {@code points} as an {@link ExitCurve} of the family {@code name}, with each point's exit shares. */
  public static ExitCurve curve(String name, List<OperatingPoint> points) {
    List<ExitCurve.Point> out = new ArrayList<>(points.size());
    for (OperatingPoint p : points) {
      List<Double> shares = new ArrayList<>();
      for (double f : p.exitFractions()) {
        shares.add(f);
      }
      out.add(new ExitCurve.Point(p.threshold(), p.accuracy(), p.joulesPerInference(), shares));
    }
    return ExitCurve.of(name, out);
  }

  /**
   * Sweeps {@code family} on validation, chooses by the rule, and evaluates every value on test.
   *
   * @param stageJoules estimated joules of one run of each segment (exit head included), >= 0
   * @param targetAccuracy the validation accuracy to keep (monolithic validation accuracy minus the
   *     allowed loss), in [0, 1]
   */
  static Result run(ExitPolicyFamily family, ExitRecords validation, ExitRecords test, double[] stageJoules,
      double targetAccuracy) {
    List<OperatingPoint> val = curve(family, validation, stageJoules);
    List<OperatingPoint> tst = curve(family, test, stageJoules);
    OperatingPoint chosen = choose(val, targetAccuracy);
    return new Result(family.name(), family.knob(), val, tst, chosen, tst.get(val.indexOf(chosen)),
        new double[] {chosen.accuracy()});
  }

  /**
   * Sweeps {@code family} on each voice of the choosing split and on all of them pooled, chooses by
   * the per-voice rule (the cheapest pooled point whose accuracy on every voice is at least that
   * voice's last exit, the monolithic model, minus {@code maxLoss}; if none, the most accurate pooled
   * point), and evaluates every value on test. The result's validation curve is the pooled one.
   *
   * @param voices the choosing split, one set of recorded exits per voice
   * @param maxLoss accuracy a chosen point may lose on any voice, in [0, 1]
   */
  public static Result runPerVoice(ExitPolicyFamily family, List<ExitRecords> voices, ExitRecords test,
      double[] stageJoules, double maxLoss) {
    return perVoice(family, voices, test, stageJoules).choose(maxLoss);
  }

  /**
   * The curves {@link #runPerVoice} chooses from, swept once: {@link PerVoice#choose} applies the rule
   * at any allowed loss without replaying the policies again.
   */
  static PerVoice perVoice(ExitPolicyFamily family, List<ExitRecords> voices, ExitRecords test, double[] stageJoules) {
    List<List<OperatingPoint>> perVoice = new ArrayList<>();
    double[] monolithic = new double[voices.size()];
    for (int v = 0; v < monolithic.length; v++) {
      ExitRecords r = voices.get(v);
      perVoice.add(curve(family, r, stageJoules));
      monolithic[v] = r.accuracyPerExit()[r.exits() - 1];
    }
    return new PerVoice(family, curve(family, ExitRecords.concat(voices), stageJoules), perVoice, monolithic,
        curve(family, test, stageJoules));
  }

  /** One family swept on each voice of the choosing split, on all of them pooled, and on test. */
  record PerVoice(ExitPolicyFamily family, List<OperatingPoint> pooled, List<List<OperatingPoint>> perVoice,
      double[] monolithic, List<OperatingPoint> test) {
    /** The per-voice rule with {@code maxLoss} allowed on every voice (see {@link #runPerVoice}). */
    Result choose(double maxLoss) {
      if (!(maxLoss >= 0 && maxLoss <= 1)) {
        throw new IllegalArgumentException("the allowed loss must be in [0, 1], was " + maxLoss);
      }
      double[] targets = new double[monolithic.length];
      for (int v = 0; v < targets.length; v++) {
        targets[v] = Math.max(0, monolithic[v] - maxLoss);
      }
      int i = chooseIndex(pooled, perVoice, targets);
      double[] chosenPerVoice = new double[targets.length];
      for (int v = 0; v < targets.length; v++) {
        chosenPerVoice[v] = perVoice.get(v).get(i).accuracy();
      }
      return new Result(family.name(), family.knob(), pooled, test, pooled.get(i), test.get(i), chosenPerVoice);
    }
  }

  /** The family's operating points on {@code records}, one per swept value, in sweep order. */
  public static List<OperatingPoint> curve(ExitPolicyFamily family, ExitRecords records, double[] stageJoules) {
    List<OperatingPoint> points = new ArrayList<>();
    for (double v : family.values()) {
      points.add(evaluate(records, stageJoules, family.policy().apply(v), family.budget().apply(v), v));
    }
    return points;
  }

  /**
   * Replays {@code policy} on every input: after each exit but the last the policy decides on what the
   * pipeline would show it ({@link Prediction#of(int, int, int, float...)}: the same top-1, margin,
   * entropy and agreeing-exit count); ABSTAIN counts as CONTINUE, as in the pipeline.
   */
  public static OperatingPoint evaluate(ExitRecords records, double[] stageJoules, EarlyExitPolicy policy,
      BudgetView budget, double threshold) {
    double[] cumulative = cumulative(records, stageJoules);
    int exits = records.exits();
    int[] histogram = new int[exits];
    int right = 0;
    double joules = 0;
    for (int i = 0; i < records.size(); i++) {
      int stop = stop(records, i, policy, budget);
      histogram[stop]++;
      right += records.correct(i, stop) ? 1 : 0;
      joules += cumulative[stop];
    }
    return new OperatingPoint(threshold, (double) right / records.size(), joules / records.size(), histogram);
  }

  /** The oracle exit: each input stops at the first exit that is right (the last if none is). */
  public static OperatingPoint oracle(ExitRecords records, double[] stageJoules) {
    double[] cumulative = cumulative(records, stageJoules);
    int[] histogram = new int[records.exits()];
    int right = 0;
    double joules = 0;
    int[] stops = records.oracleExits();
    for (int i = 0; i < stops.length; i++) {
      histogram[stops[i]]++;
      right += records.correct(i, stops[i]) ? 1 : 0;
      joules += cumulative[stops[i]];
    }
    return new OperatingPoint(Double.NaN, (double) right / records.size(), joules / records.size(), histogram);
  }

  /**
   * The rule: the cheapest point with accuracy >= {@code targetAccuracy} (ties: the more accurate,
   * then the first swept); if no point reaches it, the most accurate point (ties: the cheaper).
   */
  static OperatingPoint choose(List<OperatingPoint> points, double targetAccuracy) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no operating points to choose from");
    }
    if (!(targetAccuracy >= 0 && targetAccuracy <= 1)) {
      throw new IllegalArgumentException("target accuracy must be in [0, 1], was " + targetAccuracy);
    }
    return points.get(chooseIndex(points, List.of(points), new double[] {targetAccuracy}));
  }

  /**
   * The rule on several curves of the same swept values: the cheapest {@code pooled} point (ties: the
   * more accurate, then the first swept) whose accuracy on every curve of {@code perVoice} reaches
   * that curve's target; if none does, the most accurate pooled point (ties: the cheaper).
   */
  static int chooseIndex(List<OperatingPoint> pooled, List<List<OperatingPoint>> perVoice, double[] targets) {
    int best = -1;
    for (int i = 0; i < pooled.size(); i++) {
      boolean ok = true;
      for (int v = 0; v < targets.length && ok; v++) {
        ok = perVoice.get(v).get(i).accuracy() >= targets[v];
      }
      OperatingPoint p = pooled.get(i);
      if (ok && (best < 0 || p.joulesPerInference() < pooled.get(best).joulesPerInference()
          || p.joulesPerInference() == pooled.get(best).joulesPerInference() && p.accuracy() > pooled.get(best).accuracy())) {
        best = i;
      }
    }
    if (best >= 0) {
      return best;
    }
    best = 0;
    for (int i = 1; i < pooled.size(); i++) {
      OperatingPoint p = pooled.get(i);
      if (p.accuracy() > pooled.get(best).accuracy()
          || p.accuracy() == pooled.get(best).accuracy() && p.joulesPerInference() < pooled.get(best).joulesPerInference()) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The exit (0-based) at which {@code policy} stops input {@code i} of the recorded exits, asked as the
   * pipeline asks it: after every exit but the last, with the count of consecutive agreeing exits.
   */
  static int stop(ExitRecords records, int i, EarlyExitPolicy policy, BudgetView budget) {
    int exits = records.exits();
    int agreeing = 0;
    for (int e = 0; e < exits - 1; e++) {
      agreeing = e > 0 && records.top1(i, e) == records.top1(i, e - 1) ? agreeing + 1 : 1;
      Prediction seen = Prediction.of(e, exits, agreeing, records.probabilities()[i][e]);
      if (policy.decide(seen, budget) == EarlyExitPolicy.Decision.EXIT) {
        return e;
      }
    }
    return exits - 1;
  }

  static double[] cumulative(ExitRecords records, double[] stageJoules) {
    if (stageJoules.length != records.exits()) {
      throw new IllegalArgumentException("need the joules of each of the " + records.exits() + " segments, got "
          + stageJoules.length);
    }
    double[] c = new double[stageJoules.length];
    double sum = 0;
    for (int s = 0; s < c.length; s++) {
      if (!(stageJoules[s] >= 0) || Double.isInfinite(stageJoules[s])) {
        throw new IllegalArgumentException("segment " + (s + 1) + " joules must be finite and >= 0, was "
            + stageJoules[s]);
      }
      sum += stageJoules[s];
      c[s] = sum;
    }
    return c;
  }
}
