package io.edgeenergy.examples.exits;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens the gzip data files of models/exits: checks the 4-byte magic, maps every failure to {@link BadExitFileException}. */
final class ExitFiles {
  /** Reads the rest of a file after its magic. */
  interface Body<T> {
    T read(DataInputStream in) throws IOException;
  }

  private ExitFiles() {}

  /** Reads {@code file} ({@code kind} names it in messages), which must start with {@code magic}. */
  static <T> T read(Path file, String kind, String magic, Body<T> body) {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
      if (!magic.equals(new String(in.readNBytes(4), StandardCharsets.US_ASCII))) {
        throw bad(file, kind, "does not start with " + magic, null);
      }
      return body.read(in);
    } catch (NoSuchFileException e) {
      throw bad(file, kind, "is missing: run models/exits/train_exits.py", e);
    } catch (EOFException | ZipException e) {
      throw bad(file, kind, "is truncated or not gzip: regenerate it with models/exits/train_exits.py", e);
    } catch (IllegalArgumentException e) {
      throw bad(file, kind, "holds inconsistent records: " + e.getMessage(), e);
    } catch (IOException e) {
      throw bad(file, kind, "cannot be read: " + e.getMessage(), e);
    }
  }

  static BadExitFileException bad(Path file, String kind, String what, Throwable cause) {
    return new BadExitFileException(kind + " " + file + " " + what, cause);
  }
}
