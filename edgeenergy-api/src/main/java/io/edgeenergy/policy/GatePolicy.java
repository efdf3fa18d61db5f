package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;

/**
 * Decides, after a tier ran, whether the next (larger) tier must run.
 *
 * <p>Two cascade styles use it: <em>confidence</em> cascades accept the small tier's answer when it
 * is sure ({@link #maxProbability}, {@link #margin}, {@link #entropy}, {@link #confident}: the same
 * factories as {@link EarlyExitPolicy}'s); <em>wake</em> cascades run the
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

  /**
   * Decides after a tier ran.
   *
   * @param prediction the tier's answer (read it during the call, keep nothing)
   * @param budget the budget's pressure and state, or a view of no budget
   * @return ACCEPT, ESCALATE or ABSTAIN
   */
  Decision decide(Prediction prediction, BudgetView budget);

  /** Forgets per-stream state (hysteresis, hang-over); stateless policies ignore it. */
  default void reset() {}

  /**
   * Accept when the top-1 probability is at least {@code threshold}, else escalate.
   *
   * @param threshold in [0, 1]
   * @return the gate
   */
  static GatePolicy maxProbability(double threshold) {
    return new BuiltInGate(BuiltInPolicy.Mode.CONFIDENT, ConfidenceRule.fixed(Confidence.MAX_PROBABILITY, threshold));
  }

  /**
   * Accept when top-1 minus top-2 probability is at least {@code threshold}, else escalate.
   *
   * @param threshold in [0, 1]
   * @return the gate
   */
  static GatePolicy margin(double threshold) {
    return new BuiltInGate(BuiltInPolicy.Mode.CONFIDENT, ConfidenceRule.fixed(Confidence.MARGIN, threshold));
  }

  /**
   * Accept when the normalized entropy is at most {@code maxNormalizedEntropy}, else escalate.
   *
   * @param maxNormalizedEntropy in [0, 1]
   * @return the gate
   */
  static GatePolicy entropy(double maxNormalizedEntropy) {
    return new BuiltInGate(BuiltInPolicy.Mode.CONFIDENT, ConfidenceRule.entropyAtMost(maxNormalizedEntropy));
  }

  /**
   * Budget-aware confidence gate: accept when {@code measure} reaches a threshold that slides from
   * {@code calm} (pressure 0) to {@code pressed} (pressure 1). With {@code pressed < calm} the cascade
   * escalates less as the budget tightens.
   *
   * @param measure how confidence is read off the prediction
   * @param calm the threshold at no budget pressure, in [0, 1]
   * @param pressed the threshold at full budget pressure, in [0, 1]
   * @return the gate
   */
  static GatePolicy confident(Confidence measure, double calm, double pressed) {
    return new BuiltInGate(BuiltInPolicy.Mode.CONFIDENT, new ConfidenceRule(measure, calm, pressed));
  }

  /**
   * Wake-style gate with hysteresis and hang-over (VAD / wake word): triggers when the probability of
   * {@code eventClass} reaches {@code on}, stays triggered while it stays at or above {@code off}, and
   * for {@code hangoverFrames} more predictions after it drops. Escalates while triggered. Stateful:
   * use one instance per stream and {@link #reset()} between streams.
   *
   * @param eventClass the class that wakes the next tier
   * @param on probability that triggers
   * @param off probability below which the trigger starts its hang-over ({@code off <= on})
   * @param hangoverFrames predictions to stay triggered after it drops
   * @return a new, stateful gate
   */
  static GatePolicy classTrigger(int eventClass, double on, double off, int hangoverFrames) {
    return new ClassTriggerGate(eventClass, on, off, hangoverFrames);
  }

  /**
   * Always accept: the next tier never runs.
   *
   * @return the gate
   */
  static GatePolicy alwaysAccept() {
    return ConstantGate.ACCEPT;
  }

  /**
   * Always escalate: the next tier always runs (budget permitting).
   *
   * @return the gate
   */
  static GatePolicy alwaysEscalate() {
    return ConstantGate.ESCALATE;
  }

  /**
   * The first policy that does not abstain decides; all abstaining means ABSTAIN.
   *
   * @param policies consulted in order
   * @return the combined gate
   */
  static GatePolicy firstDecisive(GatePolicy... policies) {
    return new BuiltInGate(BuiltInPolicy.Mode.FIRST_DECISIVE, null, policies);
  }

  /**
   * Escalate only if every non-abstaining policy escalates ("and" of escalation); all abstaining
   * means ABSTAIN.
   *
   * @param policies all consulted
   * @return the combined gate
   */
  static GatePolicy allOf(GatePolicy... policies) {
    return new BuiltInGate(BuiltInPolicy.Mode.ALL, null, policies);
  }

  /**
   * Escalate if any policy escalates ("or" of escalation); all abstaining means ABSTAIN.
   *
   * @param policies all consulted
   * @return the combined gate
   */
  static GatePolicy anyOf(GatePolicy... policies) {
    return new BuiltInGate(BuiltInPolicy.Mode.ANY, null, policies);
  }

  /**
   * This policy, consulted first, then {@code next} if this one abstains.
   *
   * @param next the fallback
   * @return the combined gate
   */
  default GatePolicy orElse(GatePolicy next) {
    return firstDecisive(this, next);
  }

  /**
   * Swaps ACCEPT and ESCALATE ("not"); ABSTAIN stays ABSTAIN.
   *
   * @return the negated gate
   */
  default GatePolicy negate() {
    return new BuiltInGate(BuiltInPolicy.Mode.NOT, null, this);
  }
}
