package io.edgeenergy.examples.vision;

import io.edgeenergy.EdgeEnergyException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * One camera frame: {@code height × width × 3} RGB values in [0, 1], row-major, interleaved (HWC),
 * the layout BlazeFace's NHWC input takes. The array is shared, not copied: the stream generator
 * renders into one frame and reuses it.
 */
public record RgbFrame(int width, int height, float[] rgb) {
  /** Checks the array length against the size. */
  public RgbFrame {
    if (width <= 0 || height <= 0) {
      throw new BadFrameException("a frame needs a positive size, got " + width + "x" + height);
    }
    if (rgb.length != width * height * 3) {
      throw new BadFrameException("a " + width + "x" + height + " RGB frame holds " + width * height * 3
          + " values, got " + rgb.length);
    }
  }

  /** A black frame of this size. */
  public static RgbFrame black(int width, int height) {
    return new RgbFrame(width, height, new float[width * height * 3]);
  }

  /** Reads a PNG/JPEG file; the exception names the file. */
  public static RgbFrame read(Path file) {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new BadFrameException("cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new BadFrameException("cannot read image " + file + ": not a PNG, JPEG, GIF or BMP file");
    }
    RgbFrame f = black(img.getWidth(), img.getHeight());
    for (int y = 0; y < f.height; y++) {
      for (int x = 0; x < f.width; x++) {
        int p = img.getRGB(x, y);
        int i = (y * f.width + x) * 3;
        f.rgb[i] = ((p >> 16) & 0xff) / 255f;
        f.rgb[i + 1] = ((p >> 8) & 0xff) / 255f;
        f.rgb[i + 2] = (p & 0xff) / 255f;
      }
    }
    return f;
  }

  /** Writes this frame as a PNG (for looking at a generated stream). */
  public void writePng(Path file) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        img.setRGB(x, y, (byte8(rgb[i]) << 16) | (byte8(rgb[i + 1]) << 8) | byte8(rgb[i + 2]));
      }
    }
    try {
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new EdgeEnergyException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The value at ({@code x}, {@code y}) of channel {@code c}. */
  public float at(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c];
  }

  /**
   * Index of the first value that is NaN or infinite, or -1. Such a pixel would turn every score
   * NaN, and a NaN score compares false against every threshold: a silent "no face".
   */
  public int firstNonFinite() {
    for (int i = 0; i < rgb.length; i++) {
      if (!Float.isFinite(rgb[i])) {
        return i;
      }
    }
    return -1;
  }

  private static int byte8(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255f)));
  }
}
