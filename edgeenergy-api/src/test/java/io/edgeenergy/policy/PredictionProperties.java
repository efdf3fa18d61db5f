package io.edgeenergy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;

/** The confidence figures every policy reads. */
class PredictionProperties {
  private static float[] normalized(List<Float> weights) {
    float sum = 0;
    for (float w : weights) {
      sum += w;
    }
    float[] p = new float[weights.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = sum == 0 ? 1f / p.length : weights.get(i) / sum;
    }
    return p;
  }

  @Property
  void figuresStayInTheirRanges(@ForAll @Size(min = 1, max = 50) List<@FloatRange(min = 0, max = 1) Float> weights) {
    float[] probs = normalized(weights);
    Prediction p = Prediction.of(probs);
    assertThat(p.classCount()).isEqualTo(probs.length);
    for (float q : probs) {
      assertThat(p.top1Probability()).isGreaterThanOrEqualTo(q);
    }
    assertThat(p.probability(p.top1())).isEqualTo(p.top1Probability());
    assertThat(p.margin()).isBetween(0f, 1f);
    assertThat(p.normalizedEntropy()).isBetween(0.0, 1.0);
    for (Confidence c : Confidence.values()) {
      assertThat(c.of(p)).isBetween(0.0, 1.0);
    }
  }

  @Property
  void aCertainPredictionHasNoEntropyAndFullMargin(@ForAll @Size(min = 2, max = 50) List<Float> ignored) {
    float[] probs = new float[ignored.size()];
    probs[probs.length - 1] = 1f;
    Prediction p = Prediction.of(probs);
    assertThat(p.top1()).isEqualTo(probs.length - 1);
    assertThat(p.normalizedEntropy()).isZero();
    assertThat(p.margin()).isEqualTo(1f);
  }

  @Example
  void uniformIsMaximallyUncertain() {
    Prediction p = Prediction.of(0.25f, 0.25f, 0.25f, 0.25f);
    assertThat(p.normalizedEntropy()).isCloseTo(1.0, within(1e-6));
    assertThat(p.margin()).isZero();
    assertThat(p.top1()).as("ties go to the first class").isZero();
    assertThat(p.isLastStage()).isTrue();
    assertThat(p.agreeingStages()).isEqualTo(1);
    assertThat(Prediction.of(0.7f).margin()).as("one class").isEqualTo(1f);
    assertThatThrownBy(Prediction::of).hasMessageContaining("at least one class");
  }

  @Example
  void aReplayedExitCarriesItsPlaceAndAgreement() {
    Prediction p = Prediction.of(1, 4, 2, 0.1f, 0.9f);
    assertThat(p.stage()).isEqualTo(1);
    assertThat(p.stageCount()).isEqualTo(4);
    assertThat(p.isLastStage()).isFalse();
    assertThat(p.agreeingStages()).isEqualTo(2);
    assertThat(p.top1()).isEqualTo(1);
    assertThat(EarlyExitPolicy.patience(2).decide(p, io.edgeenergy.energy.BudgetView.UNLIMITED))
        .isEqualTo(EarlyExitPolicy.Decision.EXIT);
    assertThatThrownBy(() -> Prediction.of(1, 4, 3, 0.5f, 0.5f)).hasMessageContaining("agreeingStages 3");
    assertThatThrownBy(() -> Prediction.of(4, 4, 1, 0.5f, 0.5f)).hasMessageContaining("stage 4");
  }
}
