package io.edgeenergy.examples.audio;

import io.edgeenergy.energy.BudgetView;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.policy.Prediction;

/**
 * When the cascade's small model screens, as a plain-Java gate: the gate after the screen is a
 * {@link GatePolicy#classTrigger class trigger} on its best keyword probability with a hang-over of
 * {@code armHops} screen runs; this wrapper remembers whether that trigger is still escalating
 * ("armed"), and the log-mel stage in front asks {@link #due} before computing features. So the screen
 * runs every {@code screenHop}-th hop while nothing is happening, and on every hop (with the keyword
 * model behind it) from the moment it fires until its hang-over runs out. A linear pipeline cannot skip
 * a middle tier, so the screen also runs on armed hops: the small model is a third of the keyword
 * model's cost and armed hops are rare.
 */
final class ScreenSchedule implements GatePolicy {
  private final GatePolicy trigger;
  private final int screenHop;
  private boolean armed;

  ScreenSchedule(double threshold, int armHops, int screenHop) {
    this.trigger = GatePolicy.classTrigger(1, threshold, threshold, armHops);
    this.screenHop = screenHop;
  }

  @Override
  public Decision decide(Prediction prediction, BudgetView budget) {
    Decision d = trigger.decide(prediction, budget);
    armed = d == Decision.ESCALATE;
    return d;
  }

  @Override
  public void reset() {
    trigger.reset();
    armed = false;
  }

  /** Whether the screen runs on the hop ending after {@code chunks} chunks of the stream. */
  boolean due(long chunks) {
    return armed || chunks % screenHop == 0;
  }

  @Override
  public String toString() {
    return "screen every " + screenHop + " hop(s), " + trigger;
  }
}
