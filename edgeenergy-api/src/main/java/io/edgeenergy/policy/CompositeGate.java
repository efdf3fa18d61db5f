package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/** and / or / first-decisive over several gates; the array is copied once, so no per-call allocation. */
final class CompositeGate implements GatePolicy {
  enum Mode { FIRST_DECISIVE, ALL, ANY }

  private final Mode mode;
  private final GatePolicy[] parts;

  CompositeGate(Mode mode, GatePolicy[] policies) {
    if (policies.length == 0) {
      throw new IllegalArgumentException(mode + " needs at least one policy");
    }
    this.mode = mode;
    this.parts = policies.clone();
    for (GatePolicy p : parts) {
      Objects.requireNonNull(p, "policy");
    }
  }

  @Override
  public Decision decide(Prediction prediction, BudgetView budget) {
    boolean anyEscalate = false;
    boolean anyAccept = false;
    for (GatePolicy p : parts) {
      Decision d = p.decide(prediction, budget);
      if (d == Decision.ABSTAIN) {
        continue;
      }
      if (mode == Mode.FIRST_DECISIVE) {
        return d;
      }
      anyEscalate |= d == Decision.ESCALATE;
      anyAccept |= d == Decision.ACCEPT;
    }
    if (!anyEscalate && !anyAccept) {
      return Decision.ABSTAIN;
    }
    if (mode == Mode.ALL) {
      return anyAccept ? Decision.ACCEPT : Decision.ESCALATE;
    }
    return anyEscalate ? Decision.ESCALATE : Decision.ACCEPT;
  }

  @Override
  public void reset() {
    for (GatePolicy p : parts) {
      p.reset();
    }
  }

  @Override
  public String toString() {
    String name = switch (mode) {
      case FIRST_DECISIVE -> "firstDecisive";
      case ALL -> "allOf";
      case ANY -> "anyOf";
    };
    return name + Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
  }
}
