package io.edgeenergy.tflite.internal;

import io.edgeenergy.model.spi.FileHeads;
import io.edgeenergy.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

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

  /**
   * Checks the structure of {@code file} ({@link TfliteStructure}) through a read-only memory map,
   * so even a large model is not copied onto the heap.
   */
  public static void checkStructure(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      TfliteStructure.check(ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(ch.size(), Integer.MAX_VALUE)),
          "model file '" + file + "'");
    } catch (IOException e) {
      throw new ModelLoadException("model file '" + file + "' cannot be read (" + e + "); expected " + EXPECTED, e);
    }
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
    if (kind == null && fileName.toLowerCase(Locale.ROOT).endsWith(".tflite")) {
      throw new ModelLoadException(what + " is named like a TensorFlow Lite model but has no TFLite file identifier"
          + " ('TFL3' at byte 4): the file is damaged or truncated; re-export or re-download it");
    }
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
    // An ONNX ModelProto starts with field 1 (ir_version, a small varint: tag 0x08, value 3..12), then
    // usually producer_name (tag 0x12). A bare 0x08 is not enough: most .tflite files start with the
    // root offset 8, so a .tflite whose identifier was damaged would "look like ONNX".
    boolean onnxHead = head.length >= 3 && head[0] == 0x08 && head[1] >= 1 && head[1] <= 12
        && (head[2] == 0x12 || head[2] == 0x1a || head[2] == 0x3a);
    if (fileName.toLowerCase(Locale.ROOT).endsWith(".onnx") || onnxHead) {
      return "an ONNX model (a protobuf ModelProto); load it with the onnx backend (edgeenergy-onnx)";
    }
    return null;
  }
}
