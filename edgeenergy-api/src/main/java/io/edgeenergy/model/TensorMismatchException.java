package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** A tensor's name, shape or element type does not match what the model expects. */
public class TensorMismatchException extends EdgeEnergyException {
  /** An exception naming the model, the tensor and what it expected. */
  public TensorMismatchException(String message) {
    super(message);
  }
}
