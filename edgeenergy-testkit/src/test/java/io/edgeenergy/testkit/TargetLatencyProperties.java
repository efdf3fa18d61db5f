package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.TargetLatencyController;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The target-latency loop under steady conditions (a scripted latency per level, faster as the level
 * rises): it converges to the lowest level that meets the target, and it does not oscillate - it
 * probes the level below exponentially rarely.
 */
class TargetLatencyProperties {
  private static final int RUNS = 5_000;
  private static final long TARGET_NANOS = 10_000_000;
  private static final HintLevel[] LEVELS = HintLevel.values();

  @Property(tries = 500)
  void convergesToTheLowestLevelItCanTrustWithoutOscillating(
      @ForAll @Size(4) List<@IntRange(min = 0, max = 8_000) Integer> microsAddedPerLevelDown,
      @ForAll @IntRange(min = 0, max = 3) int start,
      @ForAll @IntRange(min = 1, max = 16) int stepDownAfter) {
    long[] latency = new long[LEVELS.length];   // non-increasing as the level rises
    long sum = 0;
    for (int i = LEVELS.length - 1; i >= 0; i--) {
      sum += microsAddedPerLevelDown.get(i) * 1_000L;
      latency[i] = sum;
    }
    var c = TargetLatencyController.builder(Duration.ofNanos(TARGET_NANOS)).start(LEVELS[start])
        .stepDownAfter(stepDownAfter).build();
    long[] runsAt = new long[LEVELS.length];
    long[] lateRunsAt = new long[LEVELS.length];
    for (int run = 0; run < RUNS; run++) {
      int at = c.level().ordinal();
      runsAt[at]++;
      if (run >= RUNS / 2) {
        lateRunsAt[at]++;
      }
      c.record(latency[at], 1);
    }
    int settled = 0;
    for (int i = 1; i < LEVELS.length; i++) {
      if (lateRunsAt[i] > lateRunsAt[settled]) {
        settled = i;
      }
    }
    int lowestMeeting = -1;
    for (int i = LEVELS.length - 1; i >= 0 && latency[i] <= TARGET_NANOS; i--) {
      lowestMeeting = i;
    }

    if (lowestMeeting < 0) {
      assertThat(settled).as("nothing meets the target: run flat out").isEqualTo(LEVELS.length - 1);
    } else {
      assertThat(latency[settled]).as("the settled level meets the target").isLessThanOrEqualTo(TARGET_NANOS);
      if (settled > lowestMeeting) {
        // only allowed when the level is not comfortably under the target, so stepping down is not trusted
        assertThat((double) latency[settled]).isGreaterThan(TARGET_NANOS * TargetLatencyController.DEFAULT_MARGIN);
      }
      assertThat(settled).isGreaterThanOrEqualTo(lowestMeeting);
    }
    // no oscillation: after the first descent, a failing level is probed with a doubling back-off
    double probes = Math.log((double) RUNS / (4 * stepDownAfter) + 1) / Math.log(2) + 2;
    assertThat((double) c.levelChanges()).isLessThanOrEqualTo(LEVELS.length - 1 + 2 * probes);
    assertThat(lateRunsAt[settled]).as("almost all late runs at the settled level").isGreaterThan(RUNS / 2 * 95 / 100);
  }
}
