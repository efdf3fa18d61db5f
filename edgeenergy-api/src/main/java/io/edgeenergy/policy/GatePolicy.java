package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;

/**
 * Decides, after a tier ran, whether the next (larger) tier must run.
 *
 * <p>Two cascade styles use it: <em>confidence</em> cascades accept the small tier's answer when it
 * is sure ({@link #maxProbability}, {@link #margin}, {@link #entropy}); <em>wake</em> cascades run the
 * big tier only while the small one detects an event ({@link #classTrigger}). {@link Decision#ABSTAIN}
 * lets the next policy of a {@link #firstDecisive} chain decide; a pipeline treats a final ABSTAIN as
 * ACCEPT. Policies must be fast and allocation-free; the pipeline, not the policy, checks that the
 * budget can afford the escalation.
 */
@FunctionalInterface
public interface GatePolicy {
  /** A gate's reply. */
  enum Decision {
    /** Stop here: this tier's answer stands. */
    ACCEPT,
    /** Run the next tier. */
    ESCALATE,
    /** No opinion; let the next policy decide. */
    ABSTAIN
  }

  Decision decide(Prediction prediction, BudgetView budget);

  /** Forgets per-stream state (hysteresis, hang-over); stateless policies ignore it. */
  default void reset() {}

  /** Accept when the top-1 probability is at least {@code threshold}, else escalate. */
  static GatePolicy maxProbability(double threshold) {
    return confident(Confidence.MAX_PROBABILITY, threshold, threshold);
  }

  /** Accept when top-1 minus top-2 probability is at least {@code threshold}, else escalate. */
  static GatePolicy margin(double threshold) {
    return confident(Confidence.MARGIN, threshold, threshold);
  }

  /** Accept when the normalized entropy is at most {@code maxNormalizedEntropy}, else escalate. */
  static GatePolicy entropy(double maxNormalizedEntropy) {
    double t = 1.0 - Confidence.checkThreshold("maxNormalizedEntropy", maxNormalizedEntropy);
    return confident(Confidence.INVERSE_ENTROPY, t, t);
  }

  /**
   * Budget-aware confidence gate: accept when {@code measure} reaches a threshold that slides from
   * {@code calm} (pressure 0) to {@code pressed} (pressure 1). With {@code pressed < calm} the cascade
   * escalates less as the budget tightens.
   */
  static GatePolicy confident(Confidence measure, double calm, double pressed) {
    return new ConfidenceGate(new ConfidenceRule(measure, calm, pressed));
  }

  /**
   * Wake-style gate with hysteresis and hang-over (VAD / wake word): triggers when the probability of
   * {@code eventClass} reaches {@code on}, stays triggered while it stays at or above {@code off}, and
   * for {@code hangoverFrames} more predictions after it drops. Escalates while triggered. Stateful:
   * use one instance per stream and {@link #reset()} between streams.
   */
  static GatePolicy classTrigger(int eventClass, double on, double off, int hangoverFrames) {
    return new ClassTriggerGate(eventClass, on, off, hangoverFrames);
  }

  static GatePolicy alwaysAccept() {
    return ConstantGate.ACCEPT;
  }

  static GatePolicy alwaysEscalate() {
    return ConstantGate.ESCALATE;
  }

  /** The first policy that does not abstain decides; all abstaining means ABSTAIN. */
  static GatePolicy firstDecisive(GatePolicy... policies) {
    return new CompositeGate(CompositeGate.Mode.FIRST_DECISIVE, policies);
  }

  /** Escalate only if every non-abstaining policy escalates ("and" of escalation). */
  static GatePolicy allOf(GatePolicy... policies) {
    return new CompositeGate(CompositeGate.Mode.ALL, policies);
  }

  /** Escalate if any policy escalates ("or" of escalation). */
  static GatePolicy anyOf(GatePolicy... policies) {
    return new CompositeGate(CompositeGate.Mode.ANY, policies);
  }

  /** This policy, consulted first, then {@code next} if this one abstains. */
  default GatePolicy orElse(GatePolicy next) {
    return firstDecisive(this, next);
  }

  /** Swaps ACCEPT and ESCALATE ("not"); ABSTAIN stays ABSTAIN. */
  default GatePolicy negate() {
    GatePolicy self = this;
    return new GatePolicy() {
      @Override
      public Decision decide(Prediction prediction, BudgetView budget) {
        return switch (self.decide(prediction, budget)) {
          case ACCEPT -> Decision.ESCALATE;
          case ESCALATE -> Decision.ACCEPT;
          case ABSTAIN -> Decision.ABSTAIN;
        };
      }

      @Override
      public void reset() {
        self.reset();
      }

      @Override
      public String toString() {
        return "not(" + self + ")";
      }
    };
  }
}
