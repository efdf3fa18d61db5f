package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** A model file or byte array could not be read or is not a valid model for the backend. */
public class ModelLoadException extends EdgeEnergyException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
