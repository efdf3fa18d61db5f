package io.edgeenergy.energy;

/**
 * Where the joules went, read-only: every stage run (one model call) charged to its tier and model,
 * and every inference's total. Conservation is exact: the stage charges of all inferences add up, to
 * the nanojoule, to the sum of the inferences' totals ({@link LedgerSnapshot#total()}).
 *
 * <p>A pipeline's ledger ({@code TieredInferencePipeline.ledger()}) is written only by that
 * pipeline, one inference at a time; callers read it here, and zero it with the pipeline's
 * {@code reset()}. Read it on the pipeline's thread, or accept that a snapshot taken while an
 * inference runs may be torn (counters from slightly different moments). Rates (how often a tier
 * is reached, where inferences stop) are on the {@link #snapshot()}.
 */
public interface EnergyLedger {
  /**
   * Mean joules per run of a stage so far, in nanojoules; 0 before its first run.
   *
   * @param tier index of the tier (0 = the always-on tier)
   * @param stage index of the stage (exit) within that tier
   * @return the mean, rounded down
   */
  long meanStageNanojoules(int tier, int stage);

  /**
   * Mean joules of one pass through a whole tier (every stage), in nanojoules; 0 before any run.
   *
   * @param tier index of the tier
   * @return the sum of its stages' means
   */
  long meanTierNanojoules(int tier);

  /**
   * An immutable copy of every counter.
   *
   * @return the counters now
   */
  LedgerSnapshot snapshot();
}
