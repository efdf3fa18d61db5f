package io.edgeenergy.hints;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** The scope behind {@link HintScope#of}: releases once, whichever thread closes it first. */
final class OnceScope implements HintScope {
  private final HintLevel level;
  private final List<HintOutcome> outcomes;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  OnceScope(HintLevel level, List<HintOutcome> outcomes, Runnable release) {
    this.level = Objects.requireNonNull(level, "level");
    this.outcomes = outcomes;
    this.release = Objects.requireNonNull(release, "release");
  }

  @Override
  public HintLevel level() {
    return level;
  }

  @Override
  public List<HintOutcome> outcomes() {
    return outcomes;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }

  @Override
  public String toString() {
    return level + " " + outcomes;
  }
}
