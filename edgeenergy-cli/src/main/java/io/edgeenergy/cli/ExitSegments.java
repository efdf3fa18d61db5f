package io.edgeenergy.cli;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the segment files of a multi-exit model, for {@code exits} and {@code exits-day}. */
final class ExitSegments {
  private ExitSegments() {}

  /**
   * {@code dir/prefix1ext} .. {@code dir/prefix<count>ext} with one intra-op thread each (segments are
   * timed one call at a time). If one fails to load, the ones already loaded are closed.
   */
  static List<Model> load(Path dir, String prefix, int count, String ext) {
    ModelOptions options = ModelOptions.builder().intraOpThreads(1).build();
    List<Model> models = new ArrayList<>();
    try {
      for (int k = 1; k <= count; k++) {
        models.add(InferenceBackends.load(dir.resolve(prefix + k + ext), options));
      }
      return models;
    } catch (RuntimeException e) {
      models.forEach(Model::close);
      throw e;
    }
  }

  /** {@code dir/name} with the same options as the segments. */
  static Model loadOne(Path dir, String name) {
    return InferenceBackends.load(dir.resolve(name), ModelOptions.builder().intraOpThreads(1).build());
  }
}
