package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** No backend can serve the request here (missing native library, unknown format or name). */
public class BackendUnavailableException extends EdgeEnergyException {
  /** An exception saying why the backend cannot run here. */
  public BackendUnavailableException(String message) {
    super(message);
  }

  /** An exception saying why the backend cannot run here, with the failure that showed it. */
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
