package io.edgeenergy.runtime.profile;

import io.edgeenergy.EdgeEnergyException;

/**
 * A {@link PowerProfile} could not be loaded: its file is missing or unreadable, or no built-in
 * profile has the requested name. The message names the file, resource or profile at fault.
 * Bad content in a readable file is the subclass {@link ProfileFormatException}.
 */
public class PowerProfileException extends EdgeEnergyException {
  public PowerProfileException(String message) {
    super(message);
  }

  public PowerProfileException(String message, Throwable cause) {
    super(message, cause);
  }
}
