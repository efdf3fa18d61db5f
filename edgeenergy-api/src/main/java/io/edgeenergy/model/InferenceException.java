package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** The backend failed while running a model whose inputs were valid. */
public class InferenceException extends EdgeEnergyException {
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
