package io.edgeenergy.pipeline;

/**
 * What a stateful {@link Stage} does with its state when it missed inputs (its tier was not reached
 * because an earlier gate accepted): the state then describes an older past than the frame at hand.
 *
 * <ul>
 *   <li>{@link #keep()}: run on with the stale state (cheapest; fine when state decays quickly);
 *   <li>{@link #reset()}: zero the state before the next run, as at the start of a stream;
 *   <li>{@link #reprime(int)}: zero it, then run the stage on the last {@code frames} inputs it
 *       missed (kept by the pipeline as copies of the bound inputs), so a recurrent model wakes with
 *       the recent past; those runs are charged to the stage like any other.
 * </ul>
 *
 * @param kind which policy
 * @param frames for {@link Kind#REPRIME}, how many missed inputs to replay (>= 1); else 0
 */
public record SkipPolicy(Kind kind, int frames) {
  /** The three policies. */
  public enum Kind {
    /** Run on with the stale state. */
    KEEP,
    /** Zero the state before the next run. */
    RESET,
    /** Zero it and replay the last missed inputs. */
    REPRIME
  }

  /** Checks that only REPRIME has frames. */
  public SkipPolicy {
    if (kind == null) {
      throw new IllegalArgumentException("skip policy kind is null");
    }
    if (kind == Kind.REPRIME ? frames < 1 : frames != 0) {
      throw new IllegalArgumentException(kind == Kind.REPRIME ? "reprime needs >= 1 frame, was " + frames
          : kind + " takes no frames, was " + frames);
    }
  }

  /** Run on with the stale state. */
  public static SkipPolicy keep() {
    return new SkipPolicy(Kind.KEEP, 0);
  }

  /** Zero the state before the next run. */
  public static SkipPolicy reset() {
    return new SkipPolicy(Kind.RESET, 0);
  }

  /** Zero the state, then replay the last {@code frames} missed inputs before the next run. */
  public static SkipPolicy reprime(int frames) {
    return new SkipPolicy(Kind.REPRIME, frames);
  }

  @Override
  public String toString() {
    return kind == Kind.REPRIME ? "reprime(" + frames + ")" : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
