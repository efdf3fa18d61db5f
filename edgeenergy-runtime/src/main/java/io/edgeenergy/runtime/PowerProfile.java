package io.edgeenergy.runtime;

import io.edgeenergy.Power;
import io.edgeenergy.runtime.internal.ProfileParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * An immutable device power profile: the active power one busy core draws at each frequency, per
 * CPU cluster, plus the device's base (idle/platform) power. The CPU-time estimator multiplies a
 * thread's CPU time by the active power per busy core; the base power is never charged to an
 * inference (MLPerf-style: the idle baseline is subtracted) and is there for lifetime projections.
 *
 * <h2>Properties format</h2>
 * Read with {@link java.util.Properties} rules ({@code key = value}, whole-line {@code #} comments —
 * a {@code #} after a value is part of the value — and {@code \} line continuation), in UTF-8.
 * Every key is required unless marked optional; unknown and repeated keys are errors, so a typo
 * never silently changes a figure.
 * <pre>
 * # the profile's name, non-blank
 * name = my-board
 * # where the numbers come from, non-blank
 * source = Vendor datasheet rev 3, table 12; 15 W TDP / 4 cores
 * # the device's base (idle/platform) power in mW, finite and &gt;= 0
 * baseMilliwatts = 4870
 * # optional: nominal supply/battery voltage in V, finite and &gt; 0
 * nominalVolts = 3.85
 * # comma-separated cluster names, each [A-Za-z0-9_-]+
 * clusters = little, big
 * # per listed cluster: its core count, a whole number &gt;= 1 ...
 * cluster.big.cores = 4
 * # ... and at least one point: active mW per BUSY core (finite, &gt; 0) at a frequency in whole kHz
 * cluster.big.activeMilliwatts.1300000 = 3000
 * cluster.big.activeMilliwatts.2900000 = 7000
 * cluster.little.cores = 4
 * cluster.little.activeMilliwatts.1800000 = 400
 * </pre>
 * Frequencies are whole kHz, as cpufreq reports them. Every number should be cited in a comment in
 * the file, with the arithmetic that produced it (see the built-in {@code generic-x86-64}).
 * A bad file throws {@link ProfileFormatException} naming the file, the key and what was expected;
 * a missing or unreadable one throws {@link PowerProfileException}.
 *
 * <h2>Lookup</h2>
 * {@link CpuCluster#activePowerPerCore(long)} interpolates linearly between the two nearest points and
 * clamps outside them (no extrapolation: above the top point, e.g. in turbo, the figure is an
 * under-estimate). Without frequency information the estimator uses
 * {@link #typicalActivePowerPerCore()}: the highest-frequency point of the {@link #biggestCluster()}
 * (a later version refines this from cpufreq {@code time_in_state}).
 */
public final class PowerProfile {
  /** Name of the built-in profile for x86-64 laptops and servers. */
  public static final String GENERIC_X86_64 = "generic-x86-64";

  private static final List<String> BUILT_IN = List.of(GENERIC_X86_64);
  private static final String BUILT_IN_DIR = "io/edgeenergy/runtime/profiles/";

  private final String name;
  private final String source;
  private final Power basePower;
  private final double nominalVolts;
  private final List<CpuCluster> clusters;
  private final CpuCluster biggest;

  private PowerProfile(Builder b) {
    this.name = b.name;
    this.source = b.source;
    this.basePower = b.basePower;
    this.nominalVolts = b.nominalVolts;
    this.clusters = List.copyOf(b.clusters.values());
    CpuCluster top = clusters.get(0);
    for (CpuCluster c : clusters) {
      if (c.highest().activePowerPerCore().compareTo(top.highest().activePowerPerCore()) > 0) {
        top = c;
      }
    }
    this.biggest = top;
  }

  /** Reads a profile from a {@code .properties} file; see the class comment for the format. */
  public static PowerProfile load(Path file) {
    return ProfileParser.load(file);
  }

  /**
   * Reads a profile from a class-path resource, e.g.
   * {@code io/edgeenergy/runtime/profiles/generic-x86-64.properties} (a leading {@code /} is optional),
   * found through this library's class loader.
   */
  public static PowerProfile fromResource(String resourceName) {
    return fromResource(PowerProfile.class.getClassLoader(), resourceName);
  }

  /** {@link #fromResource(String)} through the given class loader (e.g. the app's own). */
  public static PowerProfile fromResource(ClassLoader loader, String resourceName) {
    return ProfileParser.loadResource(loader, resourceName);
  }

  /** A profile shipped with the SDK, by name; see {@link #builtInNames()}. */
  public static PowerProfile builtIn(String name) {
    if (!BUILT_IN.contains(name)) {
      throw new PowerProfileException("no built-in power profile named '" + name
          + "'; built-in profiles: " + BUILT_IN);
    }
    return fromResource(BUILT_IN_DIR + name + ".properties");
  }

  /** Names accepted by {@link #builtIn(String)}. */
  public static List<String> builtInNames() {
    return BUILT_IN;
  }

  public static Builder custom() {
    return new Builder();
  }

  public String name() {
    return name;
  }

  /** Where the numbers come from (citation text). */
  public String source() {
    return source;
  }

  /** Base (idle/platform) power of the device; not attributed to inferences. */
  public Power basePower() {
    return basePower;
  }

  /** Nominal supply or battery voltage, when the profile gives one. */
  public OptionalDouble nominalVolts() {
    return Double.isNaN(nominalVolts) ? OptionalDouble.empty() : OptionalDouble.of(nominalVolts);
  }

  /** The clusters in the profile's order. */
  public List<CpuCluster> clusters() {
    return clusters;
  }

  public Optional<CpuCluster> cluster(String clusterName) {
    return clusters.stream().filter(c -> c.name().equals(clusterName)).findFirst();
  }

  /**
   * The cluster whose highest-frequency point draws the most per busy core (the "big" cluster of a
   * big.LITTLE SoC; the first listed on a tie). Charging work to it is the conservative choice when
   * the OS may run the thread on any cluster.
   */
  public CpuCluster biggestCluster() {
    return biggest;
  }

  /** Active power per busy core of the {@link #biggestCluster()} at a frequency; see the class comment. */
  public Power activePowerPerCore(long frequencyKhz) {
    return biggest.activePowerPerCore(frequencyKhz);
  }

  /** The figure used when the frequency is unknown: the biggest cluster's highest-frequency point. */
  public Power typicalActivePowerPerCore() {
    return biggest.highest().activePowerPerCore();
  }

  /** The frequency of {@link #typicalActivePowerPerCore()}. */
  public long typicalFrequencyKhz() {
    return biggest.highest().frequencyKhz();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PowerProfile p && p.name.equals(name) && p.source.equals(source)
        && p.basePower.equals(basePower) && Double.compare(p.nominalVolts, nominalVolts) == 0
        && p.clusters.equals(clusters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, source, basePower, nominalVolts, clusters);
  }

  @Override
  public String toString() {
    return "PowerProfile{name=" + name + ", basePower=" + basePower
        + ", nominalVolts=" + (Double.isNaN(nominalVolts) ? "unset" : nominalVolts + " V")
        + ", clusters=" + clusters + ", source=" + source + "}";
  }

  /** Builds a profile in code (tests, calibration); files go through {@link #load(Path)}. */
  public static final class Builder {
    private String name;
    private String source;
    private Power basePower;
    private double nominalVolts = Double.NaN;
    private final Map<String, CpuCluster> clusters = new LinkedHashMap<>();

    private Builder() {}

    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must be non-blank, was '" + name + "'");
      }
      this.name = name.strip();
      return this;
    }

    public Builder source(String source) {
      if (source == null || source.isBlank()) {
        throw new IllegalArgumentException("source must cite where the numbers come from, was '" + source + "'");
      }
      this.source = source.strip();
      return this;
    }

    public Builder basePower(Power basePower) {
      this.basePower = Objects.requireNonNull(basePower, "basePower");
      return this;
    }

    public Builder nominalVolts(double volts) {
      if (!(volts > 0) || Double.isInfinite(volts)) {
        throw new IllegalArgumentException("nominalVolts must be finite and > 0 V, was " + volts + " V");
      }
      this.nominalVolts = volts;
      return this;
    }

    /** Adds a cluster; {@code activePowerPerCoreByKhz} maps frequency (kHz) to active power per busy core. */
    public Builder cluster(String clusterName, int cores, Map<Long, Power> activePowerPerCoreByKhz) {
      List<OperatingPoint> points = new ArrayList<>();
      new TreeMap<>(activePowerPerCoreByKhz).forEach((khz, p) -> points.add(new OperatingPoint(khz, p)));
      return cluster(new CpuCluster(clusterName, cores, points));
    }

    public Builder cluster(CpuCluster cluster) {
      if (clusters.putIfAbsent(cluster.name(), cluster) != null) {
        throw new IllegalArgumentException("cluster " + cluster.name() + " was already added");
      }
      return this;
    }

    public PowerProfile build() {
      if (name == null) {
        throw new IllegalStateException("name is required");
      }
      if (source == null) {
        throw new IllegalStateException("source is required: cite where the numbers come from");
      }
      if (basePower == null) {
        throw new IllegalStateException("basePower is required (use Power.ZERO if truly unknown)");
      }
      if (clusters.isEmpty()) {
        throw new IllegalStateException("at least one cluster is required");
      }
      return new PowerProfile(this);
    }
  }
}
