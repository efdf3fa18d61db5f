package io.edgeenergy.runtime.internal;

import io.edgeenergy.Power;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.runtime.profile.PowerProfileException;
import io.edgeenergy.runtime.profile.ProfileFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code .properties} power-profile format documented on {@link PowerProfile}, and picks the
 * reader by file name for the other formats ({@link JsonProfileCodec}, {@link AndroidProfileParser}).
 */
public final class ProfileParser {
  private static final String NAME = "name";
  private static final String SOURCE = "source";
  private static final String BASE = "baseMilliwatts";
  private static final String VOLTS = "nominalVolts";
  private static final String CLUSTERS = "clusters";
  private static final String CLUSTER_PREFIX = "cluster.";
  private static final String CORES = ".cores";
  private static final String ACTIVE = ".activeMilliwatts.";
  /** A plain decimal number, as both text formats write them (no NaN, Infinity, hex or grouping). */
  public static final String DECIMAL = "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?";

  private ProfileParser() {}

  /** Reads a profile file; the format follows the name: {@code .json}, {@code .xml} (Android), else properties. */
  public static PowerProfile load(Path file) {
    String origin = file.toString();
    if (Files.isDirectory(file)) {
      throw new PowerProfileException("power profile " + origin + " is a directory, expected a .properties, .json "
          + "or Android .xml file");
    }
    if (isXml(origin)) {
      return AndroidProfileParser.load(file, PowerProfile.ANDROID_DEFAULT_VOLTS);
    }
    return read(file, in -> parse(in, origin));
  }

  /** What to do with an open profile file. */
  public interface FileReading {
    PowerProfile read(InputStream in) throws IOException;
  }

  /** Opens a profile file; the seam where tests inject EACCES (they run as root, where modes refuse nothing). */
  @FunctionalInterface
  public interface Opener {
    InputStream open(Path file) throws IOException;
  }

  /** Opens {@code file} for {@code reading}, turning a missing, unreadable or failing file into a clear error. */
  public static PowerProfile read(Path file, FileReading reading) {
    return read(file, Files::newInputStream, reading);
  }

  /** {@link #read(Path, FileReading)} with another way to open the file. */
  public static PowerProfile read(Path file, Opener opener, FileReading reading) {
    String origin = file.toString();
    try (InputStream in = opener.open(file)) {
      return reading.read(in);
    } catch (NoSuchFileException e) {
      throw new PowerProfileException("power profile " + origin + " not found", e);
    } catch (AccessDeniedException e) {
      throw new PowerProfileException("power profile " + origin + " is not readable (permission denied); fix: "
          + "chmod a+r " + origin + ", or load a copy the user can read", e);
    } catch (IOException e) {
      throw new PowerProfileException("power profile " + origin + " could not be read: " + e, e);
    }
  }

  public static PowerProfile loadResource(ClassLoader loader, String resourceName) {
    String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
    String origin = "classpath:" + name;
    InputStream found = loader == null ? ClassLoader.getSystemResourceAsStream(name) : loader.getResourceAsStream(name);
    if (found == null) {
      throw new PowerProfileException("power profile " + origin + " not found on the class path");
    }
    try (InputStream in = found) {
      if (isXml(name)) {
        return AndroidProfileParser.parse(in, origin, "android-" + name.substring(name.lastIndexOf('/') + 1,
            name.length() - 4), PowerProfile.ANDROID_DEFAULT_VOLTS);
      }
      return parse(in, origin);
    } catch (IOException e) {
      throw new PowerProfileException("power profile " + origin + " could not be read: " + e, e);
    }
  }

  private static boolean isXml(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(".xml");
  }

  private static boolean isJson(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
  }

