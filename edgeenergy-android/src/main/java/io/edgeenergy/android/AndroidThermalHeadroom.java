package io.edgeenergy.android;

import android.content.Context;
import android.os.Build;
import android.os.PowerManager;
import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.thermal.ThermalHeadroom;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ThermalHeadroom} from {@code PowerManager}: {@code getThermalHeadroom(forecastSeconds)}
 * (API 30+, 1.0 = SEVERE throttling), read at most once per {@link Builder#minInterval} (default 1 s)
 * because the platform answers {@code NaN} to callers that poll faster; between reads the cached value
 * is returned, so the inference thread pays one binder call a second at most. A {@code NaN} from the
 * platform keeps the previous value for up to 10 s.
 *
 * <p>The thermal status listener (API 29+) raises the headroom to at least the status's level, so a
 * device that reports status but no headroom still produces thermal pressure: LIGHT 0.8, MODERATE 0.9,
 * SEVERE 1.0, CRITICAL 1.1, EMERGENCY/SHUTDOWN 1.2 (our mapping onto Android's scale, where SEVERE is
 * 1.0; with the default pressure onset 0.8, LIGHT gives no pressure and MODERATE half). On API 36+ the
 * platform's headroom listener (found by reflection) pushes updates and replaces polling.
 * {@link #close()} removes the listeners.
 */
public final class AndroidThermalHeadroom implements ThermalHeadroom, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AndroidThermalHeadroom.class.getName());
  private static final int MAX_FORECAST_SECONDS = 60;
  private static final long STALE_NANOS = Duration.ofSeconds(10).toNanos();

  private final PowerManager power;
  private final Availability availability;
  private final Ticker ticker;
  private final long minIntervalNanos;
  private final float[] cached = new float[MAX_FORECAST_SECONDS + 1];
  private final long[] cachedAt = new long[MAX_FORECAST_SECONDS + 1];
  private long lastCall;
  private boolean called;
  private volatile int status;
  private volatile float pushed = Float.NaN;
  private volatile long pushedAt;
  private final PowerManager.OnThermalStatusChangedListener statusListener = s -> status = s;
  private Object headroomListener;
  private long failures;

  private AndroidThermalHeadroom(Builder b) {
    this.ticker = b.ticker;
    this.minIntervalNanos = b.minInterval.toNanos();
    java.util.Arrays.fill(cached, Float.NaN);
    int sdk = Build.VERSION.SDK_INT;
    PowerManager pm = null;
    Availability why;
    try {
      pm = b.context.getSystemService(PowerManager.class);
      why = pm == null ? Availability.unavailable("no PowerManager service")
          : sdk < 30 ? Availability.unavailable("getThermalHeadroom needs API 30 (Android 11), this device runs API " + sdk
              + "; only the thermal status is used") : Availability.AVAILABLE;
    } catch (RuntimeException e) {
      why = Availability.unavailable("PowerManager lookup failed: " + e);
    }
    this.power = pm;
    this.availability = why;
    if (power != null) {
      try {
        status = power.getCurrentThermalStatus();
        power.addThermalStatusListener(statusListener);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "thermal status listener unavailable", e);
      }
      if (sdk >= 36) {
        headroomListener = addHeadroomListener();
      }
    }
  }

  /** A builder over {@code context}'s {@code PowerManager}. */
  public static Builder builder(Context context) {
    return new Builder(context);
  }

  /** Whether {@code getThermalHeadroom} can be used here, and why not. */
  public Availability availability() {
    return availability;
  }

  /** Whether the API 36 headroom listener is registered. */
  public boolean listening() {
    return headroomListener != null;
  }

  /** How many platform calls threw (each answered NaN). */
  public synchronized long failures() {
    return failures;
  }

  @Override
  public double headroom() {
    long now = ticker.read();
    float p = pushed;
    if (!Float.isNaN(p) && now - pushedAt < STALE_NANOS) {
      return floor(p);
    }
    return floor(read(0, now));
  }

  @Override
  public double forecast(Duration ahead) {
    long seconds = Math.max(0, Math.min(MAX_FORECAST_SECONDS, (ahead.toMillis() + 999) / 1000));
    return floor(read((int) seconds, ticker.read()));
  }

  /** The platform's headroom for {@code seconds} ahead, polled at most once per interval over all horizons. */
  private synchronized float read(int seconds, long now) {
    if (!availability.available()) {
      return Float.NaN;
    }
    if (called && now - lastCall < minIntervalNanos) {
      // inside the rate limit: this horizon's cache, else the current headroom's, else unknown
      return fresh(seconds, now) ? cached[seconds] : fresh(0, now) ? cached[0] : Float.NaN;
    }
    called = true;
    lastCall = now;
    float value;
    try {
      value = power.getThermalHeadroom(seconds);
    } catch (RuntimeException e) {
      failures++;
      LOG.log(failures == 1 ? Level.WARNING : Level.FINE, "getThermalHeadroom failed; headroom unknown", e);
      return Float.NaN;
    }
    if (!Float.isNaN(value)) {
      cached[seconds] = value;
      cachedAt[seconds] = now;
      return value;
    }
    return fresh(seconds, now) ? cached[seconds] : Float.NaN;
  }

  private boolean fresh(int seconds, long now) {
    return !Float.isNaN(cached[seconds]) && now - cachedAt[seconds] < STALE_NANOS;
  }

  /** The headroom raised to the thermal status's floor; NaN stays NaN only when the status says nothing. */
  private double floor(float headroom) {
    double f = statusFloor(status);
    if (Float.isNaN(headroom)) {
      return f;
    }
    return Double.isNaN(f) ? headroom : Math.max(headroom, f);
  }

  /** Our mapping of {@code THERMAL_STATUS_*} onto the headroom scale; NaN for NONE (no information). */
  static double statusFloor(int status) {
    switch (status) {
      case PowerManager.THERMAL_STATUS_LIGHT:
        return 0.8;
      case PowerManager.THERMAL_STATUS_MODERATE:
        return 0.9;
      case PowerManager.THERMAL_STATUS_SEVERE:
        return 1.0;
      case PowerManager.THERMAL_STATUS_CRITICAL:
        return 1.1;
      case PowerManager.THERMAL_STATUS_EMERGENCY:
      case PowerManager.THERMAL_STATUS_SHUTDOWN:
        return 1.2;
      default:
        return Double.NaN;
    }
  }

  /** Registers the API 36 {@code ThermalHeadroomListener} through reflection; null where absent. */
  private Object addHeadroomListener() {
    try {
      Class<?> type = Class.forName("android.os.PowerManager$ThermalHeadroomListener");
      Object listener = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
        if (m.getName().equals("onThermalHeadroomChanged") && args != null && args.length > 0) {
          pushed = ((Number) args[0]).floatValue();
          pushedAt = ticker.read();
          return null;
        }
        switch (m.getName()) {
          case "hashCode":
            return System.identityHashCode(proxy);
          case "equals":
            return proxy == args[0];
          case "toString":
            return "edgeenergy thermal headroom listener";
          default:
            return null;
        }
      });
      Method add = PowerManager.class.getMethod("addThermalHeadroomListener", Executor.class, type);
      add.invoke(power, (Executor) Runnable::run, listener);
      return listener;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "no thermal headroom listener; polling instead", e);
      return null;
    }
  }

  /** Removes the listeners; the object then only answers from its caches and the platform calls. */
  @Override
  public void close() {
    if (power == null) {
      return;
    }
    try {
      power.removeThermalStatusListener(statusListener);
      if (headroomListener != null) {
        Class<?> type = Class.forName("android.os.PowerManager$ThermalHeadroomListener");
        PowerManager.class.getMethod("removeThermalHeadroomListener", type).invoke(power, headroomListener);
        headroomListener = null;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "removing thermal listeners failed", e);
    }
  }

  @Override
  public String toString() {
    return "AndroidThermalHeadroom[" + availability + ", status " + status + (listening() ? ", listening" : "") + "]";
  }

  /** Builder for {@link AndroidThermalHeadroom}. */
  public static final class Builder {
    private final Context context;
    private Duration minInterval = Duration.ofSeconds(1);
    private Ticker ticker = Ticker.system();

    private Builder(Context context) {
      this.context = Objects.requireNonNull(context, "context");
    }

    /** The shortest time between two platform calls (default 1 s, the platform's own limit). */
    public Builder minInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("minInterval must be >= 0, was " + interval);
      }
      this.minInterval = interval;
      return this;
    }

    /** Time source for the rate limit; tests pass a fake one. */
    public Builder ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    public AndroidThermalHeadroom build() {
      return new AndroidThermalHeadroom(this);
    }
  }
}
