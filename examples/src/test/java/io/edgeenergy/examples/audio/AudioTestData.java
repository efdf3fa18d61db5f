package io.edgeenergy.examples.audio;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import java.nio.file.Path;

/** The committed audio models and clip pool, loaded once per test JVM. */
final class AudioTestData {
  static final Path DIR = Path.of("../models/audio");
  private static ClipPool pool;

  private AudioTestData() {}

  static synchronized ClipPool pool() {
    if (pool == null) {
      pool = ClipPool.load(DIR);
    }
    return pool;
  }

  static Model load(String file) {
    return InferenceBackends.load(DIR.resolve(file), ModelOptions.builder().intraOpThreads(1).build());
  }

  static ClipPool.Clip clip(String file) {
    return pool().clips().stream().filter(c -> c.file().equals(file)).findFirst().orElseThrow();
  }
}
