package io.edgeenergy.cli;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the segment files of a multi-exit model, for {@code exits} and {@code exits-day}. */
final class ExitSegments {
  /** One intra-op thread: segments are timed one call at a time. */
  private static final ModelOptions OPTIONS = ModelOptions.builder().intraOpThreads(1).build();

  private ExitSegments() {}

  /**
   * {@code dir/prefix1ext} .. {@code dir/prefix<count>ext} with {@code OPTIONS}. If one fails to load,
   * the ones already loaded are closed.
   */
  static List<Model> load(Path dir, String prefix, int count, String ext) {
    List<Model> models = new ArrayList<>();
    try {
      for (int k = 1; k <= count; k++) {
        models.add(loadOne(dir, prefix + k + ext));
      }
      return models;
    } catch (RuntimeException e) {
      models.forEach(Model::close);
      throw e;
    }
  }

  /** {@code dir/name} with {@code OPTIONS}. */
  static Model loadOne(Path dir, String name) {
    return InferenceBackends.load(dir.resolve(name), OPTIONS);
  }
}
