package io.edgeenergy.runtime.thermal;

import io.edgeenergy.Ticker;
import io.edgeenergy.thermal.ThermalHeadroom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * throttling temperature, or whose {@code temp} cannot be read (EAGAIN, EIO, garbage), do not count and
 * are reported in {@link #readings()} with the reason. No zone with a headroom: {@code NaN}.
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
  private static final Pattern ZONE = Pattern.compile("thermal_zone(\\d+)");
  private static final Pattern TRIP = Pattern.compile("trip_point_(\\d+)_temp");

  private final List<ThermalZone> zones;
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
    this.zones = discover(b.sysRoot, b.throttleAt);
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
    String raw;
    try {
      raw = Files.readString(temp, StandardCharsets.US_ASCII).strip();
    } catch (IOException | RuntimeException e) {
      return failed(z, zone, "temperature unreadable (" + describe(e) + ")");
    }
    long milliCelsius;
    try {
      milliCelsius = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return failed(z, zone, "temperature is not a number: '" + abbreviate(raw) + "'");
    }
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

  private static List<ThermalZone> discover(Path sysRoot, Map<String, Long> throttleAt) {
    Path dir = sysRoot.resolve("class/thermal");
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "thermal_zone*")) {
      stream.forEach(found::add);
    } catch (IOException | RuntimeException e) {
      LOG.debug("no thermal zones under {}: {}", dir, describe(e));
      return List.of();
    }
    found.removeIf(p -> !ZONE.matcher(p.getFileName().toString()).matches());
    found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(12))));
    List<ThermalZone> out = new ArrayList<>();
    for (Path zoneDir : found) {
      String type = firstLine(zoneDir.resolve("type"));
      List<TripPoint> trips = trips(zoneDir);
      Long configured = type == null ? null : throttleAt.get(type);
      long throttle = Long.MIN_VALUE;
      String source;
      if (configured != null) {
        throttle = configured;
        source = "configured throttling temperature " + ThermalZone.celsius(configured);
      } else {
        TripPoint anchor = lowest(trips, "passive");
        String kind = "";
        if (anchor == null) {
          anchor = lowest(trips, "hot");
          kind = " (no passive trip)";
        }
        if (anchor == null) {
          anchor = lowest(trips, "critical");
          kind = " (no passive or hot trip: 1.0 is the shutdown point, not throttling)";
        }
        if (anchor != null) {
          throttle = anchor.milliCelsius();
          source = anchor + kind;
        } else {
          source = trips.isEmpty() ? "no trip points and no configured throttling temperature"
              : "no usable passive, hot or critical trip (" + trips + ") and no configured throttling temperature";
        }
      }
      out.add(new ThermalZone(zoneDir.getFileName().toString(), zoneDir, type == null ? "unknown" : type, trips,
          throttle, source));
    }
    return List.copyOf(out);
  }

  private static TripPoint lowest(List<TripPoint> trips, String type) {
    TripPoint best = null;
    for (TripPoint t : trips) {
      if (t.usable() && t.type().equals(type) && (best == null || t.milliCelsius() < best.milliCelsius())) {
        best = t;
      }
    }
    return best;
  }

  private static List<TripPoint> trips(Path zoneDir) {
    List<TripPoint> trips = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(zoneDir, "trip_point_*_temp")) {
      for (Path p : stream) {
        Matcher m = TRIP.matcher(p.getFileName().toString());
        String temp = firstLine(p);
        if (!m.matches() || temp == null) {
          continue;
        }
        int index = Integer.parseInt(m.group(1));
        String type = firstLine(zoneDir.resolve("trip_point_" + index + "_type"));
        try {
          trips.add(new TripPoint(index, type == null ? "unknown" : type, Long.parseLong(temp)));
        } catch (NumberFormatException e) {
          LOG.debug("{}: trip point {} temperature '{}' is not a number; ignored", zoneDir, index, temp);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot list trip points of {}: {}", zoneDir, describe(e));
    }
    trips.sort(Comparator.comparingInt(TripPoint::index));
    return trips;
  }

  private static String firstLine(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return s.isEmpty() ? null : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
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

    private Builder() {}

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
