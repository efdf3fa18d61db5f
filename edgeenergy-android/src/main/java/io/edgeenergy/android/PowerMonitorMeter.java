package io.edgeenergy.android;

import android.content.Context;
import android.os.Build;
import android.os.OutcomeReceiver;
import android.os.PowerMonitor;
import android.os.PowerMonitorReadings;
import android.os.health.SystemHealthManager;
import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.energy.EnergyDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Energy from Android 15's {@code PowerMonitor}s (API 35): the on-device power rails (ODPM, measured
 * by the SoC's power monitor chip on Pixel 6 and later) or, on devices without them, the platform's
 * modelled energy consumers. Measured rails are preferred and reported {@code MEASURED}; modelled
 * consumers only when no rail exists, as {@code ESTIMATED}. The counter is the sum over the chosen
 * monitors, {@link #rails()} gives each one.
 *
 * <p>A daemon thread polls {@code SystemHealthManager.getPowerMonitorReadings} every
 * {@link Builder#period period} (default {@value #DEFAULT_PERIOD_MILLIS} ms); {@link #readNanojoules()}
 * only reads the last sum, so the inference thread never waits on a binder call. The rails are
 * cumulative counters, so no energy is lost between polls, but a window shorter than the period sees a
 * whole step or none: meter many inferences per window ({@code Metering.sampled}) or whole tiers.
 *
 * <p>Below API 35, without {@code SystemHealthManager}, or with no monitor, the meter is unavailable and
 * says why. A rail that goes backwards (its HAL restarted) is re-based, never subtracted; after
 * {@value #MAX_FAILURES} failed polls in a row the meter stops counting and says so.
 */
public final class PowerMonitorMeter extends AndroidMeter {
  /** Default polling period. */
  public static final long DEFAULT_PERIOD_MILLIS = 1000;
  /** Consecutive failed polls after which the meter stops counting. */
  public static final int MAX_FAILURES = 3;
  private static final long NANOJOULES_PER_MICROWATT_SECOND = 1000;

  private final SystemHealthManager health;
  private final List<PowerMonitor> monitors;
  private final long[] last;
  private final long[] railNanojoules;
  private int failures;
  private long resets;

  private PowerMonitorMeter(Builder b, SystemHealthManager health, List<PowerMonitor> monitors, String unavailable) {
    super("android-powermonitor", EnergyDomain.SOC, quality(monitors), b.ticker);
    this.health = health;
    this.monitors = monitors;
    this.last = new long[monitors.size()];
    this.railNanojoules = new long[monitors.size()];
    Arrays.fill(last, -1);
    if (unavailable != null) {
      describe(EnergyQuality.ESTIMATED, "no PowerMonitor energy: " + unavailable);
      neverCounted(unavailable);
      return;
    }
    describe(quality(monitors), (quality(monitors) == EnergyQuality.MEASURED
        ? "sum of " + monitors.size() + " measured power rails (ODPM) "
        : "sum of " + monitors.size() + " modelled energy consumers (no measured rail on this device) ")
        + names(monitors) + ", polled every " + b.period.toMillis() + " ms");
  }

  /** A builder over {@code context}'s {@code SystemHealthManager}. */
  public static Builder builder(Context context) {
    return new Builder(context);
  }

  /** The monitors counted, with their energy since the meter started (a snapshot). */
  public synchronized List<Rail> rails() {
    List<Rail> out = new ArrayList<>();
    for (int i = 0; i < monitors.size(); i++) {
      PowerMonitor m = monitors.get(i);
      out.add(new Rail(m.getName(), m.getType() == PowerMonitor.POWER_MONITOR_TYPE_MEASUREMENT,
          Energy.ofNanojoules(railNanojoules[i])));
    }
    return Collections.unmodifiableList(out);
  }

  /** How many times a rail's counter went backwards and was re-based. */
  public synchronized long resets() {
    return resets;
  }

  /** Requests one reading now (the sampler does this every period); the result arrives asynchronously. */
  void poll() {
    if (!isCounting()) {
      return;
    }
    try {
      health.getPowerMonitorReadings(monitors, Runnable::run, new OutcomeReceiver<PowerMonitorReadings, RuntimeException>() {
        @Override
        public void onResult(PowerMonitorReadings readings) {
          apply(readings);
        }

        @Override
        public void onError(RuntimeException error) {
          failed(error);
        }
      });
    } catch (RuntimeException e) {   // a dead binder or a vendor bug must not reach the caller
      failed(e);
    }
  }

  synchronized void apply(PowerMonitorReadings readings) {
    failures = 0;
    for (int i = 0; i < monitors.size(); i++) {
      long microwattSeconds = readings.getConsumedEnergy(monitors.get(i));
      if (microwattSeconds < 0) {   // ENERGY_UNAVAILABLE for this rail in this snapshot: skip it
        continue;
      }
      if (last[i] >= 0 && microwattSeconds >= last[i]) {
        long step = (microwattSeconds - last[i]) * NANOJOULES_PER_MICROWATT_SECOND;
        railNanojoules[i] += step;
        add(step);
      } else if (last[i] >= 0) {
        resets++;   // the rail restarted from a lower value: re-base, never count backwards
        String rail = monitors.get(i).getName();
        LOG.fine(() -> "power rail " + rail + " went backwards; re-based");
      }
      last[i] = microwattSeconds;
    }
  }

  private synchronized void failed(RuntimeException e) {
    if (++failures >= MAX_FAILURES) {
      stopCounting(MAX_FAILURES + " PowerMonitor readings in a row failed, last: " + e);
    }
  }

  private static EnergyQuality quality(List<PowerMonitor> monitors) {
    for (PowerMonitor m : monitors) {
      if (m.getType() != PowerMonitor.POWER_MONITOR_TYPE_MEASUREMENT) {
        return EnergyQuality.ESTIMATED;
      }
    }
    return monitors.isEmpty() ? EnergyQuality.ESTIMATED : EnergyQuality.MEASURED;
  }

  private static String names(List<PowerMonitor> monitors) {
    List<String> names = new ArrayList<>();
    for (PowerMonitor m : monitors) {
      names.add(m.getName());
    }
    return names.toString();
  }

  /**
   * One monitor's share.
   *
   * @param measured true for a measured rail, false for a modelled consumer
   */
  public record Rail(String name, boolean measured, Energy energy) {}

  /** Builder for {@link PowerMonitorMeter}. */
  public static final class Builder extends MeterBuilder<Builder> {
    private Duration discoveryTimeout = Duration.ofSeconds(2);
    private boolean measuredOnly;

    private Builder(Context context) {
      super(context, Duration.ofMillis(DEFAULT_PERIOD_MILLIS));
    }

    @Override
    Builder self() {
      return this;
    }

    /** How long discovery and the first reading may take before the meter gives up (default 2 s). */
    public Builder discoveryTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("discoveryTimeout must be > 0, was " + timeout);
      }
      this.discoveryTimeout = timeout;
      return this;
    }

    /** Refuse modelled consumers: without a measured rail the meter is unavailable. */
    public Builder measuredOnly() {
      this.measuredOnly = true;
      return this;
    }

    /**
     * Discovers the monitors, takes the baseline reading and starts the sampler. Never throws for a
     * missing capability: the meter is then unavailable with the reason.
     */
    public PowerMonitorMeter build() {
      int sdk = Build.VERSION.SDK_INT;
      if (sdk < 35) {
        return new PowerMonitorMeter(this, null, List.of(), "PowerMonitor needs API 35 (Android 15), this device runs API " + sdk);
      }
      SystemHealthManager health;
      List<PowerMonitor> all;
      try {
        health = context.getSystemService(SystemHealthManager.class);
        if (health == null) {
          return new PowerMonitorMeter(this, null, List.of(), "no SystemHealthManager service");
        }
        CompletableFuture<List<PowerMonitor>> found = new CompletableFuture<>();
        health.getSupportedPowerMonitors(direct(), found::complete);
        all = found.get(discoveryTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {   // binder failures, timeouts, vendor bugs: degrade, never crash the app
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return new PowerMonitorMeter(this, null, List.of(), "PowerMonitor discovery failed: " + e);
      }
      List<PowerMonitor> chosen = choose(all == null ? List.of() : all);
      if (chosen.isEmpty()) {
        return new PowerMonitorMeter(this, null, List.of(), all == null || all.isEmpty()
            ? "this device exposes no power monitors (measured rails need ODPM hardware, e.g. Pixel 6 and later)"
            : "no measured power rail (only modelled consumers " + names(all) + ") and measuredOnly() was set");
      }
      PowerMonitorMeter meter = new PowerMonitorMeter(this, health, chosen, null);
      meter.baseline(discoveryTimeout);
      if (sampler) {
        meter.startSampler(period, meter::poll);
      }
      return meter;
    }

    private List<PowerMonitor> choose(List<PowerMonitor> all) {
      Map<Integer, List<PowerMonitor>> byType = new LinkedHashMap<>();
      for (PowerMonitor m : all) {
        byType.computeIfAbsent(m.getType(), k -> new ArrayList<>()).add(m);
      }
      List<PowerMonitor> measured = byType.getOrDefault(PowerMonitor.POWER_MONITOR_TYPE_MEASUREMENT, List.of());
      if (!measured.isEmpty() || measuredOnly) {
        return measured;
      }
      return byType.getOrDefault(PowerMonitor.POWER_MONITOR_TYPE_CONSUMER, List.of());
    }
  }

  /** The first reading, taken before the meter is handed out, so its counter starts at 0 now. */
  private void baseline(Duration timeout) {
    CompletableFuture<PowerMonitorReadings> first = new CompletableFuture<>();
    try {
      health.getPowerMonitorReadings(monitors, direct(), new OutcomeReceiver<PowerMonitorReadings, RuntimeException>() {
        @Override
        public void onResult(PowerMonitorReadings readings) {
          first.complete(readings);
        }

        @Override
        public void onError(RuntimeException error) {
          first.completeExceptionally(error);
        }
      });
      apply(first.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed(new IllegalStateException("first PowerMonitor reading failed: " + e, e));
    }
  }

  private static Executor direct() {
    return Runnable::run;
  }
}