  /**
   * Parses UTF-8 text, JSON when {@code origin} ends in {@code .json}, else properties; {@code origin}
   * names the file or resource in error messages.
   */
  public static PowerProfile parse(InputStream in, String origin) throws IOException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try (Reader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
      return isJson(origin) ? JsonProfileCodec.read(reader, origin) : parse(reader, origin);
    } catch (CharacterCodingException e) {
      throw new ProfileFormatException(origin, "", "not valid UTF-8 text", e);
    }
  }

  static PowerProfile parse(Reader reader, String origin) throws IOException {
    StrictProperties props = new StrictProperties();
    try {
      props.load(reader);
    } catch (IllegalArgumentException e) {
      throw new ProfileFormatException(origin, "", "not valid properties syntax: " + e.getMessage(), e);
    }
    if (props.duplicate != null) {
      throw new ProfileFormatException(origin, props.duplicate, "appears more than once; give each key once");
    }
    return new Reading(props, origin).profile();
  }

  /** One parse: tracks which keys were used so unknown keys can be reported. */
  private static final class Reading {
    private final Properties props;
    private final String origin;
    private final Set<String> used = new LinkedHashSet<>();

    Reading(Properties props, String origin) {
      this.props = props;
      this.origin = origin;
    }

    PowerProfile profile() {
      PowerProfile.Builder b = PowerProfile.custom()
          .name(text(NAME, "the profile's name"))
          .source(text(SOURCE, "a citation of where the numbers come from"))
          .basePower(milliwatts(BASE, false, "the device's base (idle) power in mW"));
      if (props.containsKey(VOLTS)) {
        used.add(VOLTS);
        double volts = number(VOLTS, raw(VOLTS), "the nominal voltage in V");
        // 1206E1206 parsed to Infinity and reached the builder's IllegalArgumentException
        // (found by RuntimeParsersFuzzTest#propertiesProfile)
        if (!(volts > 0) || Double.isInfinite(volts)) {
          throw fail(VOLTS, "must be a finite voltage > 0 V (nominal voltage), was " + raw(VOLTS));
        }
        b.nominalVolts(volts);
      }
      for (String cluster : clusterNames()) {
        b.cluster(cluster, cores(cluster), points(cluster));
      }
      Set<String> unknown = new TreeSet<>();
      for (String key : props.stringPropertyNames()) {
        if (!used.contains(key)) {
          unknown.add(key);
        }
      }
      if (!unknown.isEmpty()) {
        String key = unknown.iterator().next();
        throw fail(key, "unknown key" + (unknown.size() > 1 ? " (also unknown: " + unknown + ")" : "")
            + "; expected name, source, baseMilliwatts, nominalVolts, clusters, cluster.<c>.cores, "
            + "cluster.<c>.activeMilliwatts.<kHz> with <c> one of clusters=" + raw(CLUSTERS));
      }
      return b.build();
    }

    private List<String> clusterNames() {
      String list = text(CLUSTERS, "a comma-separated list of cluster names, e.g. 'little, big'");
      Set<String> names = new LinkedHashSet<>();
      for (String part : list.split(",", -1)) {
        String n = part.strip();
        if (!n.matches("[A-Za-z0-9_-]+")) {
          throw fail(CLUSTERS, "cluster names must match [A-Za-z0-9_-]+ and be separated by commas, was '"
              + list + "'");
        }
        if (!names.add(n)) {
          throw fail(CLUSTERS, "lists cluster '" + n + "' twice");
        }
      }
      return new ArrayList<>(names);
    }

    private int cores(String cluster) {
      String key = CLUSTER_PREFIX + cluster + CORES;
      String v = required(key, "the number of cores in cluster " + cluster);
      try {
        int cores = Integer.parseInt(v);
        if (cores >= 1) {
          return cores;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw fail(key, "must be a whole number >= 1 (cores in cluster " + cluster + "), was '" + v + "'");
    }

    private Map<Long, Power> points(String cluster) {
      String prefix = CLUSTER_PREFIX + cluster + ACTIVE;
      Map<Long, Power> points = new LinkedHashMap<>();
      for (String key : new TreeSet<>(props.stringPropertyNames())) {
        if (!key.startsWith(prefix)) {
          continue;
        }
        used.add(key);
        String khzText = key.substring(prefix.length());
        long khz;
        try {
          khz = Long.parseLong(khzText);
        } catch (NumberFormatException e) {
          khz = 0;
        }
        if (khz < 1 || !khzText.matches("[0-9]+")) {
          throw fail(key, "must end in a frequency in whole kHz >= 1 (e.g. " + prefix + "1800000), was '"
              + khzText + "'");
        }
        points.put(khz, milliwatts(key, true, "active mW per busy core at " + khz + " kHz"));
      }
      if (points.isEmpty()) {
        throw fail(prefix + "<kHz>", "missing: cluster " + cluster
            + " needs at least one point, e.g. " + prefix + "1800000 = 1500 (mW per busy core at 1.8 GHz)");
      }
      return points;
    }

    private Power milliwatts(String key, boolean strictlyPositive, String meaning) {
      String v = required(key, meaning);
      double mw = number(key, v, meaning);
      if (strictlyPositive ? !(mw > 0) : mw < 0) {
        throw fail(key, "must be " + (strictlyPositive ? "> 0" : ">= 0") + " mW (" + meaning + "), was " + v);
      }
      Power power;
      try {
        power = Power.ofMilliwatts(mw);
      } catch (IllegalArgumentException e) {
        throw fail(key, "out of range (" + meaning + "): " + e.getMessage());
      }
      if (strictlyPositive && power.microwatts() == 0) {
        throw fail(key, "must be at least 0.001 mW (" + meaning + "), was " + v);
      }
      return power;
    }

    private double number(String key, String v, String meaning) {
      if (v.matches("[+-]?(NaN|Infinity)")) {
        throw fail(key, "must be a finite number (" + meaning + "), was " + v);
      }
      if (!v.matches(DECIMAL)) {
        throw fail(key, "must be a decimal number (" + meaning + "), was '" + v + "'");
      }
      return Double.parseDouble(v);
    }

    private String text(String key, String meaning) {
      return required(key, meaning);
    }

    private String required(String key, String meaning) {
      used.add(key);
      String v = raw(key);
      if (v == null) {
        throw fail(key, "missing: expected " + meaning);
      }
      if (v.isEmpty()) {
        throw fail(key, "is empty: expected " + meaning);
      }
      return v;
    }

    private String raw(String key) {
      String v = props.getProperty(key);
      return v == null ? null : v.strip();
    }

    private ProfileFormatException fail(String key, String problem) {
      return new ProfileFormatException(origin, key, problem);
    }
  }

  /** Properties that remember the first key given twice (plain Properties keeps the last silently). */
  private static final class StrictProperties extends Properties {
    private String duplicate;

    @Override
    public synchronized Object put(Object key, Object value) {
      Object previous = super.put(key, value);
      if (previous != null && duplicate == null) {
        duplicate = String.valueOf(key);
      }
      return previous;
    }
  }
}
