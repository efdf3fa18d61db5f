package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BlazeFace front and back on real photos: the astronaut's face is found where it is, textures are not faces. */
class BlazeFaceDetectorTest {
  static final Path MODELS = Path.of("../models/vision");
  static Model front;
  static Model back;

  @BeforeAll
  static void load() {
    front = InferenceBackends.load(MODELS.resolve("face_detection_front_128x128_barracuda.onnx"));
    back = InferenceBackends.load(MODELS.resolve("face_detection_back_256x256_barracuda.onnx"));
  }

  @AfterAll
  static void close() {
    front.close();
    back.close();
  }

  static RgbFrame source(String name) {
    return RgbFrame.read(MODELS.resolve("sources").resolve(name));
  }

  @Test
  void bothModelsFindTheAstronautsFaceWhereItIs() {
    RgbFrame astronaut = source("astronaut.png");
    for (Model m : List.of(front, back)) {
      try (BlazeFaceDetector d = new BlazeFaceDetector(m, 0.5f)) {
        List<FaceBox> faces = d.detect(astronaut);
        assertThat(faces).as(m.name()).hasSize(1);
        FaceBox face = faces.get(0);
        assertThat(face.score()).as(m.name()).isGreaterThan(0.85f);
        // the face spans about x 88..138 and y 28..92 of the 256 px photo (forehead to chin)
        assertThat(face.centerX() * 256).as(m.name()).isBetween(100f, 126f);
        assertThat(face.centerY() * 256).as(m.name()).isBetween(45f, 75f);
        assertThat(face.width() * 256).as(m.name()).isBetween(35f, 80f);
      }
    }
  }

  @Test
  void texturesHaveNoFace() {
    for (String texture : List.of("brick.png", "grass.png", "gravel.png")) {
      RgbFrame f = source(texture);
      for (Model m : List.of(front, back)) {
        try (BlazeFaceDetector d = new BlazeFaceDetector(m, 0.5f)) {
          float s = d.score(f);
          assertThat(d.faces()).as("%s on %s", m.name(), texture).isEmpty();
          assertThat(s).as("%s on %s", m.name(), texture).isLessThan(0.5f);
        }
      }
    }
  }

  /** The astronaut photo shrunk to a quarter (face ~ 13 px wide) at the bottom of a mid-grey frame. */
  static RgbFrame smallFace() {
    RgbFrame a = source("astronaut.png");
    RgbFrame f = RgbFrame.black(256, 256);
    java.util.Arrays.fill(f.rgb(), 0.5f);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        for (int c = 0; c < 3; c++) {
          f.rgb()[((y + 192) * 256 + x + 96) * 3 + c] = a.at(x * 4, y * 4, c);
        }
      }
    }
    return f;
  }

  @Test
  void theseExportsWantPixelsInMinusOneToOne() {
    RgbFrame small = smallFace();
    try (BlazeFaceDetector d = new BlazeFaceDetector(back, 0.5f)) {
      float minusOneToOne = d.score(small);
      // the detector maps v to 2v - 1; feeding (w + 1) / 2 makes the model see w instead
      float zeroToOne = d.score(remap(small, 1, 0));
      float zeroTo255 = d.score(remap(small, 255, 0));
      assertThat(minusOneToOne).isGreaterThan(0.65f);
      assertThat(zeroToOne).isLessThan(0.5f);
      assertThat(zeroTo255).isLessThan(0.5f);
    }
  }

  /** A frame whose detector input is {@code gain * v + offset} instead of {@code 2v - 1}. */
  private static RgbFrame remap(RgbFrame f, float gain, float offset) {
    float[] v = f.rgb().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = (gain * v[i] + offset + 1) / 2;
    }
    return new RgbFrame(f.width(), f.height(), v);
  }

  @Test
  void nanPixelIsAClearError() {
    RgbFrame f = source("astronaut.png");
    f.rgb()[3 * (10 * 256 + 20) + 1] = Float.NaN;
    try (BlazeFaceDetector d = new BlazeFaceDetector(front, 0.5f)) {
      assertThatThrownBy(() -> d.score(f)).isInstanceOf(BadFrameException.class)
          .hasMessageContaining("pixel 2580").hasMessageContaining("channel 1").hasMessageContaining("NaN");
    }
  }
}
