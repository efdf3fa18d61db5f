package io.edgeenergy.runtime.meter;

import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Ticker;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.runtime.internal.BatteryProbe;
import io.edgeenergy.runtime.internal.CpuClock;
import io.edgeenergy.runtime.internal.DeviceProfiles;
import io.edgeenergy.runtime.internal.FrequencyResidency;
import io.edgeenergy.runtime.internal.MeterProbe;
import io.edgeenergy.runtime.internal.NvmlProbe;
import io.edgeenergy.runtime.internal.PmicProbe;
import io.edgeenergy.runtime.internal.ProbeResult;
import io.edgeenergy.runtime.internal.SysfsProbes;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.runtime.profile.PowerProfileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the best energy meter on this device and builds estimators.
 *
 * <p>{@link #detect()} tries candidate meters in rank order, best first, and returns the first that
 * works with an explanation of every candidate ({@link MeterDetection}). Ranks in this version:
 * <ol>
 *   <li>powercap/RAPL package-0 ({@code /sys/class/powercap}) — MEASURED, wraps unwrapped by a sampler
 *       thread; a root-only {@code energy_uj} is reported with the fix (chmod / udev rule / group)</li>
 *   <li>hwmon: a whole-CPU energy counter (amd_energy/zenergy {@code Esocket0}, µJ, like RAPL package), else a
 *       power monitor's board input rail, e.g. Jetson INA3221 VDD_IN / POM_5V_IN ({@code /sys/class/hwmon},
 *       JetPack 4 IIO) — MEASURED, integrated every 50 ms; other hwmon sensors are reported only</li>
 *   <li>Raspberry Pi 5 PMIC ({@code vcgencmd pmic_read_adc}) — MEASURED, board rails, sampled every 200 ms
 *       (only when inspecting the real {@code /sys})</li>
 *   <li>NVIDIA GPU via NVML ({@code libnvidia-ml}) — MEASURED, GPU only (only on the real {@code /sys})</li>
 *   <li>battery fuel gauge ({@code /sys/class/power_supply}) — MEASURED while discharging; gauges update
 *       every 1-60 s, so last among measured meters</li>
 *   <li>{@link CpuTimeEstimatorMeter} with a built-in profile — ESTIMATED; works wherever the JVM
 *       measures per-thread CPU time</li>
 * </ol>
 * The estimator's profile is the built-in one matching the device tree's model/compatible
 * ({@value PowerProfile#RASPBERRY_PI_5}, {@value PowerProfile#RASPBERRY_PI_4},
 * {@value PowerProfile#JETSON_ORIN_NANO}); elsewhere a generic default,
 * {@value PowerProfile#GENERIC_X86_LAPTOP} on x86-64 with a battery, {@value PowerProfile#GENERIC_X86_64}
 * otherwise, which the explanation calls a GENERIC DEFAULT (a POOR FIT off x86-64 and arm64) and which is
 * logged at WARN once. Where cpufreq {@code time_in_state} exists its power follows the frequency
 * residency. The first decision is logged at INFO (WARN if no meter works), later ones at DEBUG.
 * Detection never throws.
 *
 * <p><b>Ownership.</b> Every meter this class returns ({@link #detect()}'s {@link MeterDetection#meter()},
 * {@link #estimator(PowerProfile)} and friends) belongs to the caller, who must {@code close()} it,
 * best with try-with-resources around everything that uses it. Most meters start a background sampler
 * (RAPL, hwmon and the PMIC integrate or unwrap on a daemon thread; a battery gauge polls; the estimator
 * refreshes cpufreq residency every second) and keep sysfs files open: the thread is
 * a daemon, so it never holds the JVM up, but it runs and holds its files until {@code close()}, which
 * stops it, releases the files and freezes the counter (a closed meter stops counting; closing twice is
 * harmless). A {@code TieredInferencePipeline} given a meter only reads it and never closes it: close
 * the meter after the pipeline. Candidates that detection rejects are closed by
 * detection itself; each call opens a new meter, so detect once and share it.
 */
public final class EnergyMeters {
  private static final Logger LOG = LoggerFactory.getLogger(EnergyMeters.class);
  private static final AtomicBoolean LOGGED = new AtomicBoolean();
  private static final AtomicBoolean WARNED_GENERIC = new AtomicBoolean();
  private static final Path SYSFS = Path.of("/sys");
  /** How often the estimator re-reads time_in_state: slow enough to cost nothing, fast enough for DVFS trends. */
  static final Duration RESIDENCY_PERIOD = Duration.ofSeconds(1);

  private EnergyMeters() {}

  /** Detects the best meter on this device, reading {@code /sys} and {@code os.arch}. */
  public static MeterDetection detect() {
    return detect(SYSFS);
  }

  /**
   * {@link #detect()} against another sysfs root, e.g. a fake tree in a test or a copy of a device's
   * {@code /sys} for {@code edgeenergy doctor}; {@code sysfsRoot} stands for {@code /sys}.
   */
  public static MeterDetection detect(Path sysfsRoot) {
    return detect(sysfsRoot, System.getProperty("os.arch", "unknown"), CpuClock.threadMxBean(), Ticker.system());
  }

  static MeterDetection detect(Path sysfsRoot, String osArch, CpuClock clock, Ticker ticker) {
    Objects.requireNonNull(sysfsRoot, "sysfsRoot");
    List<MeterProbe> ranked = new ArrayList<>();
    ranked.add(raplProbe(sysfsRoot));
    ranked.add(hwmonProbe(sysfsRoot, ticker));
    if (sysfsRoot.equals(SYSFS)) {
      // these two ask the real machine (a command, a native library), not the sysfs tree
      ranked.add(new PmicProbe(ticker));
      ranked.add(new NvmlProbe(ticker));
    }
    // a fuel gauge updates every 1-60 s: fine for budgets, too coarse for one inference, so last
    ranked.add(new BatteryProbe(sysfsRoot, ticker));
    ranked.add(new EstimatorProbe(sysfsRoot, osArch, clock, ticker));
    List<String> lines = new ArrayList<>();
    List<String> rejections = new ArrayList<>();
    EnergyMeter chosen = null;
    boolean fellBack = false;
    for (int i = 0; i < ranked.size(); i++) {
      MeterProbe probe = ranked.get(i);
      String label = (i + 1) + ". " + probe.name() + " [" + probe.quality() + "]: ";
      if (chosen != null) {
        lines.add(label + "not tried: a better meter was chosen");
        continue;
      }
      if (probe.quality() == EnergyQuality.ESTIMATED && !fellBack) {
        lines.add("no measured meter found; falling back to estimation");
        fellBack = true;
      }
      ProbeResult result = safely(probe);
      lines.add(label + (result.isAccepted() ? "accepted: " : "rejected: ") + result.reason());
      if (result.isAccepted()) {
        chosen = result.meter().orElseThrow();
      } else {
        rejections.add(probe.name() + ": " + result.reason());
      }
    }
    if (chosen == null) {
      chosen = EnergyMeter.unavailable("no energy meter works here: " + String.join(" | ", rejections));
      lines.add("no meter available: every energy figure will read 0");
    }
    MeterDetection detection = new MeterDetection(chosen, lines);
    log(detection);
    return detection;
  }

  /**
   * A whole-CPU hwmon energy counter (amd_energy/zenergy {@code Esocket0}: a socket counter like RAPL
   * package), else the board's input rail of a power monitor (INA3221 VDD_IN / POM_5V_IN, JetPack 5
   * hwmon or JetPack 4 IIO layout) integrated every 50 ms; never a sum of rails or of core counters.
   * Other hwmon sensors are reported only.
   */
  private static MeterProbe hwmonProbe(Path sysfsRoot, Ticker ticker) {
    MeterProbe described = SysfsProbes.hwmon(sysfsRoot);
    return measured(described, () -> {
        List<String> skipped = new ArrayList<>();
        for (HwmonMeters.EnergyCounter c : HwmonMeters.energyCounters(sysfsRoot)) {
          if (!c.wholeCpu()) {
            continue;
          }
          EnergyMeter m = HwmonEnergyMeter.open(c, ticker);
          if (m.availability().available()) {
            return ProbeResult.accepted(m, m.description() + "; whole-CPU (socket) counter, ranked like RAPL package");
          }
          skipped.add(m.availability().reason());
        }
        HwmonMeters.Discovery d = HwmonMeters.discoverIna3221x(sysfsRoot);
        if (d.boardInput().isEmpty()) {
          d = HwmonMeters.discover(sysfsRoot);
        }
        java.util.Optional<HwmonMeters.Channel> board = d.boardInput();
        if (board.isEmpty()) {
          ProbeResult none = described.probe();
          return skipped.isEmpty() ? none : ProbeResult.rejected(String.join("; ", skipped) + "; " + none.reason());
        }
        HwmonMeters.Channel ch = board.get();
        SampledPowerMeter meter = SampledPowerMeter.builder(ch.chip() + ":" + ch.label(), ch.source())
            .domain(io.edgeenergy.energy.EnergyDomain.BOARD).period(java.time.Duration.ofMillis(50)).ticker(ticker)
            .build().start();
        return meter.availability().available() ? ProbeResult.accepted(meter, meter.description())
            : ProbeResult.rejected(meter.availability().reason());
      });
  }

  /** RAPL package-0 when readable; otherwise what powercap offers and why it cannot be used. */
  private static MeterProbe raplProbe(Path sysfsRoot) {
    MeterProbe described = SysfsProbes.powercap(sysfsRoot);
    return measured(described, () -> {
        if (!java.nio.file.Files.isDirectory(sysfsRoot.resolve("class/powercap"))) {
          return described.probe();
        }
        List<String> reasons = new ArrayList<>();
        return RaplMeter.detectPackage0(sysfsRoot, reasons)
            .map(m -> ProbeResult.accepted(m, m.description()))
            .orElseGet(() -> ProbeResult.rejected(String.join("; ", reasons)));
      });
  }

  /** A measured-meter probe named like {@code described}, which also supplies the "absent" answers. */
  private static MeterProbe measured(MeterProbe described, java.util.function.Supplier<ProbeResult> probe) {
    return new MeterProbe() {
      @Override
      public String name() {
        return described.name();
      }

      @Override
      public EnergyQuality quality() {
        return EnergyQuality.MEASURED;
      }

      @Override
      public ProbeResult probe() {
        return probe.get();
      }
    };
  }

  /** An estimator over the calling thread's CPU time at the profile's typical (highest) frequency. */
  public static CpuTimeEstimatorMeter estimator(PowerProfile profile) {
    return estimator(profile, profile.typicalFrequencyKhz());
  }

  /**
   * An estimator charging the profile's power at {@code frequencyKhz} (on its biggest cluster), for
   * a CPU known to run at that frequency, e.g. pinned by a governor.
   */
  public static CpuTimeEstimatorMeter estimator(PowerProfile profile, long frequencyKhz) {
    return new CpuTimeEstimatorMeter(profile, frequencyKhz, CpuClock.threadMxBean(), Ticker.system());
  }

  /**
   * An estimator whose power per busy core follows cpufreq {@code time_in_state} under
   * {@code sysfsRoot} (standing for {@code /sys}), refreshed every second on a daemon thread; at the
   * profile's typical point when the files are absent. Close it to stop the thread.
   */
  public static CpuTimeEstimatorMeter estimator(PowerProfile profile, Path sysfsRoot) {
    return estimator(profile, sysfsRoot, CpuClock.threadMxBean(), Ticker.system(), new ArrayList<>());
  }

  static CpuTimeEstimatorMeter estimator(PowerProfile profile, Path sysfsRoot, CpuClock clock, Ticker ticker,
      List<String> reasons) {
    FrequencyResidency residency = FrequencyResidency.open(sysfsRoot, profile, reasons).orElse(null);
    return new CpuTimeEstimatorMeter(profile, profile.typicalFrequencyKhz(), clock, ticker, residency,
        residency == null ? Duration.ZERO : RESIDENCY_PERIOD).startResidencyRefresh();
  }

  static boolean isX86_64(String osArch) {
    return DeviceProfiles.isX86_64(osArch);
  }

  private static ProbeResult safely(MeterProbe probe) {
    try {
      return probe.probe();
    } catch (RuntimeException e) {
      return ProbeResult.rejected("probe failed: " + e);
    }
  }

  private static void log(MeterDetection d) {
    String summary = d.meter().name() + ": " + d.meter().description();
    boolean first = LOGGED.compareAndSet(false, true);
    if (first && !d.meter().availability().available()) {
      LOG.warn("no energy meter works here; energy figures will read 0: {}", d.meter().availability().reason());
    } else if (first) {
      LOG.info("energy meter chosen: {}", summary);
    } else {
      LOG.debug("energy meter chosen: {}", summary);
    }
    LOG.debug("energy meter detection:\n  {}", String.join("\n  ", d.explanation()));
  }

  /**
   * The last resort: the CPU-time estimator with the built-in profile matching this device (device-tree
   * model/compatible; x86-64 with or without a battery), weighted by cpufreq residency where present.
   * A generic default is named as such and logged at WARN once: unknown hardware never gets a default
   * wattage silently.
   */
  private static final class EstimatorProbe implements MeterProbe {
    private final Path sysfsRoot;
    private final String osArch;
    private final CpuClock clock;
    private final Ticker ticker;

    EstimatorProbe(Path sysfsRoot, String osArch, CpuClock clock, Ticker ticker) {
      this.sysfsRoot = sysfsRoot;
      this.osArch = osArch;
      this.clock = clock;
      this.ticker = ticker;
    }

    @Override
    public String name() {
      return CpuTimeEstimatorMeter.NAME;
    }

    @Override
    public EnergyQuality quality() {
      return EnergyQuality.ESTIMATED;
    }

    @Override
    public ProbeResult probe() {
      if (!clock.availability().available()) {
        return ProbeResult.rejected("thread CPU time unavailable: " + clock.availability().reason());
      }
      DeviceProfiles.Choice choice = DeviceProfiles.choose(sysfsRoot, osArch);
      PowerProfile profile;
      try {
        profile = PowerProfile.builtIn(choice.profileName());
      } catch (PowerProfileException e) {
        return ProbeResult.rejected("built-in profile did not load: " + e.getMessage());
      }
      List<String> residencyReasons = new ArrayList<>();
      CpuTimeEstimatorMeter meter = estimator(profile, sysfsRoot, clock, ticker, residencyReasons);
      String which = choice.generic()
          ? "profile " + profile.name() + " is a GENERIC DEFAULT, not this device's: " + choice.reason()
              + " (coarse: up to ~2x error either way at best); calibrate against a measured meter or pass "
              + "your own profile"
          : "profile " + profile.name() + " matches this device (" + choice.reason() + ")";
      if (choice.generic() && WARNED_GENERIC.compareAndSet(false, true)) {
        LOG.warn("energy estimates use a generic default power profile, not this device's: {}", choice.reason());
      }
      String power = meter.usesResidency()
          ? "× " + meter.activePowerPerCore() + " per busy core now, weighted by cpufreq time_in_state residency "
              + "(refreshed every " + meter.residencyPeriod().toMillis() + " ms)"
          : "× " + meter.activePowerPerCore() + " per busy core (cluster " + profile.biggestCluster().name() + " at "
              + meter.frequencyKhz() + " kHz, the profile's highest point; no cpufreq residency: "
              + String.join("; ", residencyReasons) + ")";
      return ProbeResult.accepted(meter, "calling thread's CPU time " + power + "; " + which + "; base power "
          + profile.basePower() + " not attributed to inferences; each read costs a ThreadMXBean call (2-4 µs)");
    }
  }
}
