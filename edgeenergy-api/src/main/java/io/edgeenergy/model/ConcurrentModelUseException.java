package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/**
 * A model was run by a second thread while another thread's {@code run} on it was still going.
 * Models are single-threaded (unless their backend declares {@link
 * InferenceBackend.Characteristic#THREAD_SAFE_RUN}); sharing one would let one thread read the
 * other's answer, so the second call is refused instead. Load one model per thread, or hand the
 * model over between threads with a lock.
 */
public class ConcurrentModelUseException extends EdgeEnergyException {
  /** @param message names the model and both threads */
  public ConcurrentModelUseException(String message) {
    super(message);
  }
}
