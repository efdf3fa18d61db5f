package io.edgeenergy.examples.exits;

import io.edgeenergy.EdgeEnergyException;

/**
 * Thrown when a data file of the multi-exit model ({@code features.bin.gz}, {@code held_out_exits.bin.gz})
 * is missing, truncated or not its format; the message names the file and how to regenerate it.
 */
public final class BadExitFileException extends EdgeEnergyException {
  private static final long serialVersionUID = 1L;

  BadExitFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
