package io.edgeenergy.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import android.content.Context;
import android.content.ContextWrapper;
import android.os.Process;
import io.edgeenergy.hints.HintLevel;
import io.edgeenergy.hints.HintOutcome;
import io.edgeenergy.hints.HintScope;
import java.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 35, manifest = Config.NONE, shadows = ShadowAdpf.class)
public class AdpfPerformanceHintsTest {
  private final Context context = RuntimeEnvironment.getApplication();
  private final AndroidTestSupport.ManualTicker ticker = new AndroidTestSupport.ManualTicker();
  private AdpfPerformanceHints hints;

  @Before
  public void setUp() {
    ShadowAdpf.clearState();
    hints = AdpfPerformanceHints.builder(context).targetWorkDuration(Duration.ofMillis(8)).ticker(ticker).build();
  }

  @After
  public void tearDown() {
    hints.close();
  }

  @Test
  public void aScopeCreatesASessionForThisThreadAndReportsItsWorkWhichCloseEnds() {
    int tid = Process.myTid();
    try (HintScope burst = hints.apply(HintLevel.BURST)) {
      assertThat(burst.anyApplied()).isTrue();
      assertThat(burst.outcomes()).extracting(HintOutcome::mechanism)
          .containsExactly("adpf", "adpf:power-efficiency", "adpf:workload");
      assertThat(burst.outcomes().get(1).detail()).isEqualTo("preferPowerEfficiency=false");
      assertThat(burst.outcomes().get(2).applied()).isFalse();
      assertThat(burst.outcomes().get(2).detail()).contains("needs API 36");
      ticker.advanceMillis(3);
    }
    assertThat(ShadowAdpf.EVENTS).containsExactly(
        "create 7 [" + tid + "] 4000000", "efficiency 7 false", "report 7 3000000");
    hints.close();
    assertThat(ShadowAdpf.EVENTS).endsWith("close 7");
  }

  @Test
  public void aThreadKeepsOneSessionWhoseTargetFollowsTheLevelAndCloseEndsEveryThreadsSession() throws Exception {
    for (HintLevel level : new HintLevel[] {HintLevel.BALANCED, HintLevel.BALANCED, HintLevel.BURST}) {
      try (HintScope scope = hints.apply(level)) {
        ticker.advanceMillis(2);
      }
    }
    Thread other = new Thread(() -> hints.apply(HintLevel.LOW).close());
    other.start();
    other.join();

    assertThat(ShadowAdpf.EVENTS).filteredOn(e -> e.startsWith("create")).hasSize(2);
    assertThat(ShadowAdpf.EVENTS).filteredOn(e -> e.startsWith("create 7")).singleElement().asString()
        .endsWith(" 8000000");
    assertThat(ShadowAdpf.EVENTS).containsSubsequence("efficiency 7 false", "report 7 2000000", "report 7 2000000",
        "target 7 4000000", "report 7 2000000", "efficiency 8 true");
    assertThat(ShadowAdpf.EVENTS).filteredOn(e -> e.startsWith("create 8")).singleElement().asString()
        .endsWith(" 32000000");
    assertThat(ShadowAdpf.EVENTS).as("an unchanged target or preference is not sent again")
        .containsOnlyOnce("efficiency 7 false").noneMatch(e -> e.startsWith("target 7 8000000"));
    assertThat(ShadowAdpf.EVENTS).noneMatch(e -> e.startsWith("close"));

    HintScope open = hints.apply(HintLevel.BALANCED);
    hints.close();
    open.close();
    hints.close();
    assertThat(ShadowAdpf.EVENTS).containsOnlyOnce("close 7", "close 8");
    assertThat(ShadowAdpf.EVENTS.get(ShadowAdpf.EVENTS.size() - 1)).as("nothing reported to a closed session")
        .startsWith("close");
    try (HintScope after = hints.apply(HintLevel.BURST)) {
      assertThat(after.anyApplied()).isFalse();
      assertThat(after.outcomes()).singleElement().extracting(HintOutcome::detail).asString().contains("closed");
    }
    assertThat(ShadowAdpf.EVENTS).filteredOn(e -> e.startsWith("create")).hasSize(2);
  }

