package io.edgeenergy.testkit;

import io.edgeenergy.energy.BudgetListener;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetStateChanged;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects every budget state change, for assertions. */
public final class RecordingBudgetListener implements BudgetListener {
  private final List<BudgetStateChanged> events = new CopyOnWriteArrayList<>();

  @Override
  public void onStateChanged(BudgetStateChanged event) {
    events.add(event);
  }

  public List<BudgetStateChanged> events() {
    return List.copyOf(events);
  }

  /** The states entered, in order. */
  public List<BudgetState> states() {
    return events.stream().map(BudgetStateChanged::to).toList();
  }
}
