package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;
import java.util.function.DoubleFunction;

/**
 * Decides, after a stage of a segmented (multi-exit) model ran, whether to stop at its exit and skip
 * the later segments. The pipeline never asks after the last stage: it always stops there.
 * {@link Decision#ABSTAIN} defers to the next policy of a {@link #firstDecisive} chain; a final
 * ABSTAIN means CONTINUE. Policies must be fast and allocation-free. The factories and combinators
 * have the same names and rules as {@link GatePolicy}'s, with EXIT in the role of ACCEPT ("stop
 * here") and CONTINUE in that of ESCALATE ("run more").
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

  /**
   * Decides after a stage (exit) that is not the last ran.
   *
   * @param prediction the exit's answer (read it during the call, keep nothing)
   * @param budget the budget's pressure and state, or a view of no budget
   * @return EXIT, CONTINUE or ABSTAIN
   */
  Decision decide(Prediction prediction, BudgetView budget);

  /**
   * Exit when the top-1 probability is at least {@code threshold}, else continue.
   *
   * @param threshold in [0, 1]
   * @return the policy
   */
  static EarlyExitPolicy maxProbability(double threshold) {
    return new BuiltInExit(BuiltInPolicy.Mode.CONFIDENT, ConfidenceRule.fixed(Confidence.MAX_PROBABILITY, threshold));
  }

  /**
   * Exit when top-1 minus top-2 probability is at least {@code threshold}, else continue.
   *
   * @param threshold in [0, 1]
   * @return the policy
   */
  static EarlyExitPolicy margin(double threshold) {
    return new BuiltInExit(BuiltInPolicy.Mode.CONFIDENT, ConfidenceRule.fixed(Confidence.MARGIN, threshold));
  }

  /**
   * Exit when the normalized entropy is at most {@code maxNormalizedEntropy} (BranchyNet), else
   * continue.
   *
   * @param maxNormalizedEntropy in [0, 1]
   * @return the policy
   */
  static EarlyExitPolicy entropy(double maxNormalizedEntropy) {
    return new BuiltInExit(BuiltInPolicy.Mode.CONFIDENT, ConfidenceRule.entropyAtMost(maxNormalizedEntropy));
  }

  /**
   * Budget-aware exit: exit when {@code measure} reaches a threshold that slides from {@code calm}
   * (pressure 0) to {@code pressed} (pressure 1); {@code pressed < calm} exits earlier as the budget
   * tightens.
   *
   * @param measure how confidence is read off the prediction
   * @param calm the threshold at no budget pressure, in [0, 1]
   * @param pressed the threshold at full budget pressure, in [0, 1]
   * @return the policy
   */
  static EarlyExitPolicy confident(Confidence measure, double calm, double pressed) {
    return new BuiltInExit(BuiltInPolicy.Mode.CONFIDENT, new ConfidenceRule(measure, calm, pressed));
  }

  /**
   * Budget-following exit: runs the policy {@code policyAt} gives for one threshold of the calibrated
   * {@code curve} and moves along it as the budget's pressure rises or falls, so a target lifetime is
   * met at the best accuracy the energy left allows. Defaults: re-plan every {@value
   * BudgetFollowingExit#DEFAULT_REPLAN_EVERY} inferences, change point at most once per {@value
   * BudgetFollowingExit#DEFAULT_MIN_DWELL}, start at the most accurate point; {@link
   * BudgetFollowingExit#builder} for other options. One instance per pipeline (it keeps state).
   *
   * <pre>{@code
   * EarlyExitPolicy exit = EarlyExitPolicy.following(curve, EarlyExitPolicy::maxProbability);
   * }</pre>
   *
   * @param curve the calibrated curve of one policy family
   * @param policyAt the family's policy at a threshold of the curve
   * @return the policy
   */
  static BudgetFollowingExit following(ExitCurve curve, DoubleFunction<EarlyExitPolicy> policyAt) {
    return BudgetFollowingExit.builder(curve, policyAt).build();
  }

  /**
   * Exit once {@code k} consecutive exits agree on the top-1 class (PABEE, "patience"); abstains
   * before that, so it chains with a confidence policy.
   *
   * @param k agreeing exits needed, at least 1
   * @return the policy
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

  /**
   * Never exit early: run every segment.
   *
   * @return the policy
   */
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

  /**
   * The first policy that does not abstain decides; all abstaining means ABSTAIN.
   *
   * @param policies consulted in order
   * @return the combined policy
   */
  static EarlyExitPolicy firstDecisive(EarlyExitPolicy... policies) {
    return new BuiltInExit(BuiltInPolicy.Mode.FIRST_DECISIVE, null, policies);
  }

  /**
   * Continue only if every non-abstaining policy continues: any EXIT exits (as {@link
   * GatePolicy#allOf}: "run more" only if all agree). All abstaining means ABSTAIN.
   *
   * @param policies all consulted
   * @return the combined policy
   */
  static EarlyExitPolicy allOf(EarlyExitPolicy... policies) {
    return new BuiltInExit(BuiltInPolicy.Mode.ALL, null, policies);
  }

  /**
   * Continue if any policy continues: exit only when every non-abstaining policy exits (as {@link
   * GatePolicy#anyOf}: "run more" if any asks). All abstaining means ABSTAIN.
   *
   * @param policies all consulted
   * @return the combined policy
   */
  static EarlyExitPolicy anyOf(EarlyExitPolicy... policies) {
    return new BuiltInExit(BuiltInPolicy.Mode.ANY, null, policies);
  }

  /**
   * This policy first, then {@code next} if this one abstains.
   *
   * @param next the fallback
   * @return the combined policy
   */
  default EarlyExitPolicy orElse(EarlyExitPolicy next) {
    return firstDecisive(this, next);
  }

  /**
   * Swaps EXIT and CONTINUE ("not"); ABSTAIN stays ABSTAIN.
   *
   * @return the negated policy
   */
  default EarlyExitPolicy negate() {
    return new BuiltInExit(BuiltInPolicy.Mode.NOT, null, this);
  }
}
