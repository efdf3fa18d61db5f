package io.edgeenergy.hints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HintScopeTest {
  @Test
  void ofReleasesOnTheFirstCloseOnly() {
    AtomicInteger releases = new AtomicInteger();
    HintScope scope = HintScope.of(HintLevel.BURST, List.of(HintOutcome.applied("x", "on")), releases::incrementAndGet);

    assertThat(scope.level()).isEqualTo(HintLevel.BURST);
    assertThat(scope.anyApplied()).isTrue();
    scope.close();
    scope.close();
    assertThat(releases).hasValue(1);
  }

  @Test
  void ofCopiesTheOutcomesItIsGiven() {
    List<HintOutcome> outcomes = new ArrayList<>(List.of(HintOutcome.skipped("x", "EPERM")));
    HintScope scope = HintScope.of(HintLevel.LOW, outcomes, () -> { });
    outcomes.clear();

    assertThat(scope.outcomes()).containsExactly(HintOutcome.skipped("x", "EPERM"));
    assertThat(scope.anyApplied()).isFalse();
  }

  @Test
  void racingClosesReleaseOnce() throws InterruptedException {
    for (int round = 0; round < 200; round++) {
      AtomicInteger releases = new AtomicInteger();
      HintScope scope = HintScope.of(HintLevel.LOW, List.of(), releases::incrementAndGet);
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          scope.close();
        });
        thread.start();
        threads.add(thread);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(releases).as("round %d", round).hasValue(1);
    }
  }

  @Test
  void noneHasOneScopePerLevelThatAppliesNothing() {
    PerformanceHints none = PerformanceHints.none();
    HintScope low = none.apply(HintLevel.LOW);
    low.close();

    assertThat(none.apply(HintLevel.LOW)).isSameAs(low);
    assertThat(low.anyApplied()).isFalse();
    assertThat(low.outcomes()).extracting(HintOutcome::detail).containsExactly("no hint mechanism configured");
  }
}
