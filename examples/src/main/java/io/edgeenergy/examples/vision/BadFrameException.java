package io.edgeenergy.examples.vision;

import io.edgeenergy.EdgeEnergyException;

/** A frame that cannot be used: wrong size, NaN or infinite pixels, an unreadable image file. */
public class BadFrameException extends EdgeEnergyException {
  /** With a message naming the frame and what was expected. */
  public BadFrameException(String message) {
    super(message);
  }

  /** With a message and the underlying failure. */
  public BadFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
