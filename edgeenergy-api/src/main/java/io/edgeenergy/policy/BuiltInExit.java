package io.edgeenergy.policy;

/** {@link BuiltInPolicy} for early exits: EXIT stops, CONTINUE runs the next segment. */
final class BuiltInExit extends BuiltInPolicy<EarlyExitPolicy, EarlyExitPolicy.Decision> implements EarlyExitPolicy {
  private static final Family<EarlyExitPolicy, Decision> EXITS =
      new Family<>("exit", Decision.EXIT, Decision.CONTINUE, Decision.ABSTAIN, EarlyExitPolicy::decide);

  BuiltInExit(Mode mode, ConfidenceRule rule, EarlyExitPolicy... policies) {
    super(EXITS, mode, rule, policies);
  }
}
