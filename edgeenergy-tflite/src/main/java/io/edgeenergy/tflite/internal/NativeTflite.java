package io.edgeenergy.tflite.internal;

import java.io.IOException;
import org.bytedeco.javacpp.Loader;

/**
 * Loads TensorFlow Lite's JavaCPP natives and explains, in the words a user needs, what to add when
 * they are missing.
 */
public final class NativeTflite {
  /** The Maven coordinates this build was made against; the classifier names the platform. */
  public static final String ARTIFACT = "org.bytedeco:tensorflow-lite";
  static final String FALLBACK_VERSION = "2.19.0-1.5.12";

  private NativeTflite() {}

  /** Loads the natives; throws {@link UnsatisfiedLinkError} and friends when they are missing. */
  public static void load() {
    Loader.load(org.bytedeco.tensorflowlite.global.tensorflowlite.class);
  }

  /** The file of the loaded native library (JavaCPP's cached copy), for calls the preset does not map. */
  static String libraryPath() {
    return Loader.load(org.bytedeco.tensorflowlite.global.tensorflowlite.class);
  }

  /** JavaCPP's name for this platform, e.g. {@code linux-x86_64}, {@code linux-arm64}, {@code android-arm64}. */
  public static String platform() {
    return Loader.getPlatform();
  }

  /** The preset's version from its jar, e.g. {@code 2.19.0-1.5.12}. */
  public static String version() {
    try {
      String v = Loader.getVersion("org.bytedeco", "tensorflow-lite");
      return v != null ? v : FALLBACK_VERSION;
    } catch (IOException | RuntimeException e) {
      return FALLBACK_VERSION;
    }
  }

  /**
   * Why the natives could not load when the reason is JavaCPP's cache directory (where it extracts
   * the libraries from the jars), not missing jars; null otherwise. JavaCPP reports an unwritable
   * cache as an {@link UnsatisfiedLinkError} caused by "Could not create the cache".
   */
  public static String cacheProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (m.contains("Could not create the cache") || m.contains("cachedir")) {
        String dir = System.getProperty("org.bytedeco.javacpp.cachedir",
            System.getProperty("user.home") + "/.javacpp/cache");
        return "the TensorFlow Lite natives are on the class path, but JavaCPP cannot extract them: its cache directory '"
            + dir + "' cannot be created or written (" + m + "). Make it writable, or point"
            + " -Dorg.bytedeco.javacpp.cachedir at a writable directory";
      }
    }
    return null;
  }

  /**
   * What to add to the class path so the natives load here: both native jars of this platform, as
   * a Maven dependency and as the build property of this project.
   */
  public static String missingNativesHint(String platform) {
    String v = version();
    String javacpp = v.substring(v.lastIndexOf('-') + 1);
    return "the TensorFlow Lite natives for platform '" + platform + "' are not on the class path: add "
        + ARTIFACT + ":" + v + ":jar:" + platform + " and org.bytedeco:javacpp:" + javacpp + ":jar:" + platform
        + " (Maven: <classifier>" + platform + "</classifier>; building edgeenergy: -Dedgeenergy.tflite.classifier="
        + platform + ")";
  }
}
