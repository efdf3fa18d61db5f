package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** A model file or byte array could not be read or is not a valid model for the backend. */
public class ModelLoadException extends EdgeEnergyException {
  /** An exception naming the file (or bytes' label) and what is wrong with it. */
  public ModelLoadException(String message) {
    super(message);
  }

  /** An exception naming the file (or bytes' label) and what is wrong with it, with the backend's error. */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
