package io.edgeenergy.stream;

import io.edgeenergy.EdgeEnergyException;

/** Stream input that cannot be framed: a wrong sample rate, a frame of the wrong size. */
public class StreamFormatException extends EdgeEnergyException {
  /** @param message names what was expected, what came, and the fix */
  public StreamFormatException(String message) {
    super(message);
  }
}
