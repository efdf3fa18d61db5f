package io.edgeenergy.runtime.internal.sysfs;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The runtime's one reader of sysfs (and procfs) nodes: every meter, probe, thermal zone and hint reads
 * through it, so "absent", "permission denied", "garbage" and "the read failed" are told apart the same
 * way everywhere ({@link SysfsRead}). It never throws for a node: the outcome says what happened.
 *
 * <p>The {@link Source} is the seam: tests run as root, where {@code chmod 000} does not stop a read, so
 * they inject {@link AccessDeniedException} (and garbage) through {@link #over(Source)} instead.
 *
 * <p>Thread-safe and stateless. Not for hot paths: a read opens the file and allocates a string (the
 * energy counters' hot path keeps its file open instead; see {@code CounterFile}).
 */
public final class SysfsReader {
  private static final SysfsReader SYSTEM = new SysfsReader(node -> Files.readString(node, StandardCharsets.UTF_8));

  /** Reads a node's whole text; throws what {@code java.nio.file} throws. */
  @FunctionalInterface
  public interface Source {
    /** The node's whole content. */
    String read(Path node) throws IOException;
  }

  private final Source source;

  private SysfsReader(Source source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Reads the real files. */
  public static SysfsReader system() {
    return SYSTEM;
  }

  /** Reads through {@code source}, e.g. one that throws {@link AccessDeniedException} for some nodes. */
  public static SysfsReader over(Source source) {
    return new SysfsReader(source);
  }

  /**
   * The node's first line, stripped of surrounding white space (sysfs ends a value with a newline); an
   * empty node is {@link SysfsRead.Outcome#GARBAGE}: an attribute the kernel exposes always has a value.
   */
  public SysfsRead line(Path node) {
    SysfsRead all = text(node);
    if (!all.isPresent()) {
      return all;
    }
    String first = firstLine(all.text());
    return first.isEmpty() ? SysfsRead.garbage(node, "", "a value") : SysfsRead.present(node, first);
  }

  /** The stripped first line of a node's content, as every sysfs reader sees it. */
  public static String firstLine(String content) {
    int nl = content.indexOf('\n');
    return (nl < 0 ? content : content.substring(0, nl)).strip();
  }

  /** {@link #line(Path)} as a decimal {@code long}; any other text is {@link SysfsRead.Outcome#GARBAGE}. */
  public SysfsRead number(Path node) {
    return line(node).asNumber();
  }

  /**
   * The node's whole content (for multi-line nodes such as {@code time_in_state} or
   * {@code uevent}); text that is not UTF-8 is {@link SysfsRead.Outcome#GARBAGE}.
   */
  public SysfsRead text(Path node) {
    try {
      return SysfsRead.present(node, source.read(node));
    } catch (NoSuchFileException e) {
      return SysfsRead.absent(node);
    } catch (AccessDeniedException | SecurityException e) {
      return SysfsRead.denied(node);
    } catch (CharacterCodingException e) {
      return SysfsRead.garbage(node, "", "text");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return why.contains("No such device") ? SysfsRead.absent(node) : SysfsRead.failed(node, why);
    }
  }

  /**
   * Entries of {@code dir} whose name matches {@code regex}, sorted by name with trailing numbers in
   * numeric order ({@code cpu2} before {@code cpu10}); empty when the directory is absent or unreadable.
   */
  public static List<Path> list(Path dir, String regex) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        if (p.getFileName().toString().matches(regex)) {
          out.add(p);
        }
      }
    } catch (IOException | SecurityException e) {
      return out;
    }
    out.sort((a, b) -> naturalCompare(a.getFileName().toString(), b.getFileName().toString()));
    return out;
  }

  private static int naturalCompare(String a, String b) {
    String pa = a.replaceAll("\\d+$", "");
    String pb = b.replaceAll("\\d+$", "");
    if (pa.equals(pb) && a.length() > pa.length() && b.length() > pb.length()) {
      return Long.compare(Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
    }
    return a.compareTo(b);
  }
}
