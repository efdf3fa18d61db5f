package io.edgeenergy.examples.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The doorbell stream's source photos: skimage's 512×512 images halved by 2×2 averaging. This is the
 * script that made {@code models/vision/sources/*.png}; with Debian's {@code python3-skimage}
 * installed, the normal build checks the committed files are exactly what it makes.
 *
 * <p>Rebuild: {@code mvn -pl examples test -Dtest=DoorbellSourcesTest -Dedgeenergy.vision.rebuild=true}
 */
class DoorbellSourcesTest {
  static final Path SKIMAGE = Path.of(System.getProperty("edgeenergy.vision.skimage", "/usr/lib/python3/dist-packages/skimage/data"));
  static final Path SOURCES = Path.of("../models/vision/sources");
  static final List<String> NAMES = List.of("astronaut.png", "brick.png", "grass.png", "gravel.png");

  @Test
  @EnabledIfSystemProperty(named = "edgeenergy.vision.rebuild", matches = "true")
  void rebuild() throws IOException {
    Files.createDirectories(SOURCES);
    for (String name : NAMES) {
      ImageIO.write(halve(ImageIO.read(SKIMAGE.resolve(name).toFile())), "png", SOURCES.resolve(name).toFile());
    }
  }

  @Test
  void committedSourcesAreTheHalvedSkimagePhotos() throws IOException {
    for (String name : NAMES) {
      BufferedImage committed = ImageIO.read(SOURCES.resolve(name).toFile());
      assertThat(committed.getWidth()).as(name).isEqualTo(256);
      assertThat(committed.getHeight()).as(name).isEqualTo(256);
      Path original = SKIMAGE.resolve(name);
      if (Files.exists(original)) { // only where python3-skimage is installed
        BufferedImage expected = halve(ImageIO.read(original.toFile()));
        for (int y = 0; y < 256; y++) {
          for (int x = 0; x < 256; x++) {
            assertThat(committed.getRGB(x, y)).as("%s pixel (%d, %d)", name, x, y).isEqualTo(expected.getRGB(x, y));
          }
        }
      }
    }
  }

  /** 2×2 box average, rounded; grey images stay grey. */
  static BufferedImage halve(BufferedImage src) {
    boolean grey = src.getType() == BufferedImage.TYPE_BYTE_GRAY;
    int w = src.getWidth() / 2;
    int h = src.getHeight() / 2;
    BufferedImage dst = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] sum = new int[3];
        for (int d = 0; d < 4; d++) {
          int p = grey ? src.getRaster().getSample(2 * x + d % 2, 2 * y + d / 2, 0) * 0x010101
              : src.getRGB(2 * x + d % 2, 2 * y + d / 2);
          sum[0] += (p >> 16) & 0xff;
          sum[1] += (p >> 8) & 0xff;
          sum[2] += p & 0xff;
        }
        if (grey) {
          dst.getRaster().setSample(x, y, 0, (sum[0] + 2) / 4);
        } else {
          dst.setRGB(x, y, ((sum[0] + 2) / 4) << 16 | ((sum[1] + 2) / 4) << 8 | (sum[2] + 2) / 4);
        }
      }
    }
    return dst;
  }
}
