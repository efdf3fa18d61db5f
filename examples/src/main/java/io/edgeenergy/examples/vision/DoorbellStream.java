package io.edgeenergy.examples.vision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic "doorbell camera" stream, rendered frame by frame from a seed (nothing but four small
 * photos is stored): a static scene with sensor noise and slow lighting drift; visits, during which
 * the one bundled face appears at a random scale, position, lighting, mirroring and partial
 * occlusion, sways and approaches; and distractors that move or change the picture without a face
 * (a textured patch crossing the view like a passing car or pet, a light switched on or off).
 *
 * <p>Frames are a pure function of (seed, index): {@link #render} can be called in any order, and
 * two configurations compared on the same stream see identical pixels. The ground truth is
 * {@link #visits()} (frame intervals with a face) and {@link #truth(int)} (its box per frame).
 */
public final class DoorbellStream {
  /** Frame width and height in pixels (square, like both BlazeFace inputs). */
  public static final int SIZE = DoorbellScene.SIZE;
  /** Default visit rate: a busy front door. */
  public static final double VISITS_PER_HOUR = 48;
  /** Default rate of non-face events (passing patches, lights). */
  public static final double DISTRACTORS_PER_HOUR = 40;
  private static final int NOISE_TABLE = 1 << 20;
  private static final float NOISE_SIGMA = 0.012f;

  /** A face interval: frames {@code first..last} inclusive, and how the face was drawn. */
  public record Visit(int first, int last, float faceWidth, float growth, float x, float y, float gain,
      boolean mirrored, int occlusion, float occluded, float swayPixels, float swayPeriodFrames) {
    /** Whether {@code frame} is in this visit. */
    public boolean contains(int frame) {
      return frame >= first && frame <= last;
    }
  }

  /** A non-face event: {@code PATCH} a texture crossing the view, {@code LIGHT} a lighting step. */
  record Distractor(int first, int last, boolean light, float gainStep, int texture, float size, float x0, float y0,
      float x1, float y1, float tint) {}

  private final DoorbellScene scene;
  private final long seed;
  private final double fps;
  private final int frames;
  private final List<Visit> visits;
  private final List<Distractor> distractors;
  private final float[] noise = new float[NOISE_TABLE];
  private final float driftPhase;

  private DoorbellStream(DoorbellScene scene, long seed, double fps, int frames, double visitsPerHour,
      double distractorsPerHour) {
    this.scene = scene;
    this.seed = seed;
    this.fps = fps;
    this.frames = frames;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < NOISE_TABLE; i++) {
      noise[i] = (float) (rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5) * 2 * NOISE_SIGMA; // ~N(0, σ)
    }
    this.driftPhase = (float) (rnd.nextDouble() * 2 * Math.PI);
    this.visits = scheduleVisits(rnd.split(), visitsPerHour);
    this.distractors = scheduleDistractors(rnd.split(), distractorsPerHour);
  }

  /**
   * A stream of {@code length} at {@code fps} from the photos in {@code sources}
   * ({@code models/vision/sources}), with {@value #VISITS_PER_HOUR} visits and {@value #DISTRACTORS_PER_HOUR} distractors per hour.
   */
  public static DoorbellStream generate(Path sources, long seed, Duration length, double fps) {
    return generate(sources, seed, length, fps, VISITS_PER_HOUR, DISTRACTORS_PER_HOUR);
  }

  /** As {@link #generate(Path, long, Duration, double)}, with the event rates given. */
  public static DoorbellStream generate(Path sources, long seed, Duration length, double fps, double visitsPerHour,
      double distractorsPerHour) {
    if (!(fps > 0) || length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a stream needs fps > 0 and a positive length, got " + fps + " fps, " + length);
    }
    int frames = (int) Math.round(length.toMillis() / 1000.0 * fps);
    return new DoorbellStream(new DoorbellScene(sources), seed, fps, frames, visitsPerHour, distractorsPerHour);
  }

  public int frameCount() {
    return frames;
  }

  public double fps() {
    return fps;
  }

  public long seed() {
    return seed;
  }

  /** The stream's length. */
  public Duration length() {
    return Duration.ofMillis(Math.round(frames * 1000 / fps));
  }

  /** The face intervals, in time order, not overlapping. */
  public List<Visit> visits() {
    return visits;
  }

  /** Frames during which something other than a face moves or the light changes. */
  public int distractorFrames() {
    int n = 0;
    for (Distractor d : distractors) {
      n += d.last - d.first + 1;
    }
    return n;
  }

  /** The face on {@code frame} (fractions of the frame, score 1), or {@code null} when there is none. */
  public FaceBox truth(int frame) {
    Visit v = visitAt(frame);
    if (v == null) {
      return null;
    }
    Placement p = place(v, frame);
    float w = DoorbellScene.FACE_WIDTH * p.scale / SIZE;
    return new FaceBox(p.faceX / SIZE, p.faceY / SIZE, w, w, 1f);
  }

  /** Renders frame {@code index} into {@code into} (a {@value #SIZE}² frame, reused by the caller). */
  public RgbFrame render(int index, RgbFrame into) {
    if (index < 0 || index >= frames) {
      throw new IndexOutOfBoundsException("frame " + index + " of a " + frames + "-frame stream");
    }
    if (into.width() != SIZE || into.height() != SIZE) {
      throw new BadFrameException("the doorbell stream renders " + SIZE + "x" + SIZE + " frames, got a "
          + into.width() + "x" + into.height() + " frame to render into");
    }
    float t = (float) (index / fps);
    float gain = 0.9f + 0.12f * (float) Math.sin(2 * Math.PI * t / 1500 + driftPhase); // a 25-min drift
    for (Distractor d : distractors) {
      if (d.light && index >= d.first && index <= d.last) {
        gain += d.gainStep;
      }
    }
    float[] out = into.rgb();
    float[] bg = scene.background;
    int offset = (int) (mix(seed, index) & (NOISE_TABLE - 1));
    for (int i = 0; i < out.length; i++) {
      out[i] = bg[i] * gain;
    }
    Visit v = visitAt(index);
    if (v != null) {
      drawPerson(v, index, gain, out);
    }
    for (Distractor d : distractors) {
      if (!d.light && index >= d.first && index <= d.last) {
        drawPatch(d, index, gain, out);
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, out[i] + noise[(offset + i) & (NOISE_TABLE - 1)]));
    }
    return into;
  }

  private Visit visitAt(int frame) {
    for (Visit v : visits) {
      if (v.contains(frame)) {
        return v;
      }
    }
    return null;
  }

  /** Face centre (frame pixels) and scale (frame pixels per photo pixel) of a visit at a frame. */
  private record Placement(float faceX, float faceY, float scale) {}

  private Placement place(Visit v, int frame) {
    float progress = v.last == v.first ? 0 : (float) (frame - v.first) / (v.last - v.first);
    float width = v.faceWidth * (1 + (v.growth - 1) * progress);
    float sway = v.swayPixels * (float) Math.sin(2 * Math.PI * (frame - v.first) / v.swayPeriodFrames);
    return new Placement(v.x * SIZE + sway, v.y * SIZE, width * SIZE / DoorbellScene.FACE_WIDTH);
  }

  private void drawPerson(Visit v, int frame, float gain, float[] out) {
    Placement p = place(v, frame);
    RgbFrame photo = scene.person;
    float g = v.gain * gain;
    float faceHalf = DoorbellScene.FACE_WIDTH * p.scale / 2;
    // only the frame rows and columns the photo covers
    int rowStart = Math.max(0, (int) (p.faceY - DoorbellScene.FACE_Y * p.scale));
    int rowEnd = Math.min(SIZE, (int) Math.ceil(p.faceY + (SIZE - DoorbellScene.FACE_Y) * p.scale));
    float reach = Math.max(DoorbellScene.FACE_X, SIZE - DoorbellScene.FACE_X) * p.scale;
    int colStart = Math.max(0, (int) (p.faceX - reach));
    int colEnd = Math.min(SIZE, (int) Math.ceil(p.faceX + reach));
    for (int y = rowStart; y < rowEnd; y++) {
      float sy = (y - p.faceY) / p.scale + DoorbellScene.FACE_Y;
      if (sy < 0 || sy > SIZE - 1) {
        continue;
      }
      for (int x = colStart; x < colEnd; x++) {
        float dx = (x - p.faceX) / p.scale;
        float sx = DoorbellScene.FACE_X + (v.mirrored ? -dx : dx);
        if (sx < 0 || sx > SIZE - 1) {
          continue;
        }
        int ix = (int) sx;
        int iy = (int) sy;
        float a = scene.personAlpha[iy * SIZE + ix];
        if (a <= 0 || occluded(v, x - p.faceX, y - p.faceY, faceHalf)) {
          continue;
        }
        float tx = sx - ix;
        float ty = sy - iy;
        int x1 = Math.min(SIZE - 1, ix + 1);
        int y1 = Math.min(SIZE - 1, iy + 1);
        for (int c = 0; c < 3; c++) {
          float top = photo.at(ix, iy, c) * (1 - tx) + photo.at(x1, iy, c) * tx;
          float bottom = photo.at(ix, y1, c) * (1 - tx) + photo.at(x1, y1, c) * tx;
          int o = (y * SIZE + x) * 3 + c;
          out[o] = out[o] * (1 - a) + a * g * (top * (1 - ty) + bottom * ty);
        }
      }
    }
  }

  /**
   * Occlusion 1 hides the bottom, 2 the left, 3 the right {@code occluded} fraction of the face box
   * (a railing, a door frame): the background shows through there.
   */
  private static boolean occluded(Visit v, float dx, float dy, float half) {
    return switch (v.occlusion) {
      case 1 -> dy > half * (1 - 2 * v.occluded);
      case 2 -> dx < -half * (1 - 2 * v.occluded) && Math.abs(dy) < 4 * half;
      case 3 -> dx > half * (1 - 2 * v.occluded) && Math.abs(dy) < 4 * half;
      default -> false;
    };
  }

  private void drawPatch(Distractor d, int frame, float gain, float[] out) {
    float progress = d.last == d.first ? 0 : (float) (frame - d.first) / (d.last - d.first);
    float cx = (d.x0 + (d.x1 - d.x0) * progress) * SIZE;
    float cy = (d.y0 + (d.y1 - d.y0) * progress) * SIZE;
    int half = Math.round(d.size * SIZE / 2);
    float[] tex = scene.textures[d.texture];
    for (int y = Math.max(0, (int) cy - half); y < Math.min(SIZE, (int) cy + half); y++) {
      for (int x = Math.max(0, (int) cx - half); x < Math.min(SIZE, (int) cx + half); x++) {
        float v = tex[((y - (int) cy + half) & (SIZE - 1)) * SIZE + ((x - (int) cx + half) & (SIZE - 1))];
        int o = (y * SIZE + x) * 3;
        out[o] = gain * (0.1f + 0.8f * v * d.tint);
        out[o + 1] = gain * (0.1f + 0.8f * v * (1.2f - d.tint / 2));
        out[o + 2] = gain * (0.1f + 0.8f * v * (1 - d.tint / 3));
      }
    }
  }

  private List<Visit> scheduleVisits(SplittableRandom rnd, double perHour) {
    List<Visit> out = new ArrayList<>();
    double meanGapFrames = 3600 * fps / Math.max(perHour, 1e-9);
    int t = (int) (rnd.nextDouble() * meanGapFrames / 2);
    while (true) {
      int len = (int) Math.max(2, Math.round((3 + 17 * rnd.nextDouble()) * fps)); // 3-20 s at the door
      if (t + len >= frames) {
        return List.copyOf(out);
      }
      float width = (float) (0.045 * Math.pow(0.3 / 0.045, rnd.nextDouble())); // log-uniform 4.5 %..30 % of the frame
      float y = (float) (0.22 + 0.38 * rnd.nextDouble());
      float x = (float) (0.2 + 0.6 * rnd.nextDouble());
      int occlusion = rnd.nextDouble() < 0.4 ? 1 + rnd.nextInt(3) : 0;
      out.add(new Visit(t, t + len - 1, width, (float) (1 + 0.3 * rnd.nextDouble()), x, y,
          (float) (0.3 + 0.9 * rnd.nextDouble()), rnd.nextBoolean(), occlusion, (float) (0.1 + 0.35 * rnd.nextDouble()),
          (float) (2 + 6 * rnd.nextDouble()), (float) ((4 + 8 * rnd.nextDouble()) * fps)));
      t += len + (int) Math.max(4 * fps, -Math.log(1 - rnd.nextDouble()) * meanGapFrames);
    }
  }

  private List<Distractor> scheduleDistractors(SplittableRandom rnd, double perHour) {
    List<Distractor> out = new ArrayList<>();
    double meanGapFrames = 3600 * fps / Math.max(perHour, 1e-9);
    int t = (int) (-Math.log(1 - rnd.nextDouble()) * meanGapFrames);
    while (t < frames) {
      boolean light = rnd.nextDouble() < 0.3;
      int len = (int) Math.max(1, Math.round((light ? 10 + 110 * rnd.nextDouble() : 3 + 17 * rnd.nextDouble()) * fps));
      boolean leftToRight = rnd.nextBoolean();
      float y0 = (float) (0.3 + 0.6 * rnd.nextDouble());
      out.add(new Distractor(t, Math.min(frames - 1, t + len - 1), light,
          (float) ((rnd.nextBoolean() ? 1 : -1) * (0.12 + 0.2 * rnd.nextDouble())), rnd.nextInt(3),
          (float) (0.15 + 0.3 * rnd.nextDouble()), leftToRight ? -0.2f : 1.2f, y0, leftToRight ? 1.2f : -0.2f,
          (float) (y0 + 0.2 * (rnd.nextDouble() - 0.5)), (float) (0.4 + 0.8 * rnd.nextDouble())));
      t += len + (int) (-Math.log(1 - rnd.nextDouble()) * meanGapFrames);
    }
    return List.copyOf(out);
  }

  /** SplitMix64 of (seed, frame): the frame's noise offset, independent of render order. */
  private static long mix(long seed, long frame) {
    long z = seed + frame * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
