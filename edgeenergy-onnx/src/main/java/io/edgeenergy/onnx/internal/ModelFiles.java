package io.edgeenergy.onnx.internal;

import io.edgeenergy.model.spi.FileHeads;
import io.edgeenergy.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a model file before ONNX Runtime sees it, so a bad path fails with a message that names
 * the file and says what was expected, and explains what an invalid file looks like instead.
 */
public final class ModelFiles {
  static final String EXPECTED = "an ONNX model (a serialized onnx.ModelProto, usually *.onnx)";

  private ModelFiles() {}

  /** Opens a file for reading; tests inject one that fails as a denied read would. */
  @FunctionalInterface
  public interface Opener {
    /** Opens {@code file}, as {@link Files#newInputStream} does. */
    InputStream open(Path file) throws IOException;
  }

  /**
   * Fails unless {@code file} is a non-empty, readable regular file.
   *
   * @return the file's size in bytes
   */
  public static long check(Path file) {
    return check(file, Files::newInputStream);
  }

  /** {@link #check(Path)} reading the file through {@code opener}. */
  public static long check(Path file, Opener opener) {
    if (!Files.exists(file)) {
      Path parent = file.toAbsolutePath().getParent();
      String hint = parent != null && !Files.isDirectory(parent) ? " (its folder " + parent + " does not exist either)" : "";
      throw new ModelLoadException("model file '" + file + "' does not exist" + hint + "; expected " + EXPECTED);
    }
    if (Files.isDirectory(file)) {
      throw new ModelLoadException("model file '" + file + "' is a directory; expected " + EXPECTED);
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException("model file '" + file + "' is not a regular file; expected " + EXPECTED);
    }
    long size;
    try (InputStream in = opener.open(file)) {
      // Opening proves we may read it (Files.isReadable lies for root and some ACLs).
      size = Files.size(file);
      if (size == 0) {
        throw new ModelLoadException("model file '" + file + "' is empty (0 bytes); expected " + EXPECTED);
      }
      byte[] head = FileHeads.readHead(in, 32);
      String kind = sniff(head);
      if (kind != null) {
        throw new ModelLoadException("model file '" + file + "' looks like " + kind + ", not " + EXPECTED);
      }
    } catch (AccessDeniedException e) {
      throw new ModelLoadException("model file '" + file + "' is not readable (permission denied); expected " + EXPECTED, e);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException("model file '" + file + "' disappeared while loading; expected " + EXPECTED, e);
    } catch (IOException e) {
      throw new ModelLoadException("model file '" + file + "' cannot be read (" + e + "); expected " + EXPECTED, e);
    }
    return size;
  }

  /** Fails on an empty array or one that is plainly another format. */
  public static void check(byte[] model, String name) {
    if (model.length == 0) {
      throw new ModelLoadException("model '" + name + "' is empty (0 bytes); expected " + EXPECTED);
    }
    String kind = sniff(model);
    if (kind != null) {
      throw new ModelLoadException("model '" + name + "' looks like " + kind + ", not " + EXPECTED);
    }
  }

  /**
   * Recognises a few formats people load by mistake. Returns {@code null} when the bytes may be an
   * ONNX model (only ONNX Runtime can really tell).
   */
  static String sniff(byte[] head) {
    if (FileHeads.isZip(head)) {
      return "a ZIP archive (e.g. a PyTorch .pt checkpoint or a zipped model); unzip or export it to ONNX";
    }
    if (FileHeads.matches(head, 4, "TFL3")) {
      return "a TensorFlow Lite model; load it with the tflite backend";
    }
    if (FileHeads.isHdf5(head)) {
      return "an HDF5 file (e.g. a Keras .h5 model); export it to ONNX";
    }
    if (FileHeads.isGitLfsPointer(head)) {
      return FileHeads.GIT_LFS;
    }
    return null;
  }

  /** Explains why ONNX Runtime refused {@code size} bytes that passed {@link #sniff}. */
  static String describeFailure(long size, String ortMessage) {
    String msg = String.valueOf(ortMessage);
    boolean parse = msg.contains("Protobuf parsing failed") || msg.contains("No graph was found")
        || msg.contains("INVALID_PROTOBUF");
    return size + " bytes that " + (parse ? "are not a valid ONNX model (truncated, corrupt or another format; "
        + "expected a serialized onnx.ModelProto, usually *.onnx)" : "ONNX Runtime refused; expected " + EXPECTED)
        + ". ONNX Runtime says: " + msg;
  }
}
