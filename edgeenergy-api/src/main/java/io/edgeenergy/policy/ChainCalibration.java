package io.edgeenergy.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Picks the thresholds of every gate of an always-on chain (energy gate → VAD → keyword model, motion
 * gate → small detector → big detector, ...) on a validation stream: the cheapest setting that keeps a
 * recall target and a false-alarm cap, or the best recall under a joules-per-hour budget (MSDNet's
 * budgeted mode, for streams).
 *
 * <p>The caller evaluates a candidate (a vector of thresholds, one per gate) on the validation stream
 * with the real models, typically by replaying recorded per-frame scores, and returns its recall,
 * false alarms per hour and joules per hour. Never calibrate on the test stream.
 */
public final class ChainCalibration {
  private ChainCalibration() {}

  /**
   * One evaluated candidate.
   *
   * @param thresholds the gate thresholds, in the caller's order
   * @param recall fraction of true events detected, in [0, 1]
   * @param falseAlarmsPerHour false alarms per hour of stream
   * @param joulesPerHour energy per hour of stream, all stages
   */
  public record Point(double[] thresholds, double recall, double falseAlarmsPerHour, double joulesPerHour) {
    /** Validates and copies the thresholds. */
    public Point {
      thresholds = thresholds.clone();
      if (!(recall >= 0 && recall <= 1) || !(falseAlarmsPerHour >= 0) || !(joulesPerHour >= 0)) {
        throw new IllegalArgumentException("a chain point needs recall in [0, 1] and non-negative rates, got recall "
            + recall + ", false alarms/h " + falseAlarmsPerHour + ", J/h " + joulesPerHour);
      }
    }

    /** The thresholds of this point, one per stage (a copy). */
    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Point p && Arrays.equals(p.thresholds, thresholds) && p.recall == recall
          && p.falseAlarmsPerHour == falseAlarmsPerHour && p.joulesPerHour == joulesPerHour;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(thresholds), recall, falseAlarmsPerHour, joulesPerHour);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%s: recall %.4f, %.2f false alarms/h, %.4g J/h",
          Arrays.toString(thresholds), recall, falseAlarmsPerHour, joulesPerHour);
    }
  }

  /** Evaluates one candidate on the validation stream. */
  @FunctionalInterface
  public interface Evaluator {
    /** Recall, false alarms and joules per hour of the chain with {@code thresholds}. */
    Point evaluate(double[] thresholds);
  }

  /** Every combination of one value per axis (the first axis varies slowest). */
  public static List<double[]> grid(double[]... axes) {
    List<double[]> out = new ArrayList<>();
    out.add(new double[0]);
    for (double[] axis : axes) {
      if (axis.length == 0) {
        throw new IllegalArgumentException("a threshold axis needs at least one value");
      }
      List<double[]> next = new ArrayList<>();
      for (double[] prefix : out) {
        for (double v : axis) {
          double[] c = Arrays.copyOf(prefix, prefix.length + 1);
          c[prefix.length] = v;
          next.add(c);
        }
      }
      out = next;
    }
    return out;
  }

  /** Evaluates every candidate, in order: the curve the CLI prints. */
  public static List<Point> sweep(List<double[]> candidates, Evaluator evaluator) {
    return candidates.stream().map(evaluator::evaluate).collect(Collectors.collectingAndThen(Collectors.toList(), java.util.Collections::unmodifiableList));
  }

  /**
   * The cheapest point with recall ≥ {@code minRecall} and false alarms/h ≤ {@code maxFalseAlarmsPerHour}
   * (ties: higher recall, then fewer false alarms); empty when none qualifies.
   */
  public static Optional<Point> cheapest(List<Point> curve, double minRecall, double maxFalseAlarmsPerHour) {
    return curve.stream()
        .filter(p -> p.recall() >= minRecall && p.falseAlarmsPerHour() <= maxFalseAlarmsPerHour)
        .min(Comparator.comparingDouble(Point::joulesPerHour).thenComparing(Comparator.comparingDouble(Point::recall)
            .reversed()).thenComparingDouble(Point::falseAlarmsPerHour));
  }

  /**
   * The point with the highest recall within {@code maxJoulesPerHour} and {@code maxFalseAlarmsPerHour}
   * (ties: fewer false alarms, then fewer joules); empty when none fits the budget.
   */
  public static Optional<Point> mostRecall(List<Point> curve, double maxJoulesPerHour, double maxFalseAlarmsPerHour) {
    return curve.stream()
        .filter(p -> p.joulesPerHour() <= maxJoulesPerHour && p.falseAlarmsPerHour() <= maxFalseAlarmsPerHour)
        .max(Comparator.comparingDouble(Point::recall).thenComparing(Comparator
            .comparingDouble(Point::falseAlarmsPerHour).reversed()).thenComparing(Comparator
            .comparingDouble(Point::joulesPerHour).reversed()));
  }

  /**
   * The recall/energy trade-off: points no other point beats on recall, joules and false alarms at
   * once, sorted by joules per hour.
   */
  public static List<Point> front(List<Point> curve) {
    // Visit the points cheapest first (ties: more recall, then fewer false alarms): whatever beats a
    // point comes before it, and if a beaten point beats it so does a point of the front, so checking
    // against the front found so far is enough. O(points × front) instead of O(points²): grids of
    // 10^5 candidates are usual for three- and four-gate chains.
    Integer[] order = new Integer[curve.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> curve.get(i).joulesPerHour())
        .thenComparing(Comparator.<Integer>comparingDouble(i -> curve.get(i).recall()).reversed())
        .thenComparingDouble(i -> curve.get(i).falseAlarmsPerHour()));
    List<Point> kept = new ArrayList<>();
    boolean[] onFront = new boolean[order.length];
    for (int i : order) {
      Point p = curve.get(i);
      if (kept.stream().noneMatch(q -> beats(q, p))) {
        kept.add(p);
        onFront[i] = true;
      }
    }
    List<Point> out = new ArrayList<>(kept.size());
    for (int i = 0; i < onFront.length; i++) {
      if (onFront[i]) {
        out.add(curve.get(i));
      }
    }
    out.sort(Comparator.comparingDouble(Point::joulesPerHour)); // stable: ties keep the caller's order
    return java.util.Collections.unmodifiableList(out);
  }

  /** Whether {@code q} is at least as good as {@code p} on recall, joules and false alarms, and better on one. */
  private static boolean beats(Point q, Point p) {
    return q.recall() >= p.recall() && q.joulesPerHour() <= p.joulesPerHour()
        && q.falseAlarmsPerHour() <= p.falseAlarmsPerHour() && (q.recall() > p.recall()
        || q.joulesPerHour() < p.joulesPerHour() || q.falseAlarmsPerHour() < p.falseAlarmsPerHour());
  }
}
