package io.edgeenergy.runtime.meter;

import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyDomain;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MEASURED meter over one powercap RAPL zone ({@code <sysfsRoot>/class/powercap/intel-rapl:N[:M]}, {@code sysfsRoot} standing for {@code /sys} as in {@link EnergyMeters#detect(Path)},
 * {@code name} = {@code package-N}, {@code core}, {@code uncore}, {@code dram} or {@code psys};
 * AMD CPUs expose their package/core zones under the same {@code intel-rapl} control type).
 *
 * <p>One meter per zone. Zones nest (package ⊇ core + uncore, not dram; psys ⊇ package + dram), so
 * this class never sums zones: {@link #openPackages(Path)} gives one meter per {@code package-N} and
 * callers that want the whole machine pick psys <em>or</em> the packages (+ dram), never both.
 *
 * <p>Wraparound: {@code energy_uj} wraps at {@code max_energy_range_uj}; a delta survives only one wrap.
 * The file is kept open (positional read from offset 0) and a daemon sampler thread, started by
 * {@link #start()}, reads it every {@link #period()}: the time the counter needs to cover half its range
 * at {@link #DEFAULT_MAX_POWER_WATTS}, clamped to 10 ms .. 10 s. Each sample adds its one-wrap-safe
 * delta to an accumulator, so a window spanning many wraps is still counted;
 * {@link #readNanojoules()} = accumulated + one-wrap-safe delta since the last sample.
 *
 * <p>Failure: permission denied (mode 0400 root-only since the 2020 PLATYPUS fix), garbage, empty or
 * missing files make the meter unavailable with the path, content and fix; a zone that vanishes
 * mid-run turns the meter unavailable (logged once) and its counter freezes — it never jumps.
 *
 * <p>Thread model: thread-safe; reads are serialized on the meter (one shared buffer, no allocation).
 */
public final class RaplMeter extends CounterMeter {
  /** Highest plausible power of one zone, used to choose the sampling period. */
  public static final double DEFAULT_MAX_POWER_WATTS = 500.0;
  static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final Logger LOG = LoggerFactory.getLogger(RaplMeter.class);
  private static final String POWERCAP = "class/powercap";

  /** One discovered zone. */
  public record RaplZone(Path dir, String name, EnergyDomain domain, long maxEnergyRangeMicrojoules) {
    public Path energyFile() {
      return dir.resolve("energy_uj");
    }

    /** {@code true} for a package (or psys) zone at the top of the tree, {@code false} for sub-zones. */
    public boolean topLevel() {
      return dir.getFileName().toString().chars().filter(c -> c == ':').count() == 1;
    }
  }

  /** What discovery found: usable zones and, for each unusable one, why. */
  public record Discovery(List<RaplZone> zones, List<String> problems) {
    public Discovery {
      zones = List.copyOf(zones);
      problems = List.copyOf(problems);
    }

    /** Available if at least one zone is usable; else the problems joined. */
    public Availability availability() {
      if (!zones.isEmpty()) {
        return Availability.AVAILABLE;
      }
      return Availability.unavailable(problems.isEmpty() ? "no powercap RAPL zones" : String.join("; ", problems));
    }
  }

  private final RaplZone zone;
  private final long rangeUj;

  private RaplMeter(RaplZone zone, CounterFile file, long firstRaw, Ticker ticker, double maxPowerWatts) {
    super("rapl:" + zone.name(), file, firstRaw, ticker,
        periodNanos(zone.maxEnergyRangeMicrojoules(), maxPowerWatts));
    this.zone = zone;
    this.rangeUj = zone.maxEnergyRangeMicrojoules();
  }

  /** Sampling period: half the range at {@code maxPowerWatts}, clamped to 10 ms .. 10 s. */
  static long periodNanos(long rangeUj, double maxPowerWatts) {
    double seconds = (rangeUj / 2.0) / 1e6 / maxPowerWatts;
    long nanos = (long) Math.min(seconds * 1e9, (double) MAX_PERIOD_NANOS);
    return Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, nanos));
  }

  // ---------------------------------------------------------------- discovery

  /** Finds the RAPL zones under {@code root}, checking that each one's counter can be read. */
  public static Discovery discover(Path root) {
    return discover(root, CounterFile::open);
  }

  public static Discovery discover(Path root, CounterOpener opener) {
    Path base = root.resolve(POWERCAP);
    List<RaplZone> zones = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      problems.add("no powercap RAPL: " + base + " does not exist");
      return new Discovery(zones, problems);
    }
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, "{intel,amd}-rapl:*")) {
      ds.forEach(dirs::add);
    } catch (IOException e) {
      problems.add("cannot list " + base + ": " + e);
      return new Discovery(zones, problems);
    }
    dirs.sort(null);
    for (Path dir : dirs) {
      try {
        String zoneName = readText(dir.resolve("name"));
        long range = readLong(dir.resolve("max_energy_range_uj"));
        if (range <= 0) {
          throw new IOException(dir.resolve("max_energy_range_uj") + " is not a positive range: " + range);
        }
        RaplZone z = new RaplZone(dir, zoneName, domainOf(zoneName), range);
        try (CounterFile f = opener.open(z.energyFile())) {
          f.readMicrojoules();
        }
        zones.add(z);
      } catch (AccessDeniedException e) {
        problems.add(permissionMessage(dir.resolve("energy_uj")));
      } catch (IOException | RuntimeException e) {
        problems.add("RAPL zone " + dir + " unusable: " + e.getMessage());
      }
    }
    return new Discovery(zones, problems);
  }

  /** Availability of powercap RAPL under {@code root}. */
  public static Availability probe(Path root) {
    return discover(root).availability();
  }

  /** One started meter per {@code package-N} zone (never core/uncore/psys added to it). */
  public static List<EnergyMeter> openPackages(Path root) {
    Discovery d = discover(root);
    List<EnergyMeter> out = new ArrayList<>();
    for (RaplZone z : d.zones()) {
      if (z.name().startsWith("package-")) {
        EnergyMeter m = open(z, Ticker.system(), CounterFile::open, DEFAULT_MAX_POWER_WATTS);
        if (m instanceof RaplMeter r) {
          r.start();
        }
        out.add(m);
      }
    }
    return out;
  }

  /**
   * The started meter of {@code package-0}, or an unavailable meter saying why (logged at WARN with the
   * fix), for {@code EnergyMeters.detect()}.
   */
  public static Optional<RaplMeter> detectPackage0(Path root, List<String> reasons) {
    Discovery d = discover(root);
    reasons.addAll(d.problems());
    for (RaplZone z : d.zones()) {
      if (z.name().equals("package-0")) {
        EnergyMeter m = open(z, Ticker.system(), CounterFile::open, DEFAULT_MAX_POWER_WATTS);
        if (m instanceof RaplMeter r) {
          return Optional.of(r.start());
        }
        reasons.add(m.availability().reason());
      }
    }
    if (d.zones().stream().noneMatch(z -> z.name().equals("package-0"))) {
      reasons.add("no RAPL package-0 zone under " + root.resolve(POWERCAP));
    }
    for (String r : reasons) {
      LOG.warn("powercap RAPL not used, falling back: {}", r);
    }
    return Optional.empty();
  }

  /** Opens a meter on {@code zone} (not started), or an unavailable meter with the reason. */
  public static EnergyMeter open(RaplZone zone, Ticker ticker, CounterOpener opener, double maxPowerWatts) {
    return openCounter(zone.energyFile(), opener, RaplMeter::permissionMessage, "RAPL zone " + zone.dir(),
        (file, first) -> new RaplMeter(zone, file, first, ticker, maxPowerWatts));
  }

  static String permissionMessage(Path energyFile) {
    return "permission denied reading " + energyFile + " (root-only 0400 since the 2020 PLATYPUS fix); fix: "
        + "sudo chmod o+r " + energyFile + ", or a udev rule: SUBSYSTEM==\"powercap\", ACTION==\"add\", "
        + "RUN+=\"/bin/chmod o+r /sys%p/energy_uj\" (or chgrp the file to a group the user is in and chmod g+r)";
  }

  static EnergyDomain domainOf(String zoneName) {
    String n = zoneName.toLowerCase(Locale.ROOT);
    if (n.startsWith("package")) {
      return EnergyDomain.PACKAGE;
    } else if (n.equals("core")) {
      return EnergyDomain.CORE;
    } else if (n.equals("dram")) {
      return EnergyDomain.DRAM;
    } else if (n.equals("uncore")) {
      return EnergyDomain.GPU;   // uncore is the integrated GPU (PP1) on client parts
    } else if (n.equals("psys")) {
      return EnergyDomain.SOC;   // platform: package + dram + more of the SoC
    }
    return EnergyDomain.PACKAGE;
  }

  // ---------------------------------------------------------------- sampling

  /** Starts the daemon sampler thread; returns this meter. */
  public RaplMeter start() {
    startSampler("edgeenergy-rapl-" + zone.name());
    return this;
  }

  @Override
  long delta(long last, long raw) throws IOException {
    if (raw < 0 || raw > rangeUj) {
      throw new IOException(zone.energyFile() + " = " + raw + " outside 0.." + rangeUj + " (max_energy_range_uj)");
    }
    return raw >= last ? raw - last : rangeUj - last + raw;
  }

  @Override
  String failure(Exception e, long accumulatedUj) {
    return e instanceof AccessDeniedException
        ? permissionMessage(zone.energyFile())
        : "RAPL zone " + zone.dir() + " stopped: " + e.getMessage() + "; counter frozen at " + accumulatedUj + " µJ";
  }

  // ---------------------------------------------------------------- EnergyMeter

  @Override
  public EnergyDomain domain() {
    return zone.domain();
  }

  @Override
  public String description() {
    return "powercap RAPL zone " + zone.name() + " (" + zone.energyFile() + ", wraps at "
        + zone.maxEnergyRangeMicrojoules() + " µJ, unwrapped by sampling every " + period().toMillis() + " ms)";
  }

  public RaplZone zone() {
    return zone;
  }

  // ---------------------------------------------------------------- file access

  /** A zone's {@code name}: absent, denied, empty or failed make the zone unusable with the reason. */
  private static String readText(Path p) throws IOException {
    return SysfsReader.system().line(p).orThrow();
  }

  private static long readLong(Path p) throws IOException {
    return SysfsReader.system().number(p).numberOrThrow();
  }
}
