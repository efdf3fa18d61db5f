package io.edgeenergy.testkit;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.LedgerSnapshot;
import org.junit.jupiter.api.Assertions;

/** JUnit 5 assertions for energy figures and ledgers, with messages that show the numbers. */
public final class EnergyAssertions {
  private EnergyAssertions() {}

  /** The ledger's conservation law: the inferences' totals equal the sum of all stage charges. */
  public static void assertConserved(LedgerSnapshot snapshot) {
    Assertions.assertEquals(snapshot.total(), snapshot.sumOfStages(),
        () -> "ledger not conserved: inference totals " + snapshot.total() + " vs stage charges "
            + snapshot.sumOfStages());
  }

  /** {@code actual} is within {@code relativeTolerance} (e.g. 0.15) of {@code expected}. */
  public static void assertEnergyWithin(Energy expected, Energy actual, double relativeTolerance) {
    double diff = Math.abs(actual.nanojoules() - expected.nanojoules());
    Assertions.assertTrue(diff <= relativeTolerance * expected.nanojoules(),
        () -> "expected " + expected + " ± " + 100 * relativeTolerance + " %, was " + actual);
  }

  /** A figure produced without a hardware meter must never claim to be measured. */
  public static void assertEstimated(EnergyQuality quality) {
    Assertions.assertEquals(EnergyQuality.ESTIMATED, quality, "figure claims MEASURED but no hardware meter produced it");
  }
}
