package io.edgeenergy.android;

import android.os.Build;
import android.os.PerformanceHintManager;
import io.edgeenergy.Ticker;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread's ADPF hint session for {@link AdpfPerformanceHints}, and what was last asked of it, so a
 * repeated level costs no binder call. Guarded by its own lock: the owning thread applies and reports,
 * {@link AdpfPerformanceHints#close()} may come from another.
 */
final class AdpfThreadSession {
  private static final Logger LOG = Logger.getLogger(AdpfPerformanceHints.class.getName());
  private static final String SESSION = AdpfPerformanceHints.SESSION;
  private static final String EFFICIENCY = AdpfPerformanceHints.EFFICIENCY;

  private final PerformanceHintManager manager;
  private final int tid;
  private final Ticker ticker;
  private PerformanceHintManager.Session session;
  private long target;
  private Boolean preferEfficiency;
  /** Why this thread has no session (the device refused one, or the hints were closed), once known for good. */
  private String none;

  AdpfThreadSession(PerformanceHintManager manager, int tid, Ticker ticker) {
    this.manager = manager;
    this.tid = tid;
    this.ticker = ticker;
  }

  /** The session, or null before the first apply, after a refusal and once closed. */
  synchronized PerformanceHintManager.Session session() {
    return session;
  }

  /** Creates the session with {@code nanos} as its target, or moves the target there. */
  synchronized HintOutcome target(long nanos) {
    if (none != null) {
      return HintOutcome.skipped(SESSION, none);
    }
    if (session == null) {
      try {
        session = manager.createHintSession(new int[] {tid}, nanos);
      } catch (RuntimeException e) {
        return HintOutcome.skipped(SESSION, "createHintSession failed: " + e);   // may be transient: retried
      }
      if (session == null) {   // the documented answer when the device does not support hint sessions
        none = "createHintSession returned null: hint sessions unsupported here";
        return HintOutcome.skipped(SESSION, none);
      }
      target = nanos;
      return HintOutcome.applied(SESSION, "session for thread " + tid + ", target " + nanos / 1000 + " µs");
    }
    if (nanos != target) {
      try {
        session.updateTargetWorkDuration(nanos);
      } catch (RuntimeException e) {
        closeSession();   // a session that refuses its target is of no use: the next apply makes a new one
        return HintOutcome.skipped(SESSION, "updateTargetWorkDuration failed: " + e);
      }
      target = nanos;
    }
    return HintOutcome.applied(SESSION, "session for thread " + tid + " reused, target " + nanos / 1000 + " µs");
  }

  synchronized HintOutcome preferEfficiency(HintLevel level) {
    if (Build.VERSION.SDK_INT < 35) {
      return HintOutcome.skipped(EFFICIENCY, "setPreferPowerEfficiency needs API 35, this device runs API "
          + Build.VERSION.SDK_INT);
    }
    boolean prefer = level.compareTo(HintLevel.EFFICIENT) <= 0;
    if (preferEfficiency == null || preferEfficiency != prefer) {
      try {
        session.setPreferPowerEfficiency(prefer);
      } catch (RuntimeException e) {
        preferEfficiency = null;
        return HintOutcome.skipped(EFFICIENCY, "setPreferPowerEfficiency failed: " + e);
      }
      preferEfficiency = prefer;
    }
    return HintOutcome.applied(EFFICIENCY, "preferPowerEfficiency=" + prefer);
  }

  /** Reports what the scope's work took; nothing once the session is closed. */
  synchronized void report(long start) {
    if (session == null) {
      return;
    }
    try {
      session.reportActualWorkDuration(Math.max(1, ticker.read() - start));   // must be > 0
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "reportActualWorkDuration failed", e);
    }
  }

  synchronized void close() {
    none = "these hints were closed";
    closeSession();
  }

  private void closeSession() {
    if (session == null) {
      return;
    }
    try {
      session.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "closing an ADPF hint session failed", e);
    } finally {
      session = null;
      preferEfficiency = null;
    }
  }
}
