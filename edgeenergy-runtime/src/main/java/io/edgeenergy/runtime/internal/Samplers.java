package io.edgeenergy.runtime.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The meters' background samplers: one daemon thread each, so an app never waits on them to exit. */
public final class Samplers {
  private Samplers() {}

  /** Runs {@code task} every {@code periodNanos} (first run one period from now) on a new daemon thread. */
  public static ScheduledExecutorService every(String threadName, long periodNanos, Runnable task) {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    s.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    return s;
  }
}
