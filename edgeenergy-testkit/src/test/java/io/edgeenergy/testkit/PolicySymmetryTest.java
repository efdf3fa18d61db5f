package io.edgeenergy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.Energy;
import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.EarlyExitPolicy;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gates and early exits are one family under two sets of names: the same-named factory is the same
 * rule (ACCEPT where the exit says EXIT), and the same-named combinator combines the same way, with
 * ACCEPT/EXIT as "stop here" and ESCALATE/CONTINUE as "run more".
 */
class PolicySymmetryTest {
  private static final List<Prediction> PREDICTIONS = List.of(Prediction.of(0.95f, 0.05f), Prediction.of(0.9f, 0.1f),
      Prediction.of(0.55f, 0.45f), Prediction.of(0.5f, 0.5f), Prediction.of(0.7f, 0.2f, 0.1f),
      Prediction.of(0.34f, 0.33f, 0.33f), Prediction.of(1f));
  private static final double[] THRESHOLDS = {0, 0.1, 0.3, 0.5, 0.8, 0.9, 1};

  private static EarlyExitPolicy.Decision asExit(GatePolicy.Decision d) {
    return switch (d) {
      case ACCEPT -> EarlyExitPolicy.Decision.EXIT;
      case ESCALATE -> EarlyExitPolicy.Decision.CONTINUE;
      case ABSTAIN -> EarlyExitPolicy.Decision.ABSTAIN;
    };
  }

  private static void assertSameRule(String name, DoubleFunction<GatePolicy> gate, DoubleFunction<EarlyExitPolicy> exit,
      BudgetView budget) {
    for (double t : THRESHOLDS) {
      for (Prediction p : PREDICTIONS) {
        assertThat(exit.apply(t).decide(p, budget)).as("%s(%s) on %s", name, t, p)
            .isEqualTo(asExit(gate.apply(t).decide(p, budget)));
      }
    }
  }

  @Test
  void sameNamedFactoriesAreTheSameRule() {
    BudgetView none = BudgetView.UNLIMITED;
    assertSameRule("maxProbability", GatePolicy::maxProbability, EarlyExitPolicy::maxProbability, none);
    assertSameRule("margin", GatePolicy::margin, EarlyExitPolicy::margin, none);
    assertSameRule("entropy", GatePolicy::entropy, EarlyExitPolicy::entropy, none);
    EnergyBudget pressed = EnergyBudget.builder().ticker(FakeTicker.create()).battery(Energy.ofJoules(10)).build();
    pressed.charge(Energy.ofJoules(6));
    for (Confidence c : Confidence.values()) {
      assertSameRule("confident " + c, t -> GatePolicy.confident(c, 0.95, t), t -> EarlyExitPolicy.confident(c, 0.95, t),
          pressed);
    }
    // the margin rule itself, for exits (new there): top-1 minus top-2 against the threshold
    assertThat(EarlyExitPolicy.margin(0.5).decide(Prediction.of(0.8f, 0.2f), none)).isEqualTo(EarlyExitPolicy.Decision.EXIT);
    assertThat(EarlyExitPolicy.margin(0.5).decide(Prediction.of(0.7f, 0.3f), none))
        .isEqualTo(EarlyExitPolicy.Decision.CONTINUE);
  }

  @Test
  void sameNamedCombinatorsCombineTheSameWay() {
    for (GatePolicy.Decision a : GatePolicy.Decision.values()) {
      for (GatePolicy.Decision b : GatePolicy.Decision.values()) {
        GatePolicy ga = constantGate(a);
        GatePolicy gb = constantGate(b);
        EarlyExitPolicy ea = constantExit(asExit(a));
        EarlyExitPolicy eb = constantExit(asExit(b));
        String pair = a + ", " + b;
        assertCombines("firstDecisive(" + pair + ")", GatePolicy.firstDecisive(ga, gb), EarlyExitPolicy.firstDecisive(ea, eb));
        assertCombines("allOf(" + pair + ")", GatePolicy.allOf(ga, gb), EarlyExitPolicy.allOf(ea, eb));
        assertCombines("anyOf(" + pair + ")", GatePolicy.anyOf(ga, gb), EarlyExitPolicy.anyOf(ea, eb));
        assertCombines("orElse(" + pair + ")", ga.orElse(gb), ea.orElse(eb));
      }
      assertCombines("not " + a, constantGate(a).negate(), constantExit(asExit(a)).negate());
    }
    // spelled out for exits: allOf exits if any part exits, anyOf only if all (non-abstaining) exit
    EarlyExitPolicy exit = constantExit(EarlyExitPolicy.Decision.EXIT);
    EarlyExitPolicy more = EarlyExitPolicy.never();
    assertThat(EarlyExitPolicy.allOf(exit, more).decide(Prediction.of(1f), BudgetView.UNLIMITED))
        .isEqualTo(EarlyExitPolicy.Decision.EXIT);
    assertThat(EarlyExitPolicy.anyOf(exit, more).decide(Prediction.of(1f), BudgetView.UNLIMITED))
        .isEqualTo(EarlyExitPolicy.Decision.CONTINUE);
    assertThat(more.negate().decide(Prediction.of(1f), BudgetView.UNLIMITED)).isEqualTo(EarlyExitPolicy.Decision.EXIT);
  }

  private static void assertCombines(String what, GatePolicy gate, EarlyExitPolicy exit) {
    Prediction p = Prediction.of(0.6f, 0.4f);
    assertThat(exit.decide(p, BudgetView.UNLIMITED)).as(what).isEqualTo(asExit(gate.decide(p, BudgetView.UNLIMITED)));
  }

  @Test
  void combinatorsCheckTheirArgumentsAndNameThemselvesAlike() {
    List<Function<EarlyExitPolicy[], EarlyExitPolicy>> exits =
        List.of(EarlyExitPolicy::firstDecisive, EarlyExitPolicy::allOf, EarlyExitPolicy::anyOf);
    for (Function<EarlyExitPolicy[], EarlyExitPolicy> combine : exits) {
      assertThatThrownBy(() -> combine.apply(new EarlyExitPolicy[0])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least one");
      assertThatThrownBy(() -> combine.apply(new EarlyExitPolicy[] {EarlyExitPolicy.never(), null}))
          .isInstanceOf(NullPointerException.class);
    }
    assertThat(EarlyExitPolicy.anyOf(EarlyExitPolicy.never(), EarlyExitPolicy.patience(2)))
        .hasToString("anyOf(never exit early, exit after 2 agreeing exits)");
    assertThat(EarlyExitPolicy.never().negate()).hasToString("not(never exit early)");
    assertThat(GatePolicy.alwaysAccept().negate()).hasToString("not(always ACCEPT)");
    assertThat(EarlyExitPolicy.margin(0.4).toString()).contains("MARGIN").contains("0.4");
  }

  private static GatePolicy constantGate(GatePolicy.Decision d) {
    return (p, b) -> d;
  }

  private static EarlyExitPolicy constantExit(EarlyExitPolicy.Decision d) {
    return new EarlyExitPolicy() {
      @Override
      public Decision decide(Prediction p, BudgetView b) {
        return d;
      }

      @Override
      public String toString() {
        return "always " + d;
      }
    };
  }
}
