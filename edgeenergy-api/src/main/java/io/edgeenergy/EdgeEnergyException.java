package io.edgeenergy;

/**
 * Base of every exception the SDK throws on purpose. Each subclass names the file, tensor, path or
 * value at fault and what was expected, so the message alone tells the user what to fix.
 */
public class EdgeEnergyException extends RuntimeException {
  /** An exception whose message names what is wrong and the fix. */
  public EdgeEnergyException(String message) {
    super(message);
  }

  /** An exception whose message names what is wrong and the fix, with its cause. */
  public EdgeEnergyException(String message, Throwable cause) {
    super(message, cause);
  }
}
