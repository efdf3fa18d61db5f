package io.edgeenergy.model;

import io.edgeenergy.EdgeEnergyException;

/** No backend can serve the request here (missing native library, unknown format or name). */
public class BackendUnavailableException extends EdgeEnergyException {
  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
