package io.edgeenergy;

/**
 * A single-threaded object (a pipeline, a ledger's writer) was used by a second thread while a call
 * from another thread was still in progress. Refusing the second call is the cheap, honest
 * alternative to a lock on the hot path: sharing one would mix the two threads' tensors, answers and
 * charges silently. Build one pipeline per thread (they may share an {@code EnergyBudget}), or hand
 * one over between threads with a lock.
 */
public class ConcurrentUseException extends EdgeEnergyException {
  /** @param message names the object and both threads */
  public ConcurrentUseException(String message) {
    super(message);
  }

  /** @param message names the object and both threads; {@code cause} is the refusal underneath */
  public ConcurrentUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
