package io.edgeenergy.examples.exits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.EarlyExitPolicy;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The calibration sweep on scripted exits whose answers are worked out by hand. */
class ExitSweepTest {
  /** Segment costs 1, 2, 4 J: reaching exit 0, 1, 2 costs 1, 3, 7 J. */
  private static final double[] JOULES = {1, 2, 4};

  /**
   * A: every exit right and sure (label 0). B: exit 0 wrong at 0.6, exit 1 right at 0.7. C: only the
   * last exit right. D: every exit wrong, exit 0 very sure (0.95).
   */
  private static final ExitRecords SCRIPTED = new ExitRecords(new float[][][] {
      {{0.9f, 0.05f, 0.05f}, {0.9f, 0.05f, 0.05f}, {0.9f, 0.05f, 0.05f}},
      {{0.6f, 0.3f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.1f, 0.85f, 0.05f}},
      {{0.5f, 0.4f, 0.1f}, {0.4f, 0.5f, 0.1f}, {0.1f, 0.1f, 0.8f}},
      {{0.95f, 0.03f, 0.02f}, {0.9f, 0.05f, 0.05f}, {0.6f, 0.3f, 0.1f}},
  }, new int[] {0, 1, 2, 2});

  @Test
  void maxProbabilityAtAThresholdStopsEachInputWhereWorkedOut() {
    OperatingPoint p = ExitSweep.evaluate(SCRIPTED, JOULES, EarlyExitPolicy.maxProbability(0.65),
        BudgetView.UNLIMITED, 0.65);
    // A exits 0 (right, 1 J), B exits 1 (right, 3 J), C runs to the end (right, 7 J), D exits 0 (wrong, 1 J)
    assertThat(p.exitHistogram()).containsExactly(2, 1, 1);
    assertThat(p.accuracy()).isEqualTo(0.75);
    assertThat(p.joulesPerInference()).isEqualTo(3.0);

    OperatingPoint strict = ExitSweep.evaluate(SCRIPTED, JOULES, EarlyExitPolicy.maxProbability(0.96),
        BudgetView.UNLIMITED, 0.96);
    assertThat(strict.exitHistogram()).containsExactly(0, 0, 4);
    assertThat(strict.joulesPerInference()).isEqualTo(7.0);
  }

  @Test
  void theRuleChoosesTheCheapestValidationPointWithinTheLoss() {
    List<OperatingPoint> curve = ExitSweep.curve(ExitPolicyFamily.maxProbability(), SCRIPTED, JOULES);
    OperatingPoint chosen = ExitSweep.choose(curve, 0.75);
    // below 0.6 B stops wrong at exit 0 (accuracy 0.5 or less); from just above 0.6 to 0.7 it is 0.75 at 3 J
    assertThat(chosen.threshold()).isGreaterThan(0.6).isLessThanOrEqualTo(0.7);
    assertThat(chosen.accuracy()).isEqualTo(0.75);
    assertThat(chosen.joulesPerInference()).isEqualTo(3.0);
    // unreachable target: the most accurate point, the cheapest among equals
    OperatingPoint fallback = ExitSweep.choose(curve, 1.0);
    assertThat(fallback.accuracy()).isEqualTo(0.75);
    assertThat(fallback.joulesPerInference()).isEqualTo(3.0);
  }

