package io.edgeenergy.testkit.mutants;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded, deterministic damage to a model file, as a file arriving over a bad link or from a
 * hostile source would look: bit flips, overwrites with random or boundary values (0, -1,
 * 0x7fffffff, small offsets: what turns a flatbuffer offset or a tensor index out of range),
 * truncations, duplicated chunks and insertions. Mutant {@code i} of seed {@code s} is the same
 * bytes on every machine and run, so a crash found anywhere is reproduced from {@code (s, i)}.
 */
public final class ModelMutator {
  /** Little-endian 32-bit values that are interesting as offsets, indices, sizes and dims. */
  private static final int[] BOUNDARY = {0, -1, 1, 2, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 127, 128, 255, 256,
      -2, 64, 1 << 20};

  private final byte[] original;
  private final long seed;

  /** Mutants of {@code original} (not modified, not copied: do not change it) for {@code seed}. */
  public ModelMutator(byte[] original, long seed) {
    if (original.length < 8) {
      throw new IllegalArgumentException("the original model must have at least 8 bytes, had " + original.length);
    }
    this.original = original;
    this.seed = seed;
  }

  /** One damaged copy and what was done to it. */
  public record Mutant(long seed, int index, String description, byte[] bytes) {
    @Override
    public String toString() {
      return "mutant " + index + " of seed " + seed + " (" + bytes.length + " bytes: " + description + ")";
    }
  }

  /** Mutant number {@code index} (>= 0): one to three mutations of the original. */
  public Mutant mutant(int index) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    byte[] b = original.clone();
    StringBuilder what = new StringBuilder();
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n && b.length > 0; k++) {
      if (k > 0) {
        what.append("; ");
      }
      b = mutateOnce(b, r, what);
    }
    return new Mutant(seed, index, what.toString(), b);
  }

  private static byte[] mutateOnce(byte[] b, SplittableRandom r, StringBuilder what) {
    int kind = r.nextInt(100);
    if (kind < 35) { // bit flips, the most common kind of damage
      int flips = 1 + r.nextInt(4);
      what.append("flip ").append(flips).append(" bits at");
      for (int i = 0; i < flips; i++) {
        int at = r.nextInt(b.length);
        b[at] ^= (byte) (1 << r.nextInt(8));
        what.append(' ').append(at);
      }
      return b;
    }
    if (kind < 65) { // a 32-bit boundary value or a small delta, aligned as flatbuffer fields are
      int at = (r.nextInt(b.length) & ~3);
      if (at + 4 > b.length) {
        at = Math.max(0, b.length - 4);
      }
      int v = r.nextBoolean() ? BOUNDARY[r.nextInt(BOUNDARY.length)] : readInt(b, at) + r.nextInt(-64, 65);
      what.append("int32 ").append(v).append(" at ").append(at);
      for (int i = 0; i < 4 && at + i < b.length; i++) {
        b[at + i] = (byte) (v >>> (8 * i));
      }
      return b;
    }
    if (kind < 75) { // random bytes over a short run
      int len = 1 + r.nextInt(16);
      int at = r.nextInt(b.length);
      what.append("overwrite ").append(len).append(" random bytes at ").append(at);
      for (int i = at; i < Math.min(b.length, at + len); i++) {
        b[i] = (byte) r.nextInt(256);
      }
      return b;
    }
    if (kind < 85) { // truncation
      int len = r.nextInt(b.length);
      what.append("truncate to ").append(len);
      return Arrays.copyOf(b, len);
    }
    if (kind < 93) { // a chunk duplicated in place
      int from = r.nextInt(b.length);
      int len = Math.min(b.length - from, 1 + r.nextInt(64));
      what.append("duplicate ").append(len).append(" bytes at ").append(from);
      byte[] out = new byte[b.length + len];
      System.arraycopy(b, 0, out, 0, from + len);
      System.arraycopy(b, from, out, from + len, b.length - from);
      return out;
    }
    int at = r.nextInt(b.length + 1); // an insertion of random bytes
    int len = 1 + r.nextInt(16);
    what.append("insert ").append(len).append(" random bytes at ").append(at);
    byte[] out = new byte[b.length + len];
    System.arraycopy(b, 0, out, 0, at);
    for (int i = 0; i < len; i++) {
      out[at + i] = (byte) r.nextInt(256);
    }
    System.arraycopy(b, at, out, at + len, b.length - at);
    return out;
  }

  private static int readInt(byte[] b, int at) {
    int v = 0;
    for (int i = 0; i < 4 && at + i < b.length; i++) {
      v |= (b[at + i] & 0xff) << (8 * i);
    }
    return v;
  }
}
