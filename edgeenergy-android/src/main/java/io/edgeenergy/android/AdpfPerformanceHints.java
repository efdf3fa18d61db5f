package io.edgeenergy.android;

import android.content.Context;
import android.os.Build;
import android.os.PerformanceHintManager;
import android.os.Process;
import io.edgeenergy.Availability;
import io.edgeenergy.Ticker;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import io.edgeenergy.hints.PerformanceHints;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PerformanceHints} over Android's ADPF ({@code PerformanceHintManager}, API 31+), the
 * sanctioned way for an app to steer CPU clocks (sysfs limits need root). Each thread that applies a
 * hint gets one hint session, made on its first {@link #apply} and reused after: a later apply only
 * updates the session's target work duration when the level asks for another (ADPF learns from a
 * session's history of reported durations, and creating one is a binder call). A scope's
 * {@code close()} reports the actual duration of the work done inside it, even when that work threw.
 * {@link #close()} closes every thread's session; close it when the pipeline is done (a session whose
 * thread has ended stays open until then).
 *
 * <p>Levels map onto the target: {@code BALANCED} uses {@link Builder#targetWorkDuration}, {@code LOW}
 * 4×, {@code EFFICIENT} 2× and {@code BURST} ½ of it (ADPF lowers clocks while work finishes well
 * inside its target and raises them when it misses). On API 35+ {@code LOW}/{@code EFFICIENT} also set
 * {@code setPreferPowerEfficiency(true)}; on API 36+ {@code BURST} sends {@code notifyWorkloadSpike}
 * (found by reflection). Every step reports applied or why not; nothing throws into the caller.
 */
public final class AdpfPerformanceHints implements PerformanceHints, AutoCloseable {
  static final String SESSION = "adpf";
  static final String EFFICIENCY = "adpf:power-efficiency";
  static final String WORKLOAD = "adpf:workload";

  private final PerformanceHintManager manager;
  private final Availability availability;
  private final long targetNanos;
  private final Ticker ticker;
  private final Method workloadSpike;
  /** The calling thread's session; every thread's is also in {@link #sessions}, for {@link #close()}. */
  private final ThreadLocal<AdpfThreadSession> mine = new ThreadLocal<>();
  private final List<AdpfThreadSession> sessions = new ArrayList<>();
  private boolean closed;

  private AdpfPerformanceHints(Builder b) {
    this.targetNanos = b.target.toNanos();
    this.ticker = b.ticker;
    int sdk = Build.VERSION.SDK_INT;
    PerformanceHintManager found = null;
    Availability why;
    if (sdk < 31) {
      why = Availability.unavailable("ADPF (PerformanceHintManager) needs API 31 (Android 12), this device runs API " + sdk);
    } else {
      try {
        found = b.context.getSystemService(PerformanceHintManager.class);
        why = found == null ? Availability.unavailable("no PerformanceHintManager service on this device") : Availability.AVAILABLE;
      } catch (RuntimeException e) {
        why = Availability.unavailable("PerformanceHintManager lookup failed: " + e);
      }
    }
    this.manager = found;
    this.availability = why;
    this.workloadSpike = sdk >= 36 ? method("notifyWorkloadSpike", boolean.class, boolean.class, String.class) : null;
  }

  /** A builder over {@code context}'s {@code PerformanceHintManager}. */
  public static Builder builder(Context context) {
    return new Builder(context);
  }

  @Override
  public HintScope apply(HintLevel level) {
    Objects.requireNonNull(level, "level");
    List<HintOutcome> outcomes = new ArrayList<>(3);
    if (manager == null) {
      outcomes.add(HintOutcome.skipped(SESSION, availability.reason()));
      return HintScope.of(level, outcomes, () -> { });
    }
    AdpfThreadSession ts = mine.get();
    if (ts == null) {
      ts = new AdpfThreadSession(manager, Process.myTid(), ticker);
      if (!register(ts)) {
        outcomes.add(HintOutcome.skipped(SESSION, "these hints were closed"));
        return HintScope.of(level, outcomes, () -> { });
      }
      mine.set(ts);
    }
    synchronized (ts) {
      HintOutcome session = ts.target(targetFor(level));
      outcomes.add(session);
      if (!session.applied()) {
        return HintScope.of(level, outcomes, () -> { });
      }
      outcomes.add(ts.preferEfficiency(level));
      outcomes.add(workload(ts.session(), level));
    }
    AdpfThreadSession scoped = ts;
    long start = ticker.read();
    return HintScope.of(level, outcomes, () -> scoped.report(start));
  }

  private synchronized boolean register(AdpfThreadSession ts) {
    if (closed) {
      return false;
    }
    sessions.add(ts);
    return true;
  }

  /** Closes every thread's hint session; later applies skip ADPF, saying why. Idempotent. */
  @Override
  public void close() {
    List<AdpfThreadSession> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(sessions);
      sessions.clear();
    }
    for (AdpfThreadSession ts : all) {
      ts.close();
    }
  }

  private HintOutcome workload(PerformanceHintManager.Session session, HintLevel level) {
    if (level != HintLevel.BURST) {
      return HintOutcome.skipped(WORKLOAD, "only BURST announces a workload spike");
    }
    if (workloadSpike == null) {
      return HintOutcome.skipped(WORKLOAD, "notifyWorkloadSpike needs API 36, this device runs API " + Build.VERSION.SDK_INT);
    }
    try {
      workloadSpike.invoke(session, true, false, "edgeenergy BURST");
      return HintOutcome.applied(WORKLOAD, "notifyWorkloadSpike(cpu)");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return HintOutcome.skipped(WORKLOAD, "notifyWorkloadSpike failed: " + e);
    }
  }

  /** The target work duration a scope at {@code level} asks for. */
  public long targetFor(HintLevel level) {
    switch (level) {
      case LOW:
        return 4 * targetNanos;
      case EFFICIENT:
        return 2 * targetNanos;
      case BURST:
        return Math.max(1, targetNanos / 2);
      default:
        return targetNanos;
    }
  }

  @Override
  public Map<String, Availability> mechanisms() {
    Map<String, Availability> m = new LinkedHashMap<>();
    m.put(SESSION, availability);
    m.put(EFFICIENCY, !availability.available() ? availability : Build.VERSION.SDK_INT >= 35 ? Availability.AVAILABLE
        : Availability.unavailable("setPreferPowerEfficiency needs API 35"));
    m.put(WORKLOAD, !availability.available() ? availability : workloadSpike != null ? Availability.AVAILABLE
        : Availability.unavailable("notifyWorkloadSpike needs API 36"));
    return m;
  }

  private static Method method(String name, Class<?>... params) {
    try {
      return PerformanceHintManager.Session.class.getMethod(name, params);
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "AdpfPerformanceHints[" + availability + ", BALANCED target " + targetNanos / 1000 + " µs]";
  }

  /** Builder for {@link AdpfPerformanceHints}. */
  public static final class Builder {
    private final Context context;
    private Duration target = Duration.ofMillis(16);
    private Ticker ticker = Ticker.system();

    private Builder(Context context) {
      this.context = Objects.requireNonNull(context, "context");
    }

    /** The work duration {@code BALANCED} aims at (default 16 ms, one 60 Hz frame); the others scale it. */
    public Builder targetWorkDuration(Duration balanced) {
      if (balanced.isNegative() || balanced.isZero()) {
        throw new IllegalArgumentException("targetWorkDuration must be > 0, was " + balanced);
      }
      this.target = balanced;
      return this;
    }

    /** The ticker actual work durations are measured with. */
    public Builder ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    public AdpfPerformanceHints build() {
      return new AdpfPerformanceHints(this);
    }
  }
}
