package io.edgeenergy.testkit.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A live simulated device for meter tests: a real sysfs tree on tmpfs ({@code /dev/shm} when there is
 * one) in the layout and units of a real device, whose files a writer thread updates in real time
 * from a {@link PowerTrace}, while {@link DeviceFault}s happen on schedule: dropouts, garbage, EACCES,
 * a zone that vanishes and returns, counter resets; RAPL counters wrap at a small range. The real
 * meters, with their real sampler threads, read it: point them at {@link #root()} (which stands for
 * {@code /sys}) or, for the Raspberry Pi 5, run {@link #vcgencmd()}.
 *
 * <p>Time is {@link System#nanoTime()}, the meters' ticker: {@link #trueNanojoules(long, long)} is the
 * exact energy the trace spent between two instants, to compare with a meter's delta within
 * the error bound of the meter kind ({@link #counterErrorBoundNanojoules()}, {@link
 * #sampledErrorBoundNanojoules}). {@link #close()} stops the writer, closes its files and deletes the tree.
 *
 * <p>EACCES cannot come from file modes when tests run as root, so a test routes the meter's file
 * opening through {@link #gate()}, which also makes in-place counter writes atomic for readers.
 */
public final class SimulatedDevice implements AutoCloseable {
  /** The devices simulated, each copying a fixture archive of the testkit. */
  public enum Kind {
    /** powercap RAPL package-0 with core, uncore and dram sub-zones (µJ counters that wrap). */
    RAPL,
    /** AMD amd_energy hwmon socket and core counters (µJ, 64-bit, may reset). */
    AMD_ENERGY,
    /** Jetson JetPack 5 INA3221 hwmon (mV, mA). */
    JETSON_JETPACK5,
    /** Jetson JetPack 4 ina3221x IIO (mW). */
    JETSON_JETPACK4,
    /** ACPI battery gauge, discharging (µW, µWh, µV). */
    BATTERY,
    /** Raspberry Pi 5 PMIC behind a scripted vcgencmd. */
    RASPBERRY_PI5
  }

  private final Kind kind;
  private final PowerTrace trace;
  private final List<DeviceFault> faults;
  private final long writePeriodNanos;
  private final Path root;
  private final Layout layout;
  private final SysfsGate gate = new SysfsGate();
  private final TreeFiles files;
  private final Map<DeviceFault.Kind, Integer> applied = new EnumMap<>(DeviceFault.Kind.class);
  private final boolean[] started;
  private final boolean[] ended;
  private final long[] appliedAt;   // trace time a fault really began: a starved writer starts it late
  private volatile long startNanos;
  private volatile long maxWriteGapNanos;
  private volatile long writes;
  private volatile boolean running;
  private Thread writer;
  private volatile Throwable writerFailure;

  private SimulatedDevice(Builder b) {
    this.kind = b.kind;
    this.trace = b.trace;
    this.faults = List.copyOf(b.faults);
    this.writePeriodNanos = b.writePeriod.toNanos();
    this.layout = switch (kind) {
      case RAPL -> new Layouts.Rapl(b.raplRangeMicrojoules);
      case AMD_ENERGY -> new Layouts.AmdEnergy();
      case JETSON_JETPACK5 -> new Layouts.Jetpack5();
      case JETSON_JETPACK4 -> new Layouts.Jetpack4();
      case BATTERY -> new Layouts.Battery();
      case RASPBERRY_PI5 -> new Pi5Pmic();
    };
    try {
      Path base = b.parent != null ? b.parent
          : Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : null;
      this.root = base == null ? Files.createTempDirectory("edgeenergy-device-")
          : Files.createTempDirectory(base, "edgeenergy-device-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.files = new TreeFiles(root, gate);
    this.started = new boolean[faults.size()];
    this.ended = new boolean[faults.size()];
    this.appliedAt = new long[faults.size()];
    layout.create(files);
  }

  /** A device of {@code kind} driven by {@code trace}. */
  public static Builder builder(Kind kind, PowerTrace trace) {
    return new Builder(kind, trace);
  }

  /** Starts the writer thread: time 0 of the trace is now. Returns this. */
  public synchronized SimulatedDevice start() {
    if (writer != null) {
      throw new IllegalStateException("device already started");
    }
    startNanos = System.nanoTime();
    running = true;
    writer = new Thread(this::writeLoop, "edgeenergy-device-writer-" + kind);
    writer.setDaemon(true);
    writer.start();
    return this;
  }

  private void writeLoop() {
    long last = System.nanoTime();
    try {
      while (running) {
        long now = System.nanoTime();
        maxWriteGapNanos = Math.max(maxWriteGapNanos, now - last);
        last = now;
        long t = now - startNanos;
        boolean vanished = applyFaults(t);
        if (!vanished) {
          layout.write(files, trace.microwattsAt(t), trace.nanojoulesUntil(t), valueFileHealthy());
        }
        writes++;
        LockSupport.parkNanos(writePeriodNanos);
      }
    } catch (Throwable e) {
      writerFailure = e;
    }
  }

  /** Starts and ends faults due at {@code t}; true while the zone is vanished. */
  private boolean applyFaults(long t) {
    boolean vanished = false;
    for (int i = 0; i < faults.size(); i++) {
      DeviceFault f = faults.get(i);
      if (!started[i] && t >= f.startNanos()) {
        started[i] = true;
        appliedAt[i] = t;
        synchronized (applied) {
          applied.merge(f.kind(), 1, Integer::sum);
        }
        switch (f.kind()) {
          case DROPOUT -> files.hide(layout.valueFile());
          case GARBAGE -> layout.garbage(files);
          case DENIED -> {
            gate.deny(files.path(layout.valueFile()));
            layout.denied(files, true);
          }
          case VANISH -> files.hide(layout.zoneDir());
          case RESET -> layout.reset(trace.nanojoulesUntil(t));
        }
      }
      // a fault lasts its full time even when the writer was late to start it
      if (started[i] && !ended[i] && t >= f.endNanos() && t - appliedAt[i] >= f.lasting().toNanos()) {
        ended[i] = true;
        switch (f.kind()) {
          case DROPOUT -> files.unhide(layout.valueFile());
          case DENIED -> {
            gate.allow(files.path(layout.valueFile()));
            layout.denied(files, false);
          }
          case VANISH -> files.unhide(layout.zoneDir());
          default -> { }
        }
      }
      vanished |= f.kind() == DeviceFault.Kind.VANISH && started[i] && !ended[i];
    }
    return vanished;
  }

  private boolean valueFileHealthy() {
    for (int i = 0; i < faults.size(); i++) {
      DeviceFault.Kind k = faults.get(i).kind();
      if (started[i] && !ended[i] && (k == DeviceFault.Kind.DROPOUT || k == DeviceFault.Kind.GARBAGE)) {
        return false;
      }
    }
    return true;
  }

  /** The simulated {@code /sys}: pass it where a meter takes a sysfs root. */
  public Path root() {
    return root;
  }

  /** The scripted {@code vcgencmd} of a {@link Kind#RASPBERRY_PI5} device. */
  public Path vcgencmd() {
    return root.resolve("bin/vcgencmd");
  }

  /** The file a meter of this device reads (RAPL package energy_uj, VDD_IN's current, power_now, ...). */
  public Path valueFile() {
    return root.resolve(layout.valueFile());
  }

  /** Where the meter's file opening goes through to meet EACCES and whole values. */
  public SysfsGate gate() {
    return gate;
  }

  public Kind kind() {
    return kind;
  }

  public PowerTrace trace() {
    return trace;
  }

  /** Whether a meter reads an energy counter on this device, rather than sampling a power sensor. */
  public boolean counterDevice() {
    return layout.counter();
  }

  /** The exact energy the device spent between two {@link System#nanoTime()} instants, in nJ. */
  public double trueNanojoules(long fromNanoTime, long toNanoTime) {
    return trace.nanojoules(fromNanoTime - startNanos, toNanoTime - startNanos);
  }

  /**
   * The analytic bound on |measured − true| for a counter meter's delta over [{@code from}, {@code to}]
   * ({@link System#nanoTime()} instants). The device writes the exact integral (rounded down to µJ)
   * every write, so a read is at most one write gap {@code w} stale at each end:
   * {@code 2·Pmax·w + 2 quanta}.
   */
  public double counterErrorBoundNanojoules() {
    long w = maxWriteGapNanos + writePeriodNanos;
    return 2 * trace.maxMicrowatts() * w / 1e6 + 2 * layout.counterQuantumNanojoules();
  }

  /**
   * The analytic bound on |measured − true| for a sampled power meter's delta over [{@code from},
   * {@code to}], given when its sampler read the sensor: sample i began at {@code sampleStarts[i]} and
   * its read returned at {@code sampleEnds[i]} (sorted, {@link System#nanoTime()}).
   *
   * <p>The value sample i saw was written at most one write gap w before it began and at the latest
   * when its read returned, so over interval i (length h_i) the trapezoid differs from the true integral
   * by at most {@code h_i · R_i}, R_i being how far the trace's power swings from w before sample i to
   * the end of sample i+1's read. Summed over the intervals between the last samples before
   * {@code from} and before {@code to}, plus at each end the meter's tail against the energy since its
   * last sample (at most {@code Pmax} × that time) and a floor that may hold up to one tail
   * ({@code Pmax · maxTail}), plus the rounding of each value to the file's unit over the window.
   */
  public double sampledErrorBoundNanojoules(long from, long to, long[] sampleStarts, long[] sampleEnds, long maxTailNanos) {
    long w = maxWriteGapNanos + writePeriodNanos;
    double pmax = trace.maxMicrowatts();
    int ka = lastBefore(sampleStarts, from);
    int kb = lastBefore(sampleStarts, to);
    if (ka < 0 || kb < 0) {
      throw new IllegalArgumentException("no sample before the window: the meter's first sample must precede it");
    }
    double bound = 0;
    for (int i = ka; i < kb; i++) {
      long h = sampleStarts[i + 1] - sampleStarts[i];
      bound += h * trace.rangeMicrowatts(sampleStarts[i] - w - startNanos, sampleEnds[i + 1] - startNanos) / 1e6;
    }
    bound += pmax * ((from - sampleStarts[ka]) + (to - sampleStarts[kb]) + maxTailNanos) / 1e6;
    return bound + layout.quantizationMicrowatts() * (to - sampleStarts[ka]) / 1e6 + 2;
  }

  private static int lastBefore(long[] sorted, long t) {
    int k = java.util.Arrays.binarySearch(sorted, t);
    return k >= 0 ? k : -k - 2;
  }

  /** Faults applied so far, by kind. */
  public Map<DeviceFault.Kind, Integer> faultsApplied() {
    synchronized (applied) {
      return Map.copyOf(applied);
    }
  }

  /** How many times the writer updated the tree. */
  public long writes() {
    return writes;
  }

  /** The longest time between two updates (a loaded machine delays the writer). */
  public Duration maxWriteGap() {
    return Duration.ofNanos(maxWriteGapNanos);
  }

  /** What this device copies, and its trace. */
  public String describe() {
    return layout.describe() + "; " + trace;
  }

  /** Stops the writer, closes its files, deletes the tree; throws if the writer failed. */
  @Override
  public synchronized void close() {
    running = false;
    if (writer != null) {
      LockSupport.unpark(writer);
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    files.close();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the simulated device at " + root, e);
    }
    if (writerFailure != null) {
      throw new IllegalStateException("the simulated device's writer failed", writerFailure);
    }
  }

  @Override
  public String toString() {
    return kind + " at " + root;
  }

  /** Builder for {@link SimulatedDevice}. */
  public static final class Builder {
    private final Kind kind;
    private final PowerTrace trace;
    private final List<DeviceFault> faults = new ArrayList<>();
    private Duration writePeriod = Duration.ofMillis(1);
    private long raplRangeMicrojoules = 200_000_000;
    private Path parent;

    private Builder(Kind kind, PowerTrace trace) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.trace = Objects.requireNonNull(trace, "trace");
    }

    /** Adds a fault; RESET only on counter devices other than RAPL (a RAPL counter wraps instead). */
    public Builder fault(DeviceFault f) {
      if (f.kind() == DeviceFault.Kind.RESET && kind != Kind.AMD_ENERGY) {
        throw new IllegalArgumentException("only an amd_energy counter resets; " + kind + " has no RESET");
      }
      faults.add(Objects.requireNonNull(f, "fault"));
      return this;
    }

    /** How often the writer updates the files (default 1 ms, at least 100 µs). */
    public Builder writePeriod(Duration d) {
      if (d.toNanos() < 100_000) {
        throw new IllegalArgumentException("write period must be >= 100 µs, was " + d);
      }
      this.writePeriod = d;
      return this;
    }

    /**
     * RAPL's max_energy_range_uj (default 200 J: the counter starts 1 J below it, so every run wraps
     * at once, and 45 W takes 4 s to wrap again, longer than a sampler stalls on a loaded machine;
     * a stall longer than a wrap loses a whole range, the limit of any RAPL reader).
     */
    public Builder raplRangeMicrojoules(long uj) {
      if (uj < 2_000_000) {
        throw new IllegalArgumentException("RAPL range must be >= 2 J (2000000 µJ), was " + uj);
      }
      this.raplRangeMicrojoules = uj;
      return this;
    }

    /** Where to create the tree (default: a new directory in /dev/shm, else the temp directory). */
    public Builder under(Path dir) {
      this.parent = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public SimulatedDevice build() {
      return new SimulatedDevice(this);
    }
  }
}
