package io.edgeenergy.energy;

import io.edgeenergy.Availability;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;

/**
 * A source of energy figures: a monotonic counter of nanojoules for one {@link EnergyDomain}.
 *
 * <p>Counters that wrap in hardware are unwrapped by the meter where it can sample often enough;
 * otherwise {@link #wrapRangeNanojoules()} says where the counter wraps and {@link EnergyReading#delta}
 * handles one wrap. {@link #readNanojoules()} is on the hot path: it never throws and never allocates;
 * an unavailable meter returns 0 forever.
 *
 * <p>Thread model: implementations document it. The CPU-time estimator counts the <em>calling</em>
 * thread, so read it on the thread that does the work.
 */
public interface EnergyMeter extends AutoCloseable {
  /** A short, stable name, e.g. {@code cpu-time-estimator} or {@code rapl:package-0}. */
  String name();

  /** What the meter measures (package, CPU, whole device...). */
  EnergyDomain domain();

  /** Whether its readings are MEASURED or ESTIMATED. */
  EnergyQuality quality();

  /** Whether the meter can read here, and why not. Never throws. */
  Availability availability();

  /** One line on what the counter covers and how it is computed, for reports. */
  String description();

  /** The ticker the meter's readings are timed with. */
  Ticker ticker();

  /** The counter in nanojoules; see the class comment. */
  long readNanojoules();

  /**
   * Whether the counter still counts. A meter whose hardware fails after it opened (a sensor that
   * vanished, a file that became unreadable, a closed meter) freezes its counter (it never jumps) and
   * answers false from then on, with {@link #availability()} saying why. {@link #quality()} keeps
   * naming the kind of meter; a pipeline labels every figure taken after this turned false
   * ESTIMATED and reports the reason. Read per metered window: never throws, never allocates.
   * Default: {@code availability().available()}.
   */
  default boolean isCounting() {
    return availability().available();
  }

  /**
   * If the counter is the calling thread's CPU time × a power (the CPU-time estimator), that power per
   * busy core now, in µW; 0 for a meter that measures energy any other way (the default). A pipeline's
   * {@linkplain io.edgeenergy.pipeline.Metering#defaults() default metering} times such a meter's
   * windows with the wall clock (its read is a system call of 1.5-4 µs) and knows a window can never
   * hold more than its wall time × this power. Never throws, never allocates.
   */
  default long threadCpuMicrowatts() {
    return 0;
  }

  /** Value at which {@link #readNanojoules()} wraps to 0, or 0 if it never does. */
  default long wrapRangeNanojoules() {
    return 0;
  }

  /** A reading as a value, for code off the hot path. */
  default EnergyReading read() {
    return new EnergyReading(name(), domain(), ticker().read(), readNanojoules(), wrapRangeNanojoules(), quality());
  }

  /** Stops any sampler thread and releases files; idempotent. */
  @Override
  default void close() {}

  /** A meter that measures nothing and says why; its counter stays at 0. */
  static EnergyMeter unavailable(String reason) {
    return new UnavailableMeter(Availability.unavailable(reason));
  }
}

record UnavailableMeter(Availability availability) implements EnergyMeter {
  @Override
  public String name() {
    return "unavailable";
  }

  @Override
  public EnergyDomain domain() {
    return EnergyDomain.CPU;
  }

  @Override
  public EnergyQuality quality() {
    return EnergyQuality.ESTIMATED;
  }

  @Override
  public String description() {
    return "no meter: " + availability.reason();
  }

  @Override
  public Ticker ticker() {
    return Ticker.system();
  }

  @Override
  public long readNanojoules() {
    return 0;
  }
}