  @Test
  public void lowLevelsStretchTheTargetAndPreferPowerEfficiency() {
    try (HintScope low = hints.apply(HintLevel.LOW)) {
      assertThat(low.outcomes().get(0).detail()).contains("target 32000 µs");
    }
    try (HintScope efficient = hints.apply(HintLevel.EFFICIENT)) {
      assertThat(efficient.outcomes().get(0).detail()).contains("reused, target 16000 µs");
      assertThat(efficient.outcomes().get(1).applied()).isTrue();
    }
    assertThat(ShadowAdpf.EVENTS).containsSubsequence("efficiency 7 true", "target 7 16000000");
    assertThat(ShadowAdpf.EVENTS.get(0)).endsWith(" 32000000");
    assertThat(hints.targetFor(HintLevel.BALANCED)).isEqualTo(8_000_000);
  }

  @Test
  public void theSessionIsReportedAndClosedEvenWhenTheWorkThrows() {
    assertThatThrownBy(() -> {
      try (HintScope scope = hints.apply(HintLevel.BALANCED)) {
        ticker.advanceMillis(5);
        throw new IllegalStateException("model failed");
      }
    }).hasMessage("model failed");
    assertThat(ShadowAdpf.EVENTS).endsWith("report 7 5000000");
  }

  @Test
  public void aFailingReportNeverThrowsAndCloseStillEndsTheSession() {
    ShadowAdpf.failReport = new IllegalStateException("hint HAL died");
    HintScope scope = hints.apply(HintLevel.BALANCED);
    scope.close();
    scope.close();
    hints.close();
    assertThat(ShadowAdpf.EVENTS).containsOnlyOnce("close 7");
    assertThat(ShadowAdpf.EVENTS).noneMatch(e -> e.startsWith("report"));
  }

  @Test
  public void aDeviceThatRefusesSessionsGetsNoOpScopesThatSayWhy() {
    ShadowAdpf.refuseSessions = true;
    try (HintScope scope = hints.apply(HintLevel.BURST)) {
      assertThat(scope.anyApplied()).isFalse();
      assertThat(scope.outcomes()).singleElement().extracting(HintOutcome::detail).asString()
          .contains("hint sessions unsupported");
    }
    ShadowAdpf.refuseSessions = false;
    try (HintScope again = hints.apply(HintLevel.BURST)) {
      assertThat(again.anyApplied()).as("the device's refusal holds for this thread").isFalse();
    }
    assertThat(ShadowAdpf.EVENTS).isEmpty();
  }

  @Test
  public void noServiceMeansUnavailableWithAReason() {
    Context noService = new ContextWrapper(context) {
      @Override
      public Object getSystemService(String name) {
        return null;
      }
    };
    AdpfPerformanceHints none = AdpfPerformanceHints.builder(noService).build();
    assertThat(none.mechanisms().get("adpf").reason()).contains("no PerformanceHintManager");
    try (HintScope scope = none.apply(HintLevel.LOW)) {
      assertThat(scope.anyApplied()).isFalse();
    }
  }

  @Test
  public void belowApi31EveryMechanismSaysWhichLevelItNeeds() {
    AndroidTestSupport.atApiLevel(30, () -> {
      AdpfPerformanceHints old = AdpfPerformanceHints.builder(context).build();
      assertThat(old.mechanisms().get("adpf").reason()).contains("needs API 31", "API 30");
      assertThat(old.mechanisms().get("adpf:power-efficiency").available()).isFalse();
      try (HintScope scope = old.apply(HintLevel.BURST)) {
        assertThat(scope.outcomes()).singleElement().extracting(HintOutcome::applied).isEqualTo(false);
      }
    });
    assertThat(ShadowAdpf.EVENTS).isEmpty();
  }

  @Test
  public void atApi34TheSessionWorksButPowerEfficiencyIsSkipped() {
    AndroidTestSupport.atApiLevel(34, () -> {
      try (HintScope scope = hints.apply(HintLevel.LOW)) {
        assertThat(scope.outcomes().get(0).applied()).isTrue();
        assertThat(scope.outcomes().get(1).detail()).contains("needs API 35", "API 34");
      }
    });
    assertThat(ShadowAdpf.EVENTS).noneMatch(e -> e.startsWith("efficiency"));
  }
}
