package io.edgeenergy.pipeline;

/** Why an inference stopped where it did. */
public enum StopReason {
  /** A gate accepted this tier's answer (confident, or no event to wake the next tier for). */
  ACCEPTED,
  /** An early-exit policy stopped a segmented model before its last segment. */
  EARLY_EXIT,
  /** The last stage of the last tier ran. */
  FINAL_TIER,
  /** A gate asked to escalate but the budget could not afford the next tier's expected cost. */
  BUDGET_DENIED,
  /**
   * A stage produced a NaN or infinite score (usually a NaN in the input): the inference stops there,
   * no later tier runs (it would spend energy on garbage), and the result has
   * {@linkplain InferenceResult#hasAnswer() no answer}: {@link InferenceResult#top1()} throws.
   */
  NON_FINITE_SCORES
}
