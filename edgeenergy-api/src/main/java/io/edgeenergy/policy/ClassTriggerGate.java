package io.edgeenergy.policy;

import io.edgeenergy.energy.BudgetView;

/** Schmitt trigger with hang-over on one class's probability; see {@link GatePolicy#classTrigger}. */
final class ClassTriggerGate implements GatePolicy {
  private final int eventClass;
  private final double on;
  private final double off;
  private final int hangoverFrames;
  private boolean triggered;
  private int hangoverLeft;

  ClassTriggerGate(int eventClass, double on, double off, int hangoverFrames) {
    if (eventClass < 0) {
      throw new IllegalArgumentException("eventClass must be >= 0, was " + eventClass);
    }
    Confidence.checkThreshold("on threshold", on);
    Confidence.checkThreshold("off threshold", off);
    if (off > on) {
      throw new IllegalArgumentException("off threshold (" + off + ") must not exceed on threshold (" + on + ")");
    }
    if (hangoverFrames < 0) {
      throw new IllegalArgumentException("hangoverFrames must be >= 0, was " + hangoverFrames);
    }
    this.eventClass = eventClass;
    this.on = on;
    this.off = off;
    this.hangoverFrames = hangoverFrames;
  }

  @Override
  public Decision decide(Prediction prediction, BudgetView budget) {
    if (eventClass >= prediction.classCount()) {
      throw new IllegalArgumentException("classTrigger watches class " + eventClass + " but the tier outputs "
          + prediction.classCount() + " classes");
    }
    float p = prediction.probability(eventClass);
    if (p >= (float) on || (triggered && p >= (float) off)) {
      triggered = true;
      hangoverLeft = hangoverFrames;
    } else if (triggered) {
      if (hangoverLeft > 0) {
        hangoverLeft--;
      } else {
        triggered = false;
      }
    }
    return triggered ? Decision.ESCALATE : Decision.ACCEPT;
  }

  @Override
  public void reset() {
    triggered = false;
    hangoverLeft = 0;
  }

  @Override
  public String toString() {
    return "classTrigger(class " + eventClass + ", on >= " + on + ", off < " + off + ", hangover " + hangoverFrames + ")";
  }
}
