package io.edgeenergy.examples.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.model.Model;
import io.edgeenergy.model.Tensors;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Java computes the features Python trained on: {@link LogMel} against {@code reference.tsv}
 * (written by {@code train_keywords.py} with numpy), and the keyword models on those features
 * against torch's probabilities (the screen, {@code train_screen.py}'s, on every other frame of them).
 */
class KeywordModelTest {
  /** Largest Java-vs-numpy log-mel difference allowed. */
  static final double MAX_FEATURE_DIFF = 1e-5; // measured: 0 (bit-identical after float32 rounding)

  record Reference(Map<String, float[]> features, Map<String, Map<String, float[]>> probs) {}

  static Reference reference() throws Exception {
    Map<String, float[]> features = new LinkedHashMap<>();
    Map<String, Map<String, float[]>> probs = new LinkedHashMap<>();
    for (String line : Files.readAllLines(AudioTestData.DIR.resolve("reference.tsv"))) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] c = line.split("\t");
      String[] v = c[2].split(",");
      float[] values = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        values[i] = Float.parseFloat(v[i]);
      }
      if (c[1].equals("features")) {
        features.put(c[0], values);
      } else {
        probs.computeIfAbsent(c[1], k -> new LinkedHashMap<>()).put(c[0], values);
      }
    }
    return new Reference(features, probs);
  }

  static float[] firstSecond(String file) {
    float[] x = AudioTestData.clip(file).samples();
    float[] window = new float[LogMel.CLIP];
    System.arraycopy(x, 0, window, 0, Math.min(x.length, LogMel.CLIP));
    return window;
  }

  @Test
  void javaLogMelMatchesTheTrainingFeatures() throws Exception {
    Reference ref = reference();
    assertThat(ref.features()).hasSizeGreaterThanOrEqualTo(8);
    double worst = 0;
    LogMel logMel = new LogMel();
    for (var e : ref.features().entrySet()) {
      float[] java = logMel.window(firstSecond(e.getKey()), 0, new float[LogMel.FRAMES * LogMel.MELS]);
      for (int i = 0; i < java.length; i++) {
        worst = Math.max(worst, Math.abs(java[i] - e.getValue()[i]));
      }
    }
    assertThat(worst).as("max |Java - numpy| over %d windows", ref.features().size()).isLessThan(MAX_FEATURE_DIFF);
  }

  @Test
  void onnxKeywordModelsGiveTorchsProbabilities() throws Exception {
    Reference ref = reference();
    for (String name : List.of("keyword_dscnn", "keyword_dscnn_small", "keyword_mlp", "keyword_screen")) {
      try (Model m = AudioTestData.load(name + ".onnx"); Tensors io = Tensors.of(m)) {
        int frames = KeywordSpotter.framesOf(m);
        for (var e : ref.probs().get(name).entrySet()) {
          io.inputs()[0].put(strided(ref.features().get(e.getKey()), frames));
          m.run(io.inputs(), io.outputs());
          float[] p = io.outputs()[0].get(new float[KeywordSpotter.CLASSES.size()]);
          for (int k = 0; k < p.length; k++) {
            assertThat(p[k]).as("%s on %s, class %s", name, e.getKey(), KeywordSpotter.CLASSES.get(k))
                .isCloseTo(e.getValue()[k], org.assertj.core.data.Offset.offset(1e-4f));
          }
        }
      }
    }
  }

  /** The last {@code frames} frames at {@link LogMelHistory#stride} of a 49-frame window (all of it for 49). */
  private static float[] strided(float[] window, int frames) {
    int stride = LogMelHistory.stride(frames);
    float[] out = new float[frames * LogMel.MELS];
    for (int k = 0; k < frames; k++) {
      int row = LogMel.FRAMES - 1 - stride * (frames - 1 - k);
      System.arraycopy(window, row * LogMel.MELS, out, k * LogMel.MELS, LogMel.MELS);
    }
    return out;
  }
}
