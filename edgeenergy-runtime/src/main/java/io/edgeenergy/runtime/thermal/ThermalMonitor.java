package io.edgeenergy.runtime.thermal;

import io.edgeenergy.Ticker;
import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import io.edgeenergy.thermal.ThermalHeadroom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thermal headroom from the Linux thermal zones ({@code /sys/class/thermal/thermal_zone*}), on
 * Android's {@code PowerManager.getThermalHeadroom} scale.
 *
 * <p><b>Mapping</b> (Android's {@code ThermalManagerService.TemperatureWatcher}): per zone, headroom
 * is 0.0 up to {@value #DEGREES_BETWEEN_ZERO_AND_ONE} °C below the zone's throttling temperature and
 * rises linearly to 1.0 at it: {@code max(0, (T - (T_throttle - 30)) / 30)}. The throttling temperature
 * is the zone's first passive trip point (see {@link ThermalZone} for the fallbacks, and
 * {@link Builder#throttleAt} for boards whose firmware throttles without a Linux trip, such as the
 * Raspberry Pi at 80 °C). The device's headroom is the highest of its zones'; zones without a
 * throttling temperature, or whose {@code temp} cannot be read, do not count and are reported in
 * {@link #readings()} with the reason, each outcome of the read told apart: absent (zone removed),
 * permission denied (with the fix), not a number (garbage), or a failed read (EAGAIN/EIO from an offline
 * sensor); the first problem of a zone is logged at WARN, later ones at DEBUG. No zone with a headroom: {@code NaN}.
 *
 * <p><b>Forecast</b> (also Android's): per zone, the least-squares slope of its last
 * {@value #SAMPLES} samples extrapolated {@code ahead}; with fewer than {@value #MIN_SAMPLES} samples the
 * current value.
 *
 * <p><b>Cost:</b> {@link #headroom()} returns a cached figure and re-reads the zones at most once per
 * {@link Builder#minInterval} (default 1 s; Android refuses to poll faster than 1 Hz), so it is cheap on
 * the inference thread; the re-read itself allocates a little and takes a few µs per zone. Thread-safe.
 * Never throws after construction.
 */
public final class ThermalMonitor implements ThermalHeadroom {
  /** Android's distance between headroom 0.0 and 1.0. */
  public static final double DEGREES_BETWEEN_ZERO_AND_ONE = 30.0;
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
  static final int SAMPLES = 30;
  static final int MIN_SAMPLES = 3;

  private static final Logger LOG = LoggerFactory.getLogger(ThermalMonitor.class);

  private final List<ThermalZone> zones;
  private final SysfsReader sysfs;
  private final Ticker ticker;
  private final long minIntervalNanos;
  private final long[][] sampleNanos;
  private final double[][] sampleCelsius;
  private final int[] sampleCount;
  private final boolean[] warned;
  private volatile List<ZoneReading> readings = List.of();
  private volatile double headroom = Double.NaN;
  private volatile long lastRefresh;
  private volatile boolean refreshed;

  private ThermalMonitor(Builder b) {
    this.sysfs = b.sysfs;
    this.zones = ZoneDiscovery.discover(b.sysRoot, b.throttleAt, sysfs);
    this.ticker = b.ticker;
    this.minIntervalNanos = b.minInterval.toNanos();
    this.sampleNanos = new long[zones.size()][SAMPLES];
    this.sampleCelsius = new double[zones.size()][SAMPLES];
    this.sampleCount = new int[zones.size()];
    this.warned = new boolean[zones.size()];
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The zones under {@code /sys}, with default settings. */
  public static ThermalMonitor system() {
    return builder().build();
  }

  /** Every zone found, in zone order. */
  public List<ThermalZone> zones() {
    return zones;
  }

  @Override
  public double headroom() {
    refreshIfStale();
    return headroom;
  }

  @Override
  public synchronized double forecast(Duration ahead) {
    refreshIfStale();
    double aheadSeconds = ahead.toNanos() / 1e9;
    double best = Double.NaN;
    for (ZoneReading r : readings) {
      if (!r.known()) {
        continue;
      }
      int z = zones.indexOf(r.zone());
      double celsius = r.celsius();
      if (sampleCount[z] >= MIN_SAMPLES) {
        celsius += slopePerSecond(z) * aheadSeconds;
      }
      double h = normalize(celsius, r.zone().throttleMilliCelsius());
      best = Double.isNaN(best) ? h : Math.max(best, h);
    }
    return best;
  }

  /** The readings of the last refresh (empty before the first). */
  public List<ZoneReading> readings() {
    refreshIfStale();
    return readings;
  }

  /** Reads every zone now, whatever the interval, and returns the readings. */
  public synchronized List<ZoneReading> refresh() {
    long now = ticker.read();
    List<ZoneReading> out = new ArrayList<>(zones.size());
    double best = Double.NaN;
    for (int z = 0; z < zones.size(); z++) {
      ZoneReading r = read(z, now);
      out.add(r);
      if (r.known()) {
        best = Double.isNaN(best) ? r.headroom() : Math.max(best, r.headroom());
      }
    }
    readings = List.copyOf(out);
    headroom = best;
    lastRefresh = now;
    refreshed = true;
    return readings;
  }

  private void refreshIfStale() {
    if (!refreshed || ticker.read() - lastRefresh >= minIntervalNanos) {
      synchronized (this) {
        if (!refreshed || ticker.read() - lastRefresh >= minIntervalNanos) {
          refresh();
        }
      }
    }
  }

  private ZoneReading read(int z, long now) {
    ThermalZone zone = zones.get(z);
    Path temp = zone.directory().resolve("temp");
    SysfsRead raw = sysfs.number(temp);
    switch (raw.outcome()) {
      case PRESENT -> { }
      case GARBAGE -> {
        return failed(z, zone, "temperature is not a number: '" + abbreviate(raw.text()) + "'");
      }
      // absent (zone removed), permission denied (with the fix) or a failed read (an offline
      // sensor answers EAGAIN/EIO): the zone's headroom is unknown and the reading says why
      default -> {
        return failed(z, zone, "temperature unreadable (" + raw.problem() + ")");
      }
    }
    long milliCelsius = raw.number().getAsLong();
    double celsius = milliCelsius / 1000.0;
    addSample(z, now, celsius);
    if (!zone.hasHeadroom()) {
      return new ZoneReading(zone, celsius, Double.NaN, zone.throttleSource());
    }
    return new ZoneReading(zone, celsius, normalize(celsius, zone.throttleMilliCelsius()), "");
  }

  private ZoneReading failed(int z, ThermalZone zone, String problem) {
    if (!warned[z]) {
      warned[z] = true;
      LOG.warn("{} ({}): {}; its headroom is unknown", zone.name(), zone.type(), problem);
    } else {
      LOG.debug("{} ({}): {}", zone.name(), zone.type(), problem);
    }
    return new ZoneReading(zone, Double.NaN, Double.NaN, problem);
  }

  static double normalize(double celsius, long throttleMilliCelsius) {
    double zero = throttleMilliCelsius / 1000.0 - DEGREES_BETWEEN_ZERO_AND_ONE;
    return celsius <= zero ? 0.0 : (celsius - zero) / DEGREES_BETWEEN_ZERO_AND_ONE;
  }

  private void addSample(int z, long now, double celsius) {
    long[] times = sampleNanos[z];
    double[] temps = sampleCelsius[z];
    if (sampleCount[z] == SAMPLES) {
      System.arraycopy(times, 1, times, 0, SAMPLES - 1);
      System.arraycopy(temps, 1, temps, 0, SAMPLES - 1);
      sampleCount[z]--;
    }
    times[sampleCount[z]] = now;
    temps[sampleCount[z]] = celsius;
    sampleCount[z]++;
  }

  /** Least-squares slope of the zone's samples, °C per second; 0 if they all share one instant. */
  private double slopePerSecond(int z) {
    int n = sampleCount[z];
    double meanT = 0;
    double meanC = 0;
    for (int i = 0; i < n; i++) {
      meanT += (sampleNanos[z][i] - sampleNanos[z][0]) / 1e9;
      meanC += sampleCelsius[z][i];
    }
    meanT /= n;
    meanC /= n;
    double variance = 0;
    double covariance = 0;
    for (int i = 0; i < n; i++) {
      double dt = (sampleNanos[z][i] - sampleNanos[z][0]) / 1e9 - meanT;
      variance += dt * dt;
      covariance += dt * (sampleCelsius[z][i] - meanC);
    }
    return variance == 0 ? 0 : covariance / variance;
  }

  static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @Override
  public String toString() {
    return "ThermalMonitor[" + zones.size() + " zones, " + zones.stream().filter(ThermalZone::hasHeadroom).count()
        + " with a throttling temperature]";
  }

  /** Builder for {@link ThermalMonitor}. */
  public static final class Builder {
    private Path sysRoot = Path.of("/sys");
    private Ticker ticker = Ticker.system();
    private Duration minInterval = DEFAULT_MIN_INTERVAL;
    private final Map<String, Long> throttleAt = new HashMap<>();
    private SysfsReader sysfs = SysfsReader.system();

    private Builder() {}

    /** The sysfs reader; tests inject permission denied through it (they run as root). */
    Builder sysfs(SysfsReader reader) {
      this.sysfs = Objects.requireNonNull(reader, "sysfs");
      return this;
    }

    /** The sysfs root (default {@code /sys}); tests pass a fake tree. */
    public Builder sysRoot(Path root) {
      this.sysRoot = Objects.requireNonNull(root, "sysRoot");
      return this;
    }

    /** Time source for the refresh interval and the forecast's samples. */
    public Builder ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    /** Re-read the zones at most this often (default 1 s). */
    public Builder minInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("minInterval must be >= 0, was " + interval);
      }
      this.minInterval = interval;
      return this;
    }

    /**
     * Headroom 1.0 for zones of {@code zoneType} is at {@code celsius}, whatever their trip points say;
     * for boards whose firmware throttles without a Linux trip (Raspberry Pi: 80 °C).
     */
    public Builder throttleAt(String zoneType, double celsius) {
      Objects.requireNonNull(zoneType, "zoneType");
      if (!(celsius > 0 && celsius < 200)) {
        throw new IllegalArgumentException("throttling temperature for '" + zoneType + "' must be in (0, 200) °C, was "
            + celsius);
      }
      throttleAt.put(zoneType, Math.round(celsius * 1000));
      return this;
    }

    public ThermalMonitor build() {
      return new ThermalMonitor(this);
    }
  }
}
