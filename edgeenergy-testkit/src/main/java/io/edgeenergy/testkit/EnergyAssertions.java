package io.edgeenergy.testkit;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import org.junit.jupiter.api.Assertions;

/** JUnit 5 assertions for energy figures and ledgers, with messages that show the numbers. */
public final class EnergyAssertions {
  private EnergyAssertions() {}

  /**
   * The ledger's conservation law: the inferences' totals equal, to the nanojoule, the sum of all
   * stage charges; and every inference stopped at exactly one stage.
   */
  public static void assertConserved(LedgerSnapshot snapshot) {
    Assertions.assertEquals(snapshot.total(), snapshot.sumOfStages(),
        () -> "ledger not conserved: inference totals " + snapshot.total() + " (" + snapshot.total().nanojoules()
            + " nJ) vs stage charges " + snapshot.sumOfStages() + " (" + snapshot.sumOfStages().nanojoules() + " nJ)");
    long stops = snapshot.tiers().stream().flatMap(t -> t.stages().stream())
        .mapToLong(LedgerSnapshot.StageStats::stops).sum();
    Assertions.assertEquals(snapshot.inferences(), stops,
        () -> "ledger counts " + snapshot.inferences() + " inferences but " + stops + " stops");
  }

  /** {@link #assertConserved(LedgerSnapshot)} on the pipeline's ledger now. */
  public static void assertConserved(TieredInferencePipeline<?> pipeline) {
    assertConserved(pipeline.ledger().snapshot());
  }

  /** {@code actual} is within {@code relativeTolerance} (e.g. 0.15 for ±15 %) of {@code expected}. */
  public static void assertEnergyWithin(Energy expected, Energy actual, double relativeTolerance) {
    if (!(relativeTolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0, was " + relativeTolerance);
    }
    double diff = Math.abs((double) actual.nanojoules() - expected.nanojoules());
    Assertions.assertTrue(diff <= relativeTolerance * expected.nanojoules(),
        () -> "expected " + expected + " ± " + 100 * relativeTolerance + " %, was " + actual + " (off by "
            + Energy.ofNanojoules((long) diff) + ")");
  }

  /** {@code actual} is {@code expectedJoules} ± {@code toleranceJoules}. */
  public static void assertJoules(double expectedJoules, Energy actual, double toleranceJoules) {
    if (!(toleranceJoules >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0 J, was " + toleranceJoules);
    }
    Assertions.assertTrue(Math.abs(actual.toJoules() - expectedJoules) <= toleranceJoules,
        () -> "expected " + expectedJoules + " J ± " + toleranceJoules + " J, was " + actual.toJoules() + " J");
  }

  /** The figure carries {@code expected} quality. */
  public static void assertQuality(EnergyQuality expected, EnergyQuality actual) {
    Assertions.assertEquals(expected, actual, () -> "figure is " + actual + ", expected " + expected);
  }

  /** A figure produced without a hardware meter (or extrapolated) must never claim to be measured. */
  public static void assertEstimated(EnergyQuality quality) {
    Assertions.assertEquals(EnergyQuality.ESTIMATED, quality,
        "figure claims MEASURED but no hardware meter produced all of it");
  }
}