  @Test
  void thePerVoiceRuleKeepsEveryVoiceWithinTheLossWherePoolingWouldHideAHardOne() {
    // voice Y: E is wrong at exit 0 with 0.7 and right from exit 1 (0.8); F is A. Its last exit is 2/2 right.
    ExitRecords y = new ExitRecords(new float[][][] {
        {{0.7f, 0.2f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.1f, 0.8f, 0.1f}}, SCRIPTED.probabilities()[0]}, new int[] {1, 0});
    ExitPolicyFamily maxProb = ExitPolicyFamily.maxProbability();
    // pooled (6 inputs, last exit 5/6 right), allowed 0.2: thresholds in (0.6, 0.7] give 4/6 >= 0.633 at 2.33 J ...
    ExitSweep.Result pooled = ExitSweep.run(maxProb, ExitRecords.concat(List.of(SCRIPTED, y)), SCRIPTED, JOULES,
        5.0 / 6 - 0.2);
    assertThat(pooled.chosen().threshold()).isGreaterThan(0.6).isLessThanOrEqualTo(0.7);
    // ... but lose half of voice Y (E stops wrong at exit 0): per voice, Y must keep >= 0.8, so E must go on
    ExitSweep.Result perVoice = ExitSweep.runPerVoice(maxProb, List.of(SCRIPTED, y), SCRIPTED, JOULES, 0.2);
    assertThat(perVoice.chosen().threshold()).isGreaterThan(0.7).isLessThanOrEqualTo(0.8);
    assertThat(perVoice.chosenPerVoice()).containsExactly(0.75, 1.0);
    assertThat(perVoice.validation()).hasSize(pooled.validation().size());   // the pooled curve is reported
    assertThat(perVoice.chosenOnTest().threshold()).isEqualTo(perVoice.chosen().threshold());
    assertThatThrownBy(() -> ExitSweep.runPerVoice(maxProb, List.of(y), y, JOULES, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
  }

  @Test
  void theChosenValueIsReportedOnTheTestSplitNotRechosenThere() {
    // the test split has only input A: any threshold is right there, but the choice is validation's
    ExitRecords test = new ExitRecords(new float[][][] {SCRIPTED.probabilities()[0]}, new int[] {0});
    ExitSweep.Result r = ExitSweep.run(ExitPolicyFamily.maxProbability(), SCRIPTED, test, JOULES, 0.75);
    assertThat(r.chosenOnTest().threshold()).isEqualTo(r.chosen().threshold());
    assertThat(r.chosenOnTest().exitHistogram()).containsExactly(1, 0, 0);
    assertThat(r.test()).hasSameSizeAs(r.validation());
    // the validation curve as the SDK's ExitCurve: cheapest first, with exit shares
    assertThat(r.curve().size()).isEqualTo(r.validation().size());
    assertThat(r.curve().point(0).joulesPerInference()).isEqualTo(1.0);
    assertThat(r.curve().point(0).exitShares()).containsExactly(1.0, 0.0, 0.0);
  }

  @Test
  void oracleStopsAtTheFirstRightExitElseTheLast() {
    OperatingPoint o = ExitSweep.oracle(SCRIPTED, JOULES);
    assertThat(o.exitHistogram()).containsExactly(1, 1, 2);
    assertThat(o.accuracy()).isEqualTo(0.75);
    assertThat(o.joulesPerInference()).isEqualTo((1 + 3 + 7 + 7) / 4.0);
  }

  @Test
  void patienceCountsAgreeingExitsAsThePipelineDoes() {
    List<OperatingPoint> curve = ExitSweep.curve(ExitPolicyFamily.patience(2), SCRIPTED, JOULES);
    OperatingPoint plain = curve.get(0);   // floor 0: plain patience
    // A and D agree at exits 0 and 1 and stop at 1; B and C change their mind and run to the end
    assertThat(plain.exitHistogram()).containsExactly(0, 2, 2);
    assertThat(plain.accuracy()).isEqualTo(0.75);
    assertThat(plain.joulesPerInference()).isEqualTo(5.0);
    // a floor above D's 0.9 at exit 1 keeps D going to its (still wrong) last exit
    OperatingPoint floored = ExitSweep.evaluate(SCRIPTED, JOULES,
        ExitPolicyFamily.patience(2).policy().apply(0.95), BudgetView.UNLIMITED, 0.95);
    assertThat(floored.exitHistogram()).containsExactly(0, 0, 4);
  }

  @Test
  void confidentOrPatienceLetsASureInputLeaveFirstAndAnUnsureOneWaitForAgreement() {
    // at 0.92: D (0.95) leaves at exit 0; A (0.9) waits for exit 1, where exits 0 and 1 agree; B and C
    // change their mind and run to the end
    OperatingPoint p = ExitSweep.evaluate(SCRIPTED, JOULES,
        ExitPolicyFamily.confidentOrPatience(2).policy().apply(0.92), BudgetView.UNLIMITED, 0.92);
    assertThat(p.exitHistogram()).containsExactly(1, 1, 2);
    assertThat(p.joulesPerInference()).isEqualTo((1 + 3 + 7 + 7) / 4.0);
    // threshold 1: no probability reaches it, so it is plain patience
    OperatingPoint plain = ExitSweep.evaluate(SCRIPTED, JOULES,
        ExitPolicyFamily.confidentOrPatience(2).policy().apply(1.0), BudgetView.UNLIMITED, 1.0);
    assertThat(plain.exitHistogram()).containsExactly(0, 2, 2);
  }

  @Test
  void entropyAndMarginFamiliesUseTheirMeasures() {
    OperatingPoint anyEntropy = ExitSweep.evaluate(SCRIPTED, JOULES, EarlyExitPolicy.entropy(1.0),
        BudgetView.UNLIMITED, 1.0);
    assertThat(anyEntropy.exitHistogram()).containsExactly(4, 0, 0);
    // margins at exit 0: A 0.85, B 0.3, C 0.1, D 0.92; at exit 1: B 0.5, C 0.1
    OperatingPoint margin = ExitSweep.evaluate(SCRIPTED, JOULES, EarlyExitPolicy.margin(0.45),
        BudgetView.UNLIMITED, 0.45);
    assertThat(margin.exitHistogram()).containsExactly(2, 1, 1);
  }

  @Test
  void theBudgetAwareFormExitsEarlierAsPressureRises() {
    ExitPolicyFamily family = ExitPolicyFamily.budgetAware(Confidence.MAX_PROBABILITY, 1.0, 0.65);
    List<OperatingPoint> curve = ExitSweep.curve(family, SCRIPTED, JOULES);
    assertThat(curve.get(0).threshold()).isEqualTo(0.0);
    assertThat(curve.get(0).joulesPerInference()).isEqualTo(7.0);            // threshold 1: nobody exits early
    assertThat(curve.get(curve.size() - 1).joulesPerInference()).isEqualTo(3.0);   // threshold 0.65
    for (int i = 1; i < curve.size(); i++) {
      assertThat(curve.get(i).joulesPerInference()).isLessThanOrEqualTo(curve.get(i - 1).joulesPerInference());
    }
  }

  @Test
  void aHigherMaxProbabilityThresholdNeverCostsLessOnRandomExits() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      float[][][] probs = new float[30][4][5];
      int[] labels = new int[30];
      for (int i = 0; i < probs.length; i++) {
        labels[i] = random.nextInt(5);
        for (float[] p : probs[i]) {
          float sum = 0;
          for (int c = 0; c < p.length; c++) {
            p[c] = random.nextFloat();
            sum += p[c];
          }
          for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
          }
        }
      }
      List<OperatingPoint> curve = ExitSweep.curve(ExitPolicyFamily.maxProbability(), new ExitRecords(probs, labels),
          new double[] {0.5, 1, 2, 4});
      for (int i = 1; i < curve.size(); i++) {
        assertThat(curve.get(i).joulesPerInference()).isGreaterThanOrEqualTo(curve.get(i - 1).joulesPerInference());
      }
      assertThat(curve.get(0).joulesPerInference()).isCloseTo(0.5, within(1e-12));     // threshold 0: all exit 1
      assertThat(curve.get(curve.size() - 1).joulesPerInference()).isCloseTo(7.5, within(1e-12));
    }
  }

  @Test
  void badCostsAndRecordsAreRefusedWithTheirValues() {
    assertThatThrownBy(() -> ExitSweep.oracle(SCRIPTED, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 segments");
    assertThatThrownBy(() -> ExitSweep.oracle(SCRIPTED, new double[] {1, Double.NaN, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segment 2").hasMessageContaining("NaN");
    assertThatThrownBy(() -> new ExitRecords(new float[][][] {{{0.5f, 0.5f}}}, new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2");
    assertThatThrownBy(() -> ExitSweep.choose(List.of(), 0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
