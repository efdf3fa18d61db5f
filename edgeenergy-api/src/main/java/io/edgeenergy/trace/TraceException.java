package io.edgeenergy.trace;

import io.edgeenergy.EdgeEnergyException;

/**
 * A trace cannot be written or used: an unwritable path, a file cut short, or a trace recorded with
 * other models than the ones it is replayed against. The message names the file and the fix.
 */
public class TraceException extends EdgeEnergyException {
  /** An exception naming the trace file and what is wrong. */
  public TraceException(String message) {
    super(message);
  }

  /** An exception naming the trace file and what is wrong, with its cause. */
  public TraceException(String message, Throwable cause) {
    super(message, cause);
  }
}
