package io.edgeenergy.model;

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

  /** The backend for a file, chosen by its extension. */
  public static InferenceBackend forFile(Path file) {
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    List<InferenceBackend> all = all();
    return all.stream().filter(b -> b.fileExtensions().contains(ext)).findFirst()
        .orElseThrow(() -> new BackendUnavailableException("no backend loads '." + ext + "' files ('" + file
            + "'); backends on the class path: " + names(all)));
  }

  /** Loads {@code file} with the backend for its extension and default options. */
  public static Model load(Path file) {
    return load(file, ModelOptions.defaults());
  }

  public static Model load(Path file, ModelOptions options) {
    InferenceBackend backend = forFile(file);
    if (!backend.availability().available()) {
      throw new BackendUnavailableException("backend '" + backend.name() + "' cannot run here: "
          + backend.availability().reason());
    }
    return backend.load(file, options);
  }

  private static String names(List<InferenceBackend> backends) {
    return backends.isEmpty() ? "none"
        : backends.stream().map(InferenceBackend::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
