package io.edgeenergy.tflite.internal;

import io.edgeenergy.internal.FileHeads;
import io.edgeenergy.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a file before TensorFlow Lite sees it, so a wrong path or another format fails with a
 * message naming the file and what it is; only files carrying the TFLite identifier reach the
 * flatbuffer verifier, which then rejects truncated or corrupt ones.
 */
public final class TfliteFiles {
  static final String EXPECTED = "a TensorFlow Lite model (a flatbuffer with file identifier 'TFL3', usually *.tflite)";
  private static final int HEAD = 32;

  private TfliteFiles() {}

  /** Fails unless {@code file} is a readable regular file that starts like a TFLite model. */
  public static void check(Path file) {
    String what = "model file '" + file + "'";
    if (Files.isDirectory(file)) {
      throw new ModelLoadException(what + " is a directory; expected " + EXPECTED);
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new ModelLoadException(what + " is not a regular file; expected " + EXPECTED);
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = FileHeads.readHead(in, HEAD);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException(what + " does not exist; expected " + EXPECTED, e);
    } catch (AccessDeniedException e) {
      throw new ModelLoadException(what + " is not readable (permission denied); expected " + EXPECTED, e);
    } catch (IOException e) {
      throw new ModelLoadException(what + " cannot be read (" + e + "); expected " + EXPECTED, e);
    }
    checkHead(what, head, file.getFileName() == null ? "" : file.getFileName().toString());
  }

  /** The same checks for a model given as bytes. */
  public static void check(byte[] model, String name) {
    checkHead("model '" + name + "'", model, name);
  }

  private static void checkHead(String what, byte[] head, String fileName) {
    if (head.length == 0) {
      throw new ModelLoadException(what + " is empty (0 bytes); expected " + EXPECTED);
    }
    if (FileHeads.matches(head, 4, "TFL3")) {
      return;
    }
    String kind = sniff(head, fileName);
    throw new ModelLoadException(what + (kind != null ? " looks like " + kind : " has no TFLite file identifier"
        + " ('TFL3' at byte 4): it is not a TensorFlow Lite model, or it is corrupt") + "; expected " + EXPECTED);
  }

  /** Names formats people pass by mistake, or null. */
  static String sniff(byte[] head, String fileName) {
    if (FileHeads.isZip(head)) {
      return "a ZIP archive (a .zip, .pt or .task bundle?); extract the .tflite file from it";
    }
    if (FileHeads.isHdf5(head)) {
      return "an HDF5 file (a Keras .h5 model?); convert it to TensorFlow Lite";
    }
    if (FileHeads.isGitLfsPointer(head)) {
      return FileHeads.GIT_LFS;
    }
    // An ONNX ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
    if (fileName.endsWith(".onnx") || head[0] == 0x08) {
      return "an ONNX model (a protobuf ModelProto); load it with the onnx backend (edgeenergy-onnx)";
    }
    return null;
  }
}
