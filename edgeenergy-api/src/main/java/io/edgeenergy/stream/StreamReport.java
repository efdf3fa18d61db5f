package io.edgeenergy.stream;

import io.edgeenergy.Energy;
import io.edgeenergy.EnergyQuality;
import io.edgeenergy.Power;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a stream cost and found, from a {@link StreamRunner}.
 *
 * @param streamTime stream time covered (frames × frame period), not the wall time it took
 * @param frames frames the stream held, whatever happened to them
 * @param framesRun frames the pipeline ran on
 * @param framesDropped frames dropped because the pipeline was behind real time ({@link DropPolicy})
 * @param framesSkipped audio windows or video frames skipped because a value in them was NaN or infinite
 * @param maxLag the largest lag behind stream time seen
 * @param energy inference energy of the stream (the pipeline's ledger), base power not included
 * @param quality of {@code energy}
 * @param stages per stage: how often it ran and how busy it kept the device
 * @param events events found, in order
 */
public record StreamReport(Duration streamTime, long frames, long framesRun, long framesDropped, long framesSkipped,
    Duration maxLag, Energy energy, EnergyQuality quality, List<StageDuty> stages, List<StreamEvent> events) {

  /** Copies the lists. */
  public StreamReport {
    stages = List.copyOf(stages);
    events = List.copyOf(events);
  }

  /**
   * One stage's share of the stream.
   *
   * @param dutyCycle fraction of the stream's frames on which it ran (replays of a repriming stage count)
   * @param busyFraction its wall time over the stream time
   */
  public record StageDuty(String tier, String stage, long runs, double dutyCycle, double busyFraction, Energy energy) {}

  /** Inference joules per hour of stream; 0 for an empty stream. */
  public double joulesPerHour() {
    return streamTime.isZero() ? 0 : energy.toJoules() * 3600e9 / streamTime.toNanos();
  }

  /** The mean inference power over the stream. */
  public Power inferencePower() {
    return streamTime.isZero() ? Power.ZERO : Power.of(energy, streamTime);
  }

  /**
   * How long {@code battery} lasts running this chain always on, with the device's own
   * {@code basePower} (screen off, radios idle, SoC awake) drawn all the time: often the larger part.
   */
  public Duration batteryLife(Energy battery, Power basePower) {
    return batteryLife(battery, basePower, inferencePower());
  }

  /**
   * How long {@code battery} lasts drawing {@code basePower} and {@code inferencePower} all the time:
   * the projection of {@link #batteryLife(Energy, Power)} for a chain whose inference power comes from
   * elsewhere (a replay of recorded scores, say: joules per hour / 3600 s).
   *
   * @throws IllegalArgumentException the two powers add up to no draw at all
   */
  public static Duration batteryLife(Energy battery, Power basePower, Power inferencePower) {
    double watts = basePower.toWatts() + inferencePower.toWatts();
    if (!(watts > 0)) {
      throw new IllegalArgumentException("no power drawn: base power " + basePower + " and inference power "
          + inferencePower + "; a battery projection needs a positive draw");
    }
    double seconds = battery.toJoules() / watts;
    return seconds >= Long.MAX_VALUE / 1e9 ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
        : Duration.ofNanos((long) (seconds * 1e9));
  }

  /** A few lines for logs and the CLI. */
  public String summary() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%.1f s of stream, %d frames: %d run, %d dropped (behind real time, max lag %.1f ms), %d skipped (non-finite"
            + " values); %.3f J/h of inference (%s), %d events%n",
        streamTime.toNanos() / 1e9, frames, framesRun, framesDropped, maxLag.toNanos() / 1e6, framesSkipped,
        joulesPerHour(), quality, events.size()));
    for (StageDuty d : stages) {
      sb.append(String.format(Locale.ROOT, "  %-12s %-24s ran on %6.2f %% of frames, busy %6.3f %% of the time, %s%n",
          d.tier(), d.stage(), 100 * d.dutyCycle(), 100 * d.busyFraction(), d.energy()));
    }
    return sb.toString();
  }
}
