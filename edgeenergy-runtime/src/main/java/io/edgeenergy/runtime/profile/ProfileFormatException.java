package io.edgeenergy.runtime.profile;

/**
 * A power profile's content is wrong: a required key is missing, a value is not a number, is NaN,
 * infinite, negative or out of range, a key is unknown or repeated. The message names the profile
 * ({@link #origin()}: a file path or {@code classpath:} resource), the {@link #key()} and what was
 * expected, so it alone tells the user what to fix.
 */
public class ProfileFormatException extends PowerProfileException {
  private final String origin;
  private final String key;

  /**
   * @param origin the file or resource the profile came from
   * @param key the key at fault, or {@code ""} when the fault is not tied to one key
   * @param problem what is wrong and what was expected
   */
  public ProfileFormatException(String origin, String key, String problem) {
    this(origin, key, problem, null);
  }

  public ProfileFormatException(String origin, String key, String problem, Throwable cause) {
    super(message(origin, key, problem), cause);
    this.origin = origin;
    this.key = key;
  }

  /** The file path or {@code classpath:} resource of the faulty profile. */
  public String origin() {
    return origin;
  }

  /** The key at fault, or {@code ""} when the fault is not tied to one key (e.g. bad syntax). */
  public String key() {
    return key;
  }

  private static String message(String origin, String key, String problem) {
    return "power profile " + origin + (key.isEmpty() ? "" : ": key '" + key + "'") + ": " + problem;
  }
}
