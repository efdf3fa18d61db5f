package io.edgeenergy.policy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decides between running the next tier <em>here</em> and sending the input away: when an inner gate
 * wants to escalate, it compares the next tier's expected local joules with the radio energy of
 * sending the input over a {@link RadioLink}, and the budget. If sending is cheaper (or the budget can
 * afford only the radio), it answers {@link Decision#ACCEPT ACCEPT} and {@link #offloadRecommended()}
 * turns true: the app sends the input instead of trusting this tier's answer. Otherwise it passes the
 * inner decision on, and the pipeline runs the local tier (or refuses it for budget, as always).
 *
 * <pre>{@code
 * OffloadGate offload = OffloadGate.builder(GatePolicy.maxProbability(0.9), RadioLink.LTE)
 *     .payloadBytes(64 * 4).localCost(() -> pipelineRef.get().ledger().meanTierNanojoules(1)).build();
 * InferenceResult r = pipeline.run(x);
 * if (offload.offloadRecommended()) { upload(x); }
 * }</pre>
 *
 * <p>The seed's argument in numbers: LTE's tail alone (~12.6 J, see {@link RadioLink#LTE}) exceeds any
 * edge inference by orders of magnitude, so below the {@linkplain #crossoverBytes crossover} sending
 * never pays; a model costing joules (a large detector on a phone) may. Stateful (the last decision):
 * one instance per pipeline, on its thread. Allocation-free.
 */
public final class OffloadGate implements GatePolicy {
  private final GatePolicy inner;
  private final RadioLink link;
  private final LongSupplier payloadBytes;
  private final LongSupplier localNanojoules;
  private boolean offload;

  private OffloadGate(Builder b) {
    this.inner = b.inner;
    this.link = b.link;
    this.payloadBytes = b.payloadBytes;
    this.localNanojoules = b.localNanojoules;
  }

  /** A gate over {@code escalateWhen} (e.g. a confidence gate) that may offload over {@code link}. */
  public static Builder builder(GatePolicy escalateWhen, RadioLink link) {
    return new Builder(escalateWhen, link);
  }

  @Override
  public Decision decide(Prediction prediction, BudgetView budget) {
    Decision d = inner.decide(prediction, budget);
    offload = false;
    if (d != Decision.ESCALATE) {
      return d;
    }
    long radio = link.nanojoules(payloadBytes.getAsLong());
    long local = localNanojoules.getAsLong();
    boolean radioAffordable = budget.canAfford(radio);
    if (radioAffordable && (radio < local || !budget.canAfford(local))) {
      offload = true;
      return Decision.ACCEPT;
    }
    return d;
  }

  /** Whether the last decision was to send the input instead of running the next tier here. */
  public boolean offloadRecommended() {
    return offload;
  }

  @Override
  public void reset() {
    offload = false;
    inner.reset();
  }

  /**
   * The payload size, in bytes, above which running the next tier locally (at {@code local} per input)
   * costs less than sending the input over {@code link}; below it sending is cheaper. 0 when sending
   * never pays: the link's per-transfer tail alone costs more than {@code local}.
   */
  public static long crossoverBytes(Energy local, RadioLink link) {
    double spare = local.toJoules() - link.tail().toJoules();
    return spare <= 0 ? 0 : (long) Math.floor(spare / link.joulesPerMegabyte() * 1e6);
  }

  @Override
  public String toString() {
    return "offload over " + link.name() + " when cheaper than the next tier, else " + inner;
  }

  /**
   * Energy of one transfer over a link type: {@code joulesPerMegabyte × MB + tail}, where the tail is
   * the radio's promotion plus the high-power time it stays in after the last byte (one per transfer:
   * batch inputs to pay it once). Defaults are device-side figures from published measurements; a
   * phone's modem, the signal and the operator's timers change them by 2-5x, so measure your own
   * (e.g. the battery gauge across 100 uploads) and build a link with {@link #of}.
   *
   * @param joulesPerMegabyte energy per 10^6 payload bytes while transferring
   * @param tail energy per transfer outside the bytes (promotion + tail)
   * @param source where the figures come from
   */
  public record RadioLink(String name, double joulesPerMegabyte, Energy tail, String source) {
    /**
     * 4G LTE uplink: Huang et al., "A Close Examination of Performance and Power Characteristics of 4G
     * LTE Networks", MobiSys 2012, power model: 438.39 mW/Mbps uplink + 1288.04 mW base at the paper's
     * median uplink of 6 Mbps = 3.92 W over 1.33 s per MB = 5.2 J/MB; tail 1060 mW x 11.576 s plus
     * promotion 1210.7 mW x 260.1 ms = 12.6 J. Within the seed's 5-10 J/MB.
     */
    public static final RadioLink LTE = new RadioLink("lte", 5.2, Energy.ofMillijoules(12_586),
        "Huang et al., MobiSys 2012 (LTE power model, 6 Mbps uplink)");
    /**
     * Wi-Fi uplink: the same paper's Wi-Fi model, 283.17 mW/Mbps + 132.86 mW at 10 Mbps = 2.4 J/MB;
     * tail 119.3 mW x 238.1 ms plus promotion 124.4 mW x 79.1 ms = 38 mJ.
     */
    public static final RadioLink WIFI = new RadioLink("wifi", 2.4, Energy.ofMillijoules(38),
        "Huang et al., MobiSys 2012 (Wi-Fi power model, 10 Mbps uplink)");
    /**
     * 5G (NSA, sub-6 GHz): Narayanan et al., "A Variegated Look at 5G in the Wild", SIGCOMM 2021, find
     * 5G's energy per bit below LTE's only at high throughput and its tail power above LTE's; this
     * default is a coarse reading of that study (3.0 J/MB, 15 J tail), not a measured constant.
     */
    public static final RadioLink NR_5G = new RadioLink("5g", 3.0, Energy.ofJoules(15),
        "coarse, after Narayanan et al., SIGCOMM 2021 (5G NSA energy and tail)");
    /**
     * Bluetooth Low Energy: Siekkinen et al., "How Low Energy is Bluetooth Low Energy?", IEEE WCNC
     * Workshops 2012: 0.153 µJ/bit = 1.22 J/MB; connection events cost microjoules, so no tail here.
     */
    public static final RadioLink BLE = new RadioLink("ble", 1.22, Energy.ZERO,
        "Siekkinen et al., WCNC Workshops 2012 (0.153 µJ/bit)");

    /** Checks the figures are finite and non-negative. */
    public RadioLink {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(tail, "tail");
      Objects.requireNonNull(source, "source");
      if (!(joulesPerMegabyte >= 0) || Double.isInfinite(joulesPerMegabyte)) {
        throw new IllegalArgumentException("link " + name + ": joules per MB must be finite and >= 0, was "
            + joulesPerMegabyte);
      }
    }

    /** A link with your own measured figures. */
    public static RadioLink of(String name, double joulesPerMegabyte, Energy tail) {
      return new RadioLink(name, joulesPerMegabyte, tail, "user-supplied");
    }

    /** Energy of sending {@code bytes} in one transfer. */
    public Energy cost(long bytes) {
      return Energy.ofNanojoules(nanojoules(bytes));
    }

    long nanojoules(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("payload bytes must be >= 0, was " + bytes);
      }
      // J/MB x bytes / 1e6 = J; x 1e9 = nJ
      return Math.addExact(tail.nanojoules(), Math.round(joulesPerMegabyte * bytes * 1e3));
    }
  }

  /** Builder for {@link OffloadGate}. */
  public static final class Builder {
    private final GatePolicy inner;
    private final RadioLink link;
    private LongSupplier payloadBytes;
    private LongSupplier localNanojoules;

    private Builder(GatePolicy inner, RadioLink link) {
      this.inner = Objects.requireNonNull(inner, "escalateWhen");
      this.link = Objects.requireNonNull(link, "link");
    }

    /** The size of the input as it would be sent (encoded), in bytes. */
    public Builder payloadBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("payload bytes must be >= 0, was " + bytes);
      }
      this.payloadBytes = () -> bytes;
      return this;
    }

    /** The payload size per input, when it varies (e.g. a compressed frame). */
    public Builder payloadBytes(LongSupplier bytes) {
      this.payloadBytes = Objects.requireNonNull(bytes, "bytes");
      return this;
    }

    /** The next tier's expected energy per input, fixed (e.g. from {@code edgeenergy profile}). */
    public Builder localCost(Energy perInput) {
      long nj = Objects.requireNonNull(perInput, "perInput").nanojoules();
      this.localNanojoules = () -> nj;
      return this;
    }

    /** The next tier's expected energy per input in nanojoules, e.g. the ledger's running mean. */
    public Builder localCost(LongSupplier nanojoules) {
      this.localNanojoules = Objects.requireNonNull(nanojoules, "nanojoules");
      return this;
    }

    /** The gate. */
    public OffloadGate build() {
      if (payloadBytes == null || localNanojoules == null) {
        throw new IllegalStateException("an offload gate needs payloadBytes(...) and localCost(...) to compare");
      }
      return new OffloadGate(this);
    }
  }
}
