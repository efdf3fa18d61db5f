package io.edgeenergy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a file, hex: how model verdicts and traces name the exact file they are about. */
public final class Sha256 {
  private Sha256() {}

  /**
   * Hashes {@code file} in 64 KiB reads.
   *
   * @param file the file to hash
   * @return 64 lower-case hex digits
   * @throws IOException the file cannot be read; callers say what they needed it for
   */
  public static String of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = digest();
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
      return hex(md.digest());
    }
  }

  /**
   * Hashes bytes held in memory (a model loaded from bytes): the same hash as a file holding them.
   *
   * @param bytes the bytes to hash
   * @return 64 lower-case hex digits
   */
  public static String of(byte[] bytes) {
    return hex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String hex(byte[] digest) {
    StringBuilder hex = new StringBuilder(64);   // not HexFormat: the API module keeps to Android API 26
    for (byte b : digest) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }
}
