package io.edgeenergy.examples.audio;

import io.edgeenergy.EdgeEnergyException;

/**
 * Audio the keyword chain cannot use: a WAV file that is not 16-bit PCM mono at the expected rate, a
 * truncated file, or a frame of the wrong length. The message names the file or frame and the fix.
 */
public class AudioFormatException extends EdgeEnergyException {
  /** An exception with a message that names the file or frame and what was expected. */
  public AudioFormatException(String message) {
    super(message);
  }
}
