package io.edgeenergy.android;

import android.content.Context;
import io.edgeenergy.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * What the builders of the sampled meters share: the context, the sampling period, the ticker and,
 * for tests, whether a sampler thread is started.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class MeterBuilder<B extends MeterBuilder<B>> {
  final Context context;
  Duration period;
  Ticker ticker = Ticker.system();
  boolean sampler = true;

  MeterBuilder(Context context, Duration defaultPeriod) {
    this.context = Objects.requireNonNull(context, "context");
    this.period = defaultPeriod;
  }

  abstract B self();

  /** How often the meter samples; at least 10 ms. */
  public B period(Duration every) {
    if (every.toMillis() < 10) {
      throw new IllegalArgumentException("period must be >= 10 ms, was " + every);
    }
    this.period = every;
    return self();
  }

  /** The ticker samples are timed with; tests pass a fake one. */
  public B ticker(Ticker source) {
    this.ticker = Objects.requireNonNull(source, "ticker");
    return self();
  }

  /** Tests drive the sampling themselves. */
  B withoutSampler() {
    this.sampler = false;
    return self();
  }
}
