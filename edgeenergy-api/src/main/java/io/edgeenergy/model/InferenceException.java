package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** The backend failed while running a model whose inputs were valid. */
public class InferenceException extends EdgeEnergyException {
  /** A failure the runtime reported by a status code, without an exception to chain. */
  public InferenceException(String message) {
    super(message);
  }

  /** An exception naming the model and what failed, with the backend's error. */
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
