package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one implementation behind both policy families' confidence factories ({@code maxProbability},
 * {@code margin}, {@code entropy}, {@code confident}) and combinators ({@code firstDecisive},
 * {@code allOf}, {@code anyOf}, {@code negate}). Gates and early exits differ only in the names of
 * their three answers, "stop here" (ACCEPT, EXIT), "run more" (ESCALATE, CONTINUE) and ABSTAIN, so
 * each rule is written once, on those roles ({@link Family}). Parts are copied once: a decision
 * allocates nothing.
 *
 * @param <P> the policy family
 * @param <D> its decision type
 */
abstract class BuiltInPolicy<P, D extends Enum<D>> {
  /** What a family calls its answers, and how to ask one of its policies. */
  record Family<P, D>(String stopVerb, D stop, D more, D abstain, Asker<P, D> asker) {}

  /** {@code policy.decide(prediction, budget)} of a family. */
  @FunctionalInterface
  interface Asker<P, D> {
    D ask(P policy, Prediction prediction, BudgetView budget);
  }

  /** How a built-in policy answers. */
  enum Mode {
    /** Its {@link ConfidenceRule}: "stop" when confident, else "run more". */
    CONFIDENT(""),
    /** The first part that does not abstain decides. */
    FIRST_DECISIVE("firstDecisive"),
    /** "Run more" only if every non-abstaining part says so. */
    ALL("allOf"),
    /** "Run more" if any part says so. */
    ANY("anyOf"),
    /** The single part's "stop" and "run more" swapped. */
    NOT("not");

    private final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  private final Family<P, D> family;
  private final Mode mode;
  private final ConfidenceRule rule;
  private final P[] parts;

  /**
   * A confidence policy ({@code rule}, no parts) or a combination of {@code policies}; {@code
   * family} is that of the subclass, which adds only its type.
   */
  BuiltInPolicy(Family<P, D> family, Mode mode, ConfidenceRule rule, P[] policies) {
    if (mode == Mode.CONFIDENT ? rule == null || policies.length > 0
        : policies.length == 0 || mode == Mode.NOT && policies.length != 1) {
      throw new IllegalArgumentException(mode == Mode.CONFIDENT ? "a confidence policy needs its rule and no parts"
          : mode.label + " needs " + (mode == Mode.NOT ? "exactly one" : "at least one") + " policy, got "
          + policies.length);
    }
    this.family = family;
    this.mode = mode;
    this.rule = rule;
    this.parts = policies.clone();
    for (P p : parts) {
      Objects.requireNonNull(p, "policy");
    }
  }

  /** The parts, for a family whose policies keep per-stream state to reset. */
  final P[] parts() {
    return parts;
  }

  /**
   * The decision; the families' {@code decide} (this method implements it for both).
   *
   * @param prediction what the tier or exit answered
   * @param budget the budget's view
   * @return "stop", "run more" or abstain, in the family's names
   */
  public final D decide(Prediction prediction, BudgetView budget) {
    switch (mode) {
      case CONFIDENT:
        return rule.confident(prediction, budget) ? family.stop() : family.more();
      case NOT:
        D d = family.asker().ask(parts[0], prediction, budget);
        return d == family.stop() ? family.more() : d == family.more() ? family.stop() : family.abstain();
      default:
        return combine(prediction, budget);
    }
  }

  private D combine(Prediction prediction, BudgetView budget) {
    boolean anyMore = false;
    boolean anyStop = false;
    for (P p : parts) {
      D d = family.asker().ask(p, prediction, budget);
      if (d == family.abstain()) {
        continue;
      }
      if (mode == Mode.FIRST_DECISIVE) {
        return d;
      }
      anyMore |= d == family.more();
      anyStop |= d == family.stop();
    }
    if (!anyMore && !anyStop) {
      return family.abstain();
    }
    if (mode == Mode.ALL) {
      return anyStop ? family.stop() : family.more();
    }
    return anyMore ? family.more() : family.stop();
  }

  @Override
  public final String toString() {
    if (mode == Mode.CONFIDENT) {
      return family.stopVerb() + " if " + rule;
    }
    return mode.label + Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
  }
}
