package io.edgeenergy.internal;

import io.edgeenergy.ConcurrentUseException;
import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyLedger;
import io.edgeenergy.energy.LedgerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.stream.Collectors;

/**
 * The pipeline's writable {@link EnergyLedger}: where the joules went, every stage run (one model call) charged to its tier and model, and every
 * inference's total. Conservation is exact: the stage charges of all inferences add up, to the
 * nanojoule, to the sum of the inferences' totals ({@link LedgerSnapshot#total()}).
 *
 * <p><b>One writer at a time.</b> An inference's writes are its stage charges followed by
 * {@link #recordInference}: the first charge (or {@link #beginInference()}) claims the ledger for the
 * calling thread with one compare-and-set, {@code recordInference} (or {@link #abandonInference()})
 * releases it. A second thread that writes while an inference is open gets a
 * {@link ConcurrentUseException} instead of silently losing charges; between inferences any thread
 * may write, so a pipeline can be handed over. {@code recordInference} also checks that its total
 * equals the stage charges made for the inference, so conservation is enforced, not assumed.
 * Call {@link #snapshot()} on the writer's thread, or accept that a snapshot taken concurrently may
 * be torn (counters from slightly different moments).
 *
 * <p>Callers get {@link #readOnly()}, whose type has no writer a cast could reach, so only the
 * pipeline can charge, record or reset. Not part of the public API.
 */
public final class MutableLedger implements EnergyLedger {
  // a field updater, not a VarHandle: Android has VarHandles only from API 33
  private static final AtomicReferenceFieldUpdater<MutableLedger, Thread> WRITER =
      AtomicReferenceFieldUpdater.newUpdater(MutableLedger.class, Thread.class, "writer");

  private final List<String> tierNames;
  private final List<List<String>> stageNames;
  private final long[][] runs;
  private final long[][] stops;
  private final long[][] nanojoules;
  private final long[][] wallNanos;
  private final boolean[][] estimated;
  private long inferences;
  private long inferenceNanojoules;
  private long budgetDenials;
  /** The thread whose inference is open, or null between inferences; claimed by CAS. */
  private volatile Thread writer;
  /** Stage charges of the open inference, checked against its recorded total. */
  private long openNanojoules;

  /** The one read-only face, made once. */
  private final EnergyLedger readOnly = new ReadOnly();

  private MutableLedger(Builder b) {
    this.tierNames = List.copyOf(b.tierNames);
    this.stageNames = List.copyOf(b.stageNames.stream().map(List::copyOf).collect(Collectors.toList()));   // Stream.toList(): Android API 34+
    int tiers = tierNames.size();
    this.runs = new long[tiers][];
    this.stops = new long[tiers][];
    this.nanojoules = new long[tiers][];
    this.wallNanos = new long[tiers][];
    this.estimated = new boolean[tiers][];
    for (int t = 0; t < tiers; t++) {
      int stages = stageNames.get(t).size();
      runs[t] = new long[stages];
      stops[t] = new long[stages];
      nanojoules[t] = new long[stages];
      wallNanos[t] = new long[stages];
      estimated[t] = new boolean[stages];
    }
  }

  /** A builder to declare the tiers and their stages. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens an inference for the calling thread (charging a stage does it implicitly).
   *
   * @throws ConcurrentUseException another thread's inference is open
   */
  public void beginInference() {
    Thread me = Thread.currentThread();
    if (writer != me && !WRITER.compareAndSet(this, null, me)) {
      throw busy(me);
    }
  }

  /** Closes an open inference that charged nothing (e.g. its input failed to bind); no-op if none is open. */
  public void abandonInference() {
    beginInference();
    if (openNanojoules != 0) {
      throw new IllegalStateException("the open inference charged " + openNanojoules + " nJ: record it, do not abandon it");
    }
    WRITER.lazySet(this, null);
  }

  /** Charges one run of a stage (one model call) to the open inference, opening one if none is. */
  public void chargeStage(int tier, int stage, long stageNanojoules, long stageWallNanos, EnergyQuality quality) {
    if (stageNanojoules < 0 || stageWallNanos < 0) {
      throw new IllegalArgumentException("a stage charge must be >= 0, was " + stageNanojoules + " nJ over "
          + stageWallNanos + " ns");
    }
    beginInference();
    openNanojoules = Math.addExact(openNanojoules, stageNanojoules);
    runs[tier][stage]++;
    nanojoules[tier][stage] = Math.addExact(nanojoules[tier][stage], stageNanojoules);
    wallNanos[tier][stage] += stageWallNanos;
    if (quality == EnergyQuality.ESTIMATED) {
      estimated[tier][stage] = true;
    }
  }

