package io.edgeenergy.android;

import android.os.Build;
import io.edgeenergy.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import org.robolectric.util.ReflectionHelpers;

/** What the adapter tests share: a ticker they advance by hand and a way to pretend an older API level. */
final class AndroidTestSupport {
  private AndroidTestSupport() {}

  /** A ticker that moves only when told. */
  static final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
      return nanos.get();
    }

    void advanceMillis(long millis) {
      nanos.addAndGet(millis * 1_000_000L);
    }
  }

  /** Runs {@code body} with {@code Build.VERSION.SDK_INT} set to {@code sdk}, then restores it. */
  static void atApiLevel(int sdk, Runnable body) {
    int real = Build.VERSION.SDK_INT;
    ReflectionHelpers.setStaticField(Build.VERSION.class, "SDK_INT", sdk);
    try {
      body.run();
    } finally {
      ReflectionHelpers.setStaticField(Build.VERSION.class, "SDK_INT", real);
    }
  }
}
