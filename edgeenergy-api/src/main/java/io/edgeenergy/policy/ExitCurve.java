package io.edgeenergy.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The calibrated operating points of ONE early-exit policy family (say "max probability" at
 * thresholds 0.50 … 0.99): for each threshold, the accuracy and the joules per inference it gave on
 * a validation split, and optionally its exit histogram. A calibration sweep builds one per policy;
 * {@link EarlyExitPolicy#following} walks one at run time as the budget tightens.
 *
 * <p>Points are kept sorted by joules per inference, cheapest first (equal joules: the more accurate
 * first, then the lower threshold). {@link #paretoFront()} drops the points that another point beats
 * on both axes: a controller never wants those. Immutable and thread-safe.
 *
 * <pre>{@code
 * ExitCurve curve = ExitCurve.of("max_probability", List.of(
 *     new ExitCurve.Point(0.50, 0.912, 0.000021),
 *     new ExitCurve.Point(0.90, 0.951, 0.000048),
 *     new ExitCurve.Point(0.99, 0.962, 0.000090)));
 * ExitCurve.Point p = curve.bestWithin(0.00005);   // the 0.90 point
 * }</pre>
 */
public final class ExitCurve {
  /** How far an exit histogram's shares may sum from 1 (rounding in whoever counted them). */
  static final double SHARE_SUM_TOLERANCE = 1e-3;

  private static final Comparator<Point> ORDER = Comparator.comparingDouble(Point::joulesPerInference)
      .thenComparing(Comparator.comparingDouble(Point::accuracy).reversed())
      .thenComparingDouble(Point::threshold);

  private final String policy;
  private final List<Point> points;

  /**
   * One operating point: the policy at {@code threshold} gave {@code accuracy} for {@code
   * joulesPerInference} on the calibration data.
   *
   * @param threshold the policy family's parameter (a probability, an entropy bound, a patience k, …); finite
   * @param accuracy the fraction of calibration inputs answered right, in [0, 1]
   * @param joulesPerInference the mean energy of one inference at this threshold, finite and >= 0
   * @param exitShares the fraction of inputs that left at each exit, first exit first, summing to 1;
   *     empty when not recorded
   */
  public record Point(double threshold, double accuracy, double joulesPerInference, List<Double> exitShares) {
    /** Validates every field; the message names the field, the value and the allowed range. */
    public Point {
      if (!Double.isFinite(threshold)) {
        throw new IllegalArgumentException("exit curve point: threshold must be finite, was " + threshold);
      }
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException("exit curve point at threshold " + threshold
            + ": accuracy must be a fraction in [0, 1], was " + accuracy + " (a percentage? divide by 100)");
      }
      if (!(joulesPerInference >= 0 && Double.isFinite(joulesPerInference))) {
        throw new IllegalArgumentException("exit curve point at threshold " + threshold
            + ": joulesPerInference must be finite and >= 0, was " + joulesPerInference);
      }
      exitShares = List.copyOf(Objects.requireNonNull(exitShares, "exitShares (use List.of() when not recorded)"));
      double sum = 0;
      for (int i = 0; i < exitShares.size(); i++) {
        double s = exitShares.get(i);
        if (!(s >= 0 && s <= 1)) {
          throw new IllegalArgumentException("exit curve point at threshold " + threshold + ": the share of exit "
              + i + " must be in [0, 1], was " + s);
        }
        sum += s;
      }
      if (!exitShares.isEmpty() && Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
        throw new IllegalArgumentException("exit curve point at threshold " + threshold
            + ": exit shares must sum to 1 (every input leaves at some exit), sum to " + sum + ": " + exitShares);
      }
    }

    /**
     * A point without an exit histogram.
     *
     * @param threshold the policy family's parameter; finite
     * @param accuracy in [0, 1]
     * @param joulesPerInference finite and >= 0
     */
    public Point(double threshold, double accuracy, double joulesPerInference) {
      this(threshold, accuracy, joulesPerInference, List.of());
    }
  }

  private ExitCurve(String policy, List<Point> sorted) {
    this.policy = policy;
    this.points = sorted;
  }

  /**
   * A curve of {@code points} of the policy family {@code policy}, sorted cheapest first.
   *
   * @param policy the policy family's name, for messages and reports (e.g. {@code "entropy"})
   * @param points at least one; every exit histogram of the same length (or all empty)
   * @return the curve
   * @throws IllegalArgumentException no points, a null point, a blank name, or histograms of
   *     different lengths
   */
  public static ExitCurve of(String policy, List<Point> points) {
    if (Objects.requireNonNull(policy, "policy").trim().isEmpty()) {
      throw new IllegalArgumentException("an exit curve needs the name of its policy family, was blank");
    }
    Objects.requireNonNull(points, "points");
    if (points.isEmpty()) {
      throw new IllegalArgumentException("exit curve '" + policy + "' needs at least one point, got none");
    }
    List<Point> sorted = new ArrayList<>(points.size());
    int exits = -1;
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      if (p == null) {
        throw new IllegalArgumentException("exit curve '" + policy + "': point " + i + " is null");
      }
      if (exits < 0) {
        exits = p.exitShares().size();
      } else if (p.exitShares().size() != exits) {
        throw new IllegalArgumentException("exit curve '" + policy + "': point " + i + " (threshold " + p.threshold()
            + ") has " + p.exitShares().size() + " exit shares, earlier points " + exits
            + "; give every point the same exits, or none");
      }
      sorted.add(p);
    }
    sorted.sort(ORDER);
    return new ExitCurve(policy, List.copyOf(sorted));
  }

  /** The policy family's name. */
  public String policy() {
    return policy;
  }

  /** The points, cheapest first. */
  public List<Point> points() {
    return points;
  }

  /** How many points. */
  public int size() {
    return points.size();
  }

  /**
   * The {@code i}-th point, cheapest first.
   *
   * @param i from 0 to {@link #size()} - 1
   * @return the point
   */
  public Point point(int i) {
    return points.get(i);
  }

  /** The point with the fewest joules per inference. */
  public Point cheapest() {
    return points.get(0);
  }

  /** The most accurate point (the cheapest of them on a tie). */
  public Point mostAccurate() {
    Point best = points.get(0);
    for (Point p : points) {
      if (p.accuracy() > best.accuracy()) {
        best = p;
      }
    }
    return best;
  }

  /**
   * The points no other point beats: each strictly more accurate than every cheaper one. Accuracy
   * rises with joules along it; its first point is {@link #cheapest()} and its last {@link #mostAccurate()}.
   *
   * @return a curve of the same policy family, possibly this one
   */
  public ExitCurve paretoFront() {
    List<Point> front = new ArrayList<>();
    for (Point p : points) {   // cheapest first; at equal joules the most accurate comes first
      if (front.isEmpty() || p.accuracy() > front.get(front.size() - 1).accuracy()) {
        front.add(p);
      }
    }
    return front.size() == points.size() ? this : new ExitCurve(policy, List.copyOf(front));
  }

  /**
   * The most accurate point costing at most {@code joulesPerInference} (the cheapest of equally
   * accurate ones); {@link #cheapest()} when none is that cheap.
   *
   * @param joulesPerInference what one inference may cost
   * @return the point
   */
  public Point bestWithin(double joulesPerInference) {
    Point best = null;
    for (Point p : points) {
      if (p.joulesPerInference() > joulesPerInference) {
        break;   // sorted by joules
      }
      if (best == null || p.accuracy() > best.accuracy()) {
        best = p;
      }
    }
    return best == null ? cheapest() : best;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExitCurve c && c.policy.equals(policy) && c.points.equals(points);
  }

  @Override
  public int hashCode() {
    return policy.hashCode() * 31 + points.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ExitCurve[").append(policy).append(": ");
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      s.append(i == 0 ? "" : ", ").append(p.threshold()).append(" -> ")
          .append(String.format(Locale.ROOT, "%.2f %% at %.3g J", 100 * p.accuracy(), p.joulesPerInference()));
    }
    return s.append(']').toString();
  }
}
