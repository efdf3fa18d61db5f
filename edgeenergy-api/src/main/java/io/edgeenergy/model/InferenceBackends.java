package io.edgeenergy.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds backends on the class path and loads models with the one that fits. */
public final class InferenceBackends {
  private InferenceBackends() {}

  /** Every backend on the class path, available or not. */
  public static List<InferenceBackend> all() {
    List<InferenceBackend> found = new ArrayList<>();
    ServiceLoader.load(InferenceBackend.class, InferenceBackends.class.getClassLoader()).forEach(found::add);
    return found;
  }

  /** The backend called {@code name} (e.g. {@code onnx}). */
  public static InferenceBackend named(String name) {
    List<InferenceBackend> all = all();
    return all.stream().filter(b -> b.name().equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new BackendUnavailableException("no backend named '" + name + "' on the class path; found "
            + names(all) + ". Add the module, e.g. io.edgeenergy:edgeenergy-" + name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The backend for a file, chosen by its extension.
   *
   * @throws ModelLoadException {@code file} is a directory or a device, or has no extension
   * @throws BackendUnavailableException no backend on the class path loads its extension
   */
  public static InferenceBackend forFile(Path file) {
    List<InferenceBackend> all = all();
    if (Files.isDirectory(file)) {
      throw new ModelLoadException("'" + file + "' is a directory, not a model file; pass the model file inside it ("
          + extensions(all) + ")");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new ModelLoadException("'" + file + "' is not a regular file (a device, pipe or socket?); pass a model"
          + " file (" + extensions(all) + ")");
    }
    Path name = file.getFileName();
    String fileName = name == null ? "" : name.toString();
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) {
      throw new ModelLoadException("model file '" + file + "' has no file extension, so no backend can be chosen for"
          + " it; rename it (" + extensions(all) + ") or load it with InferenceBackends.named(\"...\").load(file,"
          + " options)");
    }
    String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    return all.stream().filter(b -> b.fileExtensions().contains(ext)).findFirst()
        .orElseThrow(() -> new BackendUnavailableException("no backend loads '." + ext + "' files ('" + file
            + "'); backends on the class path: " + names(all) + (all.isEmpty() ? "" : " (" + extensions(all) + ")")
            + ". Add the module for the format, e.g. io.edgeenergy:edgeenergy-onnx or edgeenergy-tflite"));
  }

  /** Loads {@code file} with the backend for its extension and default options. */
  public static Model load(Path file) {
    return load(file, ModelOptions.defaults());
  }

  /** Loads {@code file} with the backend for its extension and {@code options}. */
  public static Model load(Path file, ModelOptions options) {
    InferenceBackend backend = forFile(file);
    if (!backend.availability().available()) {
      throw new BackendUnavailableException("backend '" + backend.name() + "' cannot run here: "
          + backend.availability().reason());
    }
    return backend.load(file, options);
  }

  private static String extensions(List<InferenceBackend> backends) {
    return backends.isEmpty() ? "no backend is on the class path"
        : backends.stream().map(b -> b.fileExtensions().stream().map(e -> "*." + e).collect(Collectors.joining(", "))
            + " with " + b.name()).collect(Collectors.joining("; "));
  }

  private static String names(List<InferenceBackend> backends) {
    return backends.isEmpty() ? "none"
        : backends.stream().map(InferenceBackend::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
