package io.edgeenergy.model.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Recognises, from its first bytes, a file a backend was given by mistake, so its error can say
 * what the file is ("a ZIP archive", "a Git LFS pointer") instead of just "invalid".
 */
public final class FileHeads {
  private FileHeads() {}

  /**
   * Up to {@code max} first bytes of {@code in} (fewer if it ends sooner). What
   * {@code InputStream.readNBytes(int)} does; that method is Java 11 and absent on Android before API 33.
   */
  public static byte[] readHead(InputStream in, int max) throws IOException {
    byte[] head = new byte[max];
    int n = 0;
    while (n < max) {
      int r = in.read(head, n, max - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n == max ? head : Arrays.copyOf(head, n);
  }

  /** Whether {@code data} holds the ISO-8859-1 bytes of {@code ascii} at {@code offset}. */
  public static boolean matches(byte[] data, int offset, String ascii) {
    byte[] b = ascii.getBytes(StandardCharsets.ISO_8859_1);
    if (data.length < offset + b.length) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      if (data[offset + i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /** A ZIP archive (also PyTorch .pt, MediaPipe .task). */
  public static boolean isZip(byte[] head) {
    return matches(head, 0, "PK\u0003\u0004");
  }

  /** An HDF5 file (e.g. a Keras .h5 model). */
  public static boolean isHdf5(byte[] head) {
    return matches(head, 0, "\u0089HDF");
  }

  /** What to tell the user whose model file is {@linkplain #isGitLfsPointer a Git LFS pointer}. */
  public static final String GIT_LFS = "a Git LFS pointer file; run 'git lfs pull' to fetch the real model";

  /** A Git LFS pointer instead of the file. */
  public static boolean isGitLfsPointer(byte[] head) {
    return matches(head, 0, "version https://git-lfs");
  }
}
