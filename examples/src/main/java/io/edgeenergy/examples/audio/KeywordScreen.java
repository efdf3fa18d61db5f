package io.edgeenergy.examples.audio;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.model.ModelOptions;
import java.nio.file.Path;

/**
 * The cascade's screen in front of the keyword model: either a small keyword model (ONNX or TFLite,
 * {@link OnnxScreen}, a model stage on the full log-mel second) or the plain-Java {@link PooledScreen}
 * (a function stage on every second frame, bands pooled). Owns what it loaded.
 */
public sealed interface KeywordScreen extends AutoCloseable permits KeywordScreen.ModelScreen, PooledScreen {

  /**
   * Loads {@code file}: a {@code .tsv} is a {@link PooledScreen}'s weights, anything else a small
   * keyword model loaded with {@code options}.
   */
  static KeywordScreen load(Path file, ModelOptions options) {
    return file.getFileName().toString().endsWith(".tsv") ? PooledScreen.load(file)
        : new ModelScreen(InferenceBackends.load(file, options));
  }

  /** A small keyword model as the screen; its score is its best keyword class's probability. */
  record ModelScreen(Model model) implements KeywordScreen {
    @Override
    public void close() {
      model.close();
    }
  }

  @Override
  void close();
}
