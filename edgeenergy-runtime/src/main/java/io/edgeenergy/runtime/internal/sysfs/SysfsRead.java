package io.edgeenergy.runtime.internal.sysfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What reading one sysfs node gave, with the four outcomes kept apart: the node is {@link Outcome#ABSENT}
 * (no such file: the driver or the feature is not there), {@link Outcome#DENIED} (it exists but this
 * user may not read it: a fix exists, so say it), {@link Outcome#GARBAGE} (it was read but does not hold
 * what the node's ABI promises: a driver bug or the wrong node), or {@link Outcome#FAILED} (the read
 * itself failed, e.g. {@code EIO} from a driver or {@code ENODEV} from a removed device). Callers state
 * what each outcome means for them; none may treat a denied node as absent.
 *
 * @param path the node
 * @param outcome what the read gave
 * @param text the node's first line, stripped, when {@link Outcome#PRESENT}; the offending text when
 *     {@link Outcome#GARBAGE}; empty otherwise
 * @param problem for every outcome but {@link Outcome#PRESENT}, one sentence naming the node and, where
 *     there is one, the fix; empty when present
 */
public record SysfsRead(Path path, Outcome outcome, String text, String problem) {
  /** The outcomes of a read. */
  public enum Outcome {
    /** The node was read and holds what was asked for. */
    PRESENT,
    /** No such node. */
    ABSENT,
    /** The node exists but may not be read by this user ({@code EACCES}, {@code EPERM}). */
    DENIED,
    /** The node was read but its content is not what its ABI promises (empty, not a number, not text). */
    GARBAGE,
    /** The read failed for another reason ({@code EIO}, {@code ENODEV}, a directory, ...). */
    FAILED
  }

  /** Checks the path and outcome; a missing text or problem is empty. */
  public SysfsRead {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outcome, "outcome");
    text = text == null ? "" : text;
    problem = problem == null ? "" : problem;
  }

  static SysfsRead present(Path path, String text) {
    return new SysfsRead(path, Outcome.PRESENT, text, "");
  }

  static SysfsRead absent(Path path) {
    return new SysfsRead(path, Outcome.ABSENT, "", path + " absent");
  }

  static SysfsRead denied(Path path) {
    return new SysfsRead(path, Outcome.DENIED, "", "permission denied reading " + path
        + " (fix: sudo chmod o+r " + path + ", or a udev rule / group that grants read access)");
  }

  static SysfsRead garbage(Path path, String text, String expected) {
    // a driver can put a page of junk in a node: the message quotes only its start
    String quoted = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return new SysfsRead(path, Outcome.GARBAGE, text,
        path + (text.isEmpty() ? " is empty" : " holds '" + quoted + "'") + ", not " + expected);
  }

  static SysfsRead failed(Path path, String why) {
    return new SysfsRead(path, Outcome.FAILED, "", "cannot read " + path + ": " + why);
  }

  /** Whether the node was read and holds what was asked for. */
  public boolean isPresent() {
    return outcome == Outcome.PRESENT;
  }

  /** The text when present, else empty: for callers to whom every other outcome means "unknown". */
  public Optional<String> value() {
    return isPresent() ? Optional.of(text) : Optional.empty();
  }

  /** The text as a decimal {@code long} when present and a number, else empty. */
  public OptionalLong number() {
    if (!isPresent()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Whether the node is there but could not be used: permission denied, garbage or a failed read. Absent
   * is not a problem (a node this driver lacks), so callers log only these.
   */
  public boolean isProblem() {
    return outcome != Outcome.PRESENT && outcome != Outcome.ABSENT;
  }

  /**
   * This read as a number: present and a decimal {@code long} stays present, any other text becomes
   * {@link Outcome#GARBAGE} naming the node and the text.
   */
  public SysfsRead asNumber() {
    if (isPresent() && number().isEmpty()) {
      return garbage(path, text, "a number");
    }
    return this;
  }

  /**
   * The text, or the outcome as the exception a {@code java.nio.file} read would have thrown
   * ({@link NoSuchFileException}, {@link AccessDeniedException}, or an {@link IOException} naming
   * the node and its content), for callers that report failures by exception.
   */
  public String orThrow() throws IOException {
    return switch (outcome) {
      case PRESENT -> text;
      case ABSENT -> throw new NoSuchFileException(path.toString());
      case DENIED -> throw new AccessDeniedException(path.toString(), null, problem);
      case GARBAGE, FAILED -> throw new IOException(problem);
    };
  }

  /** {@link #orThrow()} as a {@code long}; text that is not a decimal {@code long} is an exception naming the node. */
  public long numberOrThrow() throws IOException {
    SysfsRead n = asNumber();
    n.orThrow();
    return n.number().getAsLong();
  }

  /**
   * The decimal {@code long} in a node's content (its stripped first line), or an {@link IOException}
   * naming the node and the text when it is empty or not a number: the runtime's one sysfs number
   * parser, for callers that already hold the content (a meter reading two nodes, a fuzz test).
   */
  public static long parseNumber(Path node, String content) throws IOException {
    String first = SysfsReader.firstLine(content);
    return (first.isEmpty() ? garbage(node, "", "a number") : present(node, first)).numberOrThrow();
  }
}
