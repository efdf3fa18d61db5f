package io.edgeenergy.policy;

/** {@link BuiltInPolicy} for gates: ACCEPT stops, ESCALATE runs the next tier. */
final class BuiltInGate extends BuiltInPolicy<GatePolicy, GatePolicy.Decision> implements GatePolicy {
  private static final Family<GatePolicy, Decision> GATES =
      new Family<>("accept", Decision.ACCEPT, Decision.ESCALATE, Decision.ABSTAIN, GatePolicy::decide);

  BuiltInGate(Mode mode, ConfidenceRule rule, GatePolicy... policies) {
    super(GATES, mode, rule, policies);
  }

  /** Gates keep per-stream state (hysteresis, hang-over): a composite resets every part. */
  @Override
  public void reset() {
    for (GatePolicy p : parts()) {
      p.reset();
    }
  }
}
