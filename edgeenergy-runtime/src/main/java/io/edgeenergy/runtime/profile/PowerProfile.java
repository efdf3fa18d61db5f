package io.edgeenergy.runtime.profile;

import io.edgeenergy.Power;
import io.edgeenergy.runtime.internal.AndroidProfileParser;
import io.edgeenergy.runtime.internal.JsonProfileCodec;
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
 * <h2>JSON format</h2>
 * The same content as one JSON object (strict RFC 8259: no comments; unknown and repeated keys are
 * errors). {@code edgeenergy calibrate} writes it, {@link #toJson()} produces it and {@link #load(Path)}
 * reads a file whose name ends in {@code .json}; writing and reading back gives an equal profile.
 * <pre>
 * {
 *   "name": "my-board",
 *   "source": "Vendor datasheet rev 3, table 12; 15 W TDP / 4 cores",
 *   "baseMilliwatts": 4870,
 *   "nominalVolts": 3.85,
 *   "clusters": [
 *     {"name": "little", "cores": 4, "activeMilliwatts": {"1800000": 400}},
 *     {"name": "big", "cores": 4, "activeMilliwatts": {"1300000": 3000, "2900000": 7000}}
 *   ]
 * }
 * </pre>
 * {@code nominalVolts} is optional; powers are mW per busy core (µW precision), keys are whole kHz.
 *
 * <h2>Android {@code power_profile.xml}</h2>
 * {@link #loadAndroid(Path, double)} (and {@link #load(Path)} for a name ending in {@code .xml}, at
 * {@value #ANDROID_DEFAULT_VOLTS} V) reads the CPU part of the file OEMs ship with every Android device.
 * Its figures are currents in mA "measured at nominal voltage", so each is multiplied by a nominal
 * battery voltage: {@value #ANDROID_DEFAULT_VOLTS} V by default (a typical Li-ion cell, 3.7-3.87 V
 * nominal), or the caller's. Keys read:
 * <ul>
 *   <li>{@code cpu.clusters.cores}: one cluster {@code clusterN} per value, N from 0;</li>
 *   <li>{@code cpu.core_speeds.clusterN} (kHz) with {@code cpu.core_power.clusterN} (mA per busy core at
 *       each speed), plus the optional {@code cpu.cluster_power.clusterN} (mA while any core of the
 *       cluster runs) and {@code cpu.active} (mA while any CPU runs); the newer per-policy
 *       {@code cpu.scaling_step_power.policyP} / {@code cpu.scaling_policy_power.policyP} (P = the
 *       cluster's first CPU) take precedence, with speeds still from {@code cpu.core_speeds.clusterN};
 *       the pre-Android-8 {@code cpu.speeds.clusterN} / {@code cpu.active.clusterN} (total mA at each
 *       speed) are read when the newer keys are absent;</li>
 *   <li>{@code cpu.idle} (else the legacy {@code cpu.awake}) as the base power; {@code cpu.suspend} is
 *       not used (the device is asleep, not running inferences).</li>
 * </ul>
 * Active power per busy core at a speed = (core_power + cluster_power + cpu.active) × volts: the power
 * one busy thread adds to an otherwise idle device, the case of a single-threaded inference. When
 * several cores of a cluster are busy at once the shared terms are counted once per core, an
 * over-estimate. Other keys (screen, radio, wifi, ...) are ignored. The file is parsed with a DOM
 * parser that rejects any DOCTYPE and never loads external entities or DTDs.
 *
 * <h2>Lookup</h2>
 * {@link CpuCluster#activePowerPerCore(long)} interpolates linearly between the two nearest points and
 * clamps outside them (no extrapolation: above the top point, e.g. in turbo, the figure is an
 * under-estimate). Without frequency information the estimator uses
 * {@link #typicalActivePowerPerCore()}: the highest-frequency point of the {@link #biggestCluster()}
 * (where cpufreq {@code time_in_state} exists, the estimator weights the points by frequency residency
 * instead; see {@link io.edgeenergy.runtime.meter.CpuTimeEstimatorMeter}).
 */
public final class PowerProfile {
  /** Name of the built-in profile for x86-64 laptops and servers (modelled on a 4-core laptop chip). */
  public static final String GENERIC_X86_64 = "generic-x86-64";
  /** Name of the built-in profile for an x86-64 laptop running on battery (a 15 W 8-core part). */
  public static final String GENERIC_X86_LAPTOP = "generic-x86-laptop";
  /** Name of the built-in profile for the Raspberry Pi 4 Model B (4 × Cortex-A72). */
  public static final String RASPBERRY_PI_4 = "raspberry-pi-4";
  /** Name of the built-in profile for the Raspberry Pi 5 (4 × Cortex-A76). */
  public static final String RASPBERRY_PI_5 = "raspberry-pi-5";
  /** Name of the built-in profile for the NVIDIA Jetson Orin Nano (6 × Cortex-A78AE). */
  public static final String JETSON_ORIN_NANO = "jetson-orin-nano";
  /** Name of the built-in profile for the NVIDIA Jetson Orin NX (8 × Cortex-A78AE, the Orin Nano's core figures). */
  public static final String JETSON_ORIN_NX = "jetson-orin-nx";
  /** Name of the built-in GENERIC profile for arm64 big.LITTLE devices (Cortex-A55 + A76 class, from a Pixel 4a). */
  public static final String GENERIC_ARM64 = "generic-arm64";
  /** Nominal battery voltage applied to an Android {@code power_profile.xml}'s mA unless the caller gives one. */
  public static final double ANDROID_DEFAULT_VOLTS = 3.8;

  private static final List<String> BUILT_IN = List.of(GENERIC_X86_64, GENERIC_X86_LAPTOP, RASPBERRY_PI_4,
      RASPBERRY_PI_5, JETSON_ORIN_NANO, JETSON_ORIN_NX, GENERIC_ARM64);
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

  /**
   * Reads a profile file; the format follows the file name: {@code .json} (JSON), {@code .xml} (an
   * Android {@code power_profile.xml} at {@value #ANDROID_DEFAULT_VOLTS} V), anything else properties.
   * See the class comment for the formats.
   */
  public static PowerProfile load(Path file) {
    return ProfileParser.load(file);
  }

  /**
   * Reads an Android {@code power_profile.xml}, converting its mA to mW at {@code nominalVolts}
   * (e.g. the device battery's nominal voltage); see the class comment for the keys and the model.
   */
  public static PowerProfile loadAndroid(Path file, double nominalVolts) {
    return AndroidProfileParser.load(file, nominalVolts);
  }

  /** This profile in the JSON format (see the class comment); {@link #load(Path)} reads it back equal. */
  public String toJson() {
    return JsonProfileCodec.write(this);
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
