package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Decides, after a stage of a segmented (multi-exit) model ran, whether to stop at its exit and skip
 * the later segments. The pipeline never asks after the last stage: it always stops there.
 * {@link Decision#ABSTAIN} defers to the next policy of a {@link #firstDecisive} chain; a final
 * ABSTAIN means CONTINUE. Policies must be fast and allocation-free.
 */
@FunctionalInterface
public interface EarlyExitPolicy {
  /** An exit policy's reply. */
  enum Decision {
    /** Stop here: this exit's answer stands. */
    EXIT,
    /** Run the next segment. */
    CONTINUE,
    /** No opinion; let the next policy decide. */
    ABSTAIN
  }

  Decision decide(Prediction prediction, BudgetView budget);

  /** Exit when the top-1 probability reaches {@code threshold}. */
  static EarlyExitPolicy confidence(double threshold) {
    return confident(Confidence.MAX_PROBABILITY, threshold, threshold);
  }

  /** Exit when the normalized entropy is at most {@code maxNormalizedEntropy} (BranchyNet). */
  static EarlyExitPolicy entropy(double maxNormalizedEntropy) {
    double t = 1.0 - Confidence.checkThreshold("maxNormalizedEntropy", maxNormalizedEntropy);
    return confident(Confidence.INVERSE_ENTROPY, t, t);
  }

  /**
   * Budget-aware exit: exit when {@code measure} reaches a threshold that slides from {@code calm}
   * (pressure 0) to {@code pressed} (pressure 1); {@code pressed < calm} exits earlier as the budget
   * tightens.
   */
  static EarlyExitPolicy confident(Confidence measure, double calm, double pressed) {
    ConfidenceRule rule = new ConfidenceRule(measure, calm, pressed);
    return new EarlyExitPolicy() {
      @Override
      public Decision decide(Prediction prediction, BudgetView budget) {
        return rule.confident(prediction, budget) ? Decision.EXIT : Decision.CONTINUE;
      }

      @Override
      public String toString() {
        return "exit if " + rule;
      }
    };
  }

  /**
   * Exit once {@code k} consecutive exits agree on the top-1 class (PABEE, "patience"); abstains
   * before that, so it chains with a confidence policy.
   */
  static EarlyExitPolicy patience(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("patience must be >= 1, was " + k);
    }
    return new EarlyExitPolicy() {
      @Override
      public Decision decide(Prediction prediction, BudgetView budget) {
        return prediction.agreeingStages() >= k ? Decision.EXIT : Decision.ABSTAIN;
      }

      @Override
      public String toString() {
        return "exit after " + k + " agreeing exits";
      }
    };
  }

  /** Never exit early: run every segment. */
  static EarlyExitPolicy never() {
    return new EarlyExitPolicy() {
      @Override
      public Decision decide(Prediction prediction, BudgetView budget) {
        return Decision.CONTINUE;
      }

      @Override
      public String toString() {
        return "never exit early";
      }
    };
  }

  /** The first policy that does not abstain decides. */
  static EarlyExitPolicy firstDecisive(EarlyExitPolicy... policies) {
    EarlyExitPolicy[] parts = policies.clone();
    if (parts.length == 0) {
      throw new IllegalArgumentException("firstDecisive needs at least one policy");
    }
    for (EarlyExitPolicy p : parts) {
      Objects.requireNonNull(p, "policy");
    }
    return new EarlyExitPolicy() {
      @Override
      public Decision decide(Prediction prediction, BudgetView budget) {
        for (EarlyExitPolicy p : parts) {
          Decision d = p.decide(prediction, budget);
          if (d != Decision.ABSTAIN) {
            return d;
          }
        }
        return Decision.ABSTAIN;
      }

      @Override
      public String toString() {
        return "firstDecisive" + Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
      }
    };
  }

  /** This policy first, then {@code next} if this one abstains. */
  default EarlyExitPolicy orElse(EarlyExitPolicy next) {
    return firstDecisive(this, next);
  }
}
