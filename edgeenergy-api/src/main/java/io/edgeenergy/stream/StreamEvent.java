package io.edgeenergy.stream;

import java.time.Duration;

/**
 * One event found in a stream: consecutive frames the runner's event test accepted, joined across
 * gaps shorter than the hang-over.
 *
 * @param onset stream time at which the first event frame starts
 * @param offset stream time at which the last event frame ends (the hang-over only delays when the
 *     event is declared over, it is not part of it)
 * @param frames event frames in it
 * @param peakConfidence the highest answer confidence among them
 */
public record StreamEvent(Duration onset, Duration offset, long frames, float peakConfidence) {
  /** How long the event lasted, from onset to offset. */
  public Duration duration() {
    return offset.minus(onset);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "event %.3f s - %.3f s (%d frames, peak %.2f)",
        onset.toNanos() / 1e9, offset.toNanos() / 1e9, frames, peakConfidence);
  }
}
