package io.edgeenergy.testkit;

import io.edgeenergy.energy.BudgetListener;
import io.edgeenergy.energy.BudgetState;
import io.edgeenergy.energy.BudgetStateChanged;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects every budget state change, in order, for assertions. Thread-safe.
 *
 * <pre>{@code
 * var events = new RecordingBudgetListener();
 * var budget = EnergyBudget.builder().battery(Energy.ofJoules(10)).ticker(ticker).listener(events).build();
 * budget.charge(Energy.ofJoules(9));
 * assertThat(events.states()).containsExactly(BudgetState.SOFT_LIMIT);
 * }</pre>
 */
public final class RecordingBudgetListener implements BudgetListener {
  private final List<BudgetStateChanged> events = new CopyOnWriteArrayList<>();

  @Override
  public void onStateChanged(BudgetStateChanged event) {
    events.add(event);
  }

  /** Every event so far, oldest first. */
  public List<BudgetStateChanged> events() {
    return List.copyOf(events);
  }

  /** The states entered, in order. */
  public List<BudgetState> states() {
    return events.stream().map(BudgetStateChanged::to).toList();
  }

  /** The latest event, if any. */
  public Optional<BudgetStateChanged> last() {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }

  public void clear() {
    events.clear();
  }

  @Override
  public String toString() {
    return "RecordingBudgetListener" + states();
  }
}
