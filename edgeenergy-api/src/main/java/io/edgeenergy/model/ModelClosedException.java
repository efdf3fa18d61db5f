package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** A model or tensor was used after {@code close()} released its native memory. */
public class ModelClosedException extends EdgeEnergyException {
  /** An exception naming the closed model or tensor. */
  public ModelClosedException(String message) {
    super(message);
  }
}