  /**
   * Closes one inference that stopped at {@code (tier, stage)} having spent {@code totalNanojoules},
   * which must equal the sum of the stage charges made for it.
   *
   * @throws IllegalArgumentException the total differs from the inference's stage charges
   * @throws ConcurrentUseException another thread's inference is open
   */
  public void recordInference(int tier, int stage, long totalNanojoules, boolean budgetDenied) {
    beginInference();
    if (totalNanojoules != openNanojoules) {
      throw new IllegalArgumentException("inference total " + totalNanojoules + " nJ differs from its stage charges "
          + openNanojoules + " nJ: the ledger would not be conserved");
    }
    openNanojoules = 0;
    WRITER.lazySet(this, null);
    inferences++;
    stops[tier][stage]++;
    inferenceNanojoules = Math.addExact(inferenceNanojoules, totalNanojoules);
    if (budgetDenied) {
      budgetDenials++;
    }
  }

  /** Zeroes every counter (an open inference is dropped). */
  public void reset() {
    openNanojoules = 0;
    WRITER.lazySet(this, null);
    for (int t = 0; t < runs.length; t++) {
      java.util.Arrays.fill(runs[t], 0);
      java.util.Arrays.fill(stops[t], 0);
      java.util.Arrays.fill(nanojoules[t], 0);
      java.util.Arrays.fill(wallNanos[t], 0);
      java.util.Arrays.fill(estimated[t], false);
    }
    inferences = 0;
    inferenceNanojoules = 0;
    budgetDenials = 0;
  }

  private ConcurrentUseException busy(Thread me) {
    Thread other = writer;
    return new ConcurrentUseException("ledger " + tierNames + " has an inference open on thread '"
        + (other == null ? "?" : other.getName()) + "' while thread '" + me.getName() + "' writes to it: a ledger has"
        + " one writer at a time (build one pipeline per thread; they may share an EnergyBudget)");
  }

  /** This ledger as callers see it: every read, no writer. */
  public EnergyLedger readOnly() {
    return readOnly;
  }

  @Override
  public long meanStageNanojoules(int tier, int stage) {
    long n = runs[tier][stage];
    return n == 0 ? 0 : nanojoules[tier][stage] / n;
  }

  @Override
  public long meanTierNanojoules(int tier) {
    long sum = 0;
    for (int s = 0; s < runs[tier].length; s++) {
      sum += meanStageNanojoules(tier, s);
    }
    return sum;
  }

  @Override
  public LedgerSnapshot snapshot() {
    List<LedgerSnapshot.TierStats> tiers = new ArrayList<>();
    EnergyQuality overall = EnergyQuality.MEASURED;
    for (int t = 0; t < runs.length; t++) {
      List<LedgerSnapshot.StageStats> stages = new ArrayList<>();
      for (int s = 0; s < runs[t].length; s++) {
        EnergyQuality q = estimated[t][s] ? EnergyQuality.ESTIMATED : EnergyQuality.MEASURED;
        if (runs[t][s] > 0) {
          overall = overall.combine(q);
        }
        stages.add(new LedgerSnapshot.StageStats(stageNames.get(t).get(s), runs[t][s], stops[t][s],
            Energy.ofNanojoules(nanojoules[t][s]), wallNanos[t][s], q));
      }
      tiers.add(new LedgerSnapshot.TierStats(tierNames.get(t), stages));
    }
    return new LedgerSnapshot(inferences, Energy.ofNanojoules(inferenceNanojoules), overall, budgetDenials, tiers);
  }

  @Override
  public String toString() {
    return "EnergyLedger" + tierNames;
  }

  /** Delegates the reads; a separate class so that no cast of the caller's ledger reaches a writer. */
  private final class ReadOnly implements EnergyLedger {
    @Override
    public long meanStageNanojoules(int tier, int stage) {
      return MutableLedger.this.meanStageNanojoules(tier, stage);
    }

    @Override
    public long meanTierNanojoules(int tier) {
      return MutableLedger.this.meanTierNanojoules(tier);
    }

    @Override
    public LedgerSnapshot snapshot() {
      return MutableLedger.this.snapshot();
    }

    @Override
    public String toString() {
      return MutableLedger.this.toString();
    }
  }

  /** Declares the tiers and, per tier, the models (stages) a ledger accounts for. */
  public static final class Builder {
    private final List<String> tierNames = new ArrayList<>();
    private final List<List<String>> stageNames = new ArrayList<>();

    private Builder() {}

    /** Adds a tier named {@code name} whose stages are the models {@code stageModelNames}, in order. */
    public Builder tier(String name, List<String> stageModelNames) {
      Objects.requireNonNull(name, "name");
      if (stageModelNames.isEmpty()) {
        throw new IllegalArgumentException("tier '" + name + "' needs at least one stage");
      }
      tierNames.add(name);
      stageNames.add(List.copyOf(stageModelNames));
      return this;
    }

    /** The ledger, all counters zero. */
    public MutableLedger build() {
      if (tierNames.isEmpty()) {
        throw new IllegalStateException("a ledger needs at least one tier");
      }
      return new MutableLedger(this);
    }
  }
}
