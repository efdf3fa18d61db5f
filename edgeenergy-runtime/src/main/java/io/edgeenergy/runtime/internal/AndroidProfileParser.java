package io.edgeenergy.runtime.internal;

import io.edgeenergy.Power;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.runtime.profile.ProfileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the CPU part of an Android {@code power_profile.xml} (the {@code <device>} file OEMs ship in
 * {@code frameworks/base/core/res/res/xml/}) into a {@link PowerProfile}; see
 * {@link PowerProfile#loadAndroid(Path, double)} for the model. Parsed with a DOM parser that refuses
 * any DOCTYPE and never resolves external entities or DTDs, so a hostile file cannot read local files
 * or reach the network (XXE).
 */
public final class AndroidProfileParser {
  private static final String CORES = "cpu.clusters.cores";
  private static final String CORE_SPEEDS = "cpu.core_speeds.cluster";
  private static final String LEGACY_SPEEDS = "cpu.speeds.cluster";
  private static final String CORE_POWER = "cpu.core_power.cluster";
  private static final String LEGACY_ACTIVE = "cpu.active.cluster";
  private static final String CLUSTER_POWER = "cpu.cluster_power.cluster";
  private static final String STEP_POWER = "cpu.scaling_step_power.policy";
  private static final String POLICY_POWER = "cpu.scaling_policy_power.policy";
  private static final String ACTIVE = "cpu.active";
  private static final String IDLE = "cpu.idle";
  private static final String AWAKE = "cpu.awake";

  private AndroidProfileParser() {}

  public static PowerProfile load(Path file, double nominalVolts) {
    return ProfileParser.read(file, in -> parse(in, file.toString(), "android-" + stripXml(file.getFileName().toString()),
        nominalVolts));
  }

  /** Parses {@code power_profile.xml} content; {@code origin} names it in error messages. */
  public static PowerProfile parse(InputStream in, String origin, String name, double nominalVolts) throws IOException {
    if (!(nominalVolts > 0) || Double.isInfinite(nominalVolts)) {
      throw new IllegalArgumentException("nominalVolts must be finite and > 0 V, was " + nominalVolts);
    }
    Document doc;
    try {
      doc = secureBuilder().parse(in);
    } catch (SAXParseException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("DOCTYPE")) {
        throw new ProfileFormatException(origin, "", "DOCTYPE declarations are not allowed (they can pull in "
            + "external entities); remove the <!DOCTYPE ...> line", e);
      }
      throw new ProfileFormatException(origin, "", "not well-formed XML at line " + e.getLineNumber() + ": " + msg, e);
    } catch (SAXException e) {
      throw new ProfileFormatException(origin, "", "not well-formed XML: " + e.getMessage(), e);
    } catch (java.io.CharConversionException | java.io.UnsupportedEncodingException e) {
      // the bytes are there but their declared or sniffed encoding is unknown or wrong (found by Jazzer):
      // a format problem of the file, not an I/O failure to report as "could not be read"
      throw new ProfileFormatException(origin, "", "the XML encoding cannot be decoded (" + e.getMessage()
          + "); save power_profile.xml as UTF-8 with <?xml version=\"1.0\" encoding=\"utf-8\"?>", e);
    }
    Element root = doc.getDocumentElement();
    if (!root.getTagName().equals("device")) {
      throw new ProfileFormatException(origin, "", "root element is <" + root.getTagName()
          + ">, expected <device> (an Android power_profile.xml)");
    }
    return new Reading(origin, read(root, origin), nominalVolts).profile(name);
  }

  private static DocumentBuilder secureBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(new ErrorHandler() {
        // the default handler prints "[Fatal Error]" to stderr before throwing; the exception suffices
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a security feature: " + e.getMessage(), e);
    }
  }

  /** The {@code <item>} and {@code <array>} children by name; texts unparsed (only CPU keys are checked). */
  private static Map<String, List<String>> read(Element root, String origin) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (!(children.item(i) instanceof Element e)) {
        continue;
      }
      String key = e.getAttribute("name");
      List<String> texts = new ArrayList<>();
      if (e.getTagName().equals("item")) {
        texts.add(e.getTextContent().strip());
      } else if (e.getTagName().equals("array")) {
        NodeList vs = e.getElementsByTagName("value");
        for (int j = 0; j < vs.getLength(); j++) {
          texts.add(vs.item(j).getTextContent().strip());
        }
      } else {
        continue; // <modem> and future groups are not CPU figures
      }
      if (values.put(key, texts) != null && key.startsWith("cpu.")) {
        throw new ProfileFormatException(origin, key, "appears more than once; give each key once");
      }
    }
    return values;
  }

  private static String stripXml(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".xml") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }

  private static final class Reading {
    private final String origin;
    private final Map<String, List<String>> values;
    private final double volts;

    Reading(String origin, Map<String, List<String>> values, double volts) {
      this.origin = origin;
      this.values = values;
      this.volts = volts;
    }

    PowerProfile profile(String name) {
      List<String> coreCounts = values.get(CORES);
      if (coreCounts == null || coreCounts.isEmpty()) {
        throw fail(CORES, "missing: expected an <array name=\"" + CORES + "\"> with the core count of each cluster");
      }
      double active = values.containsKey(ACTIVE) ? item(ACTIVE) : 0;
      String baseKey = values.containsKey(IDLE) ? IDLE : AWAKE;
      if (!values.containsKey(baseKey)) {
        throw fail(IDLE, "missing: expected <item name=\"cpu.idle\"> (mA with the CPU awake and idle)");
      }
      PowerProfile.Builder b = PowerProfile.custom().name(name)
          .source("Android power_profile.xml " + origin + ": mA x " + volts + " V nominal; active power per busy core "
              + "= core_power + cluster_power + cpu.active (single busy thread), base = " + baseKey)
          .basePower(milliwatts(baseKey, item(baseKey)))
          .nominalVolts(volts);
      int firstCpu = 0;
      for (int c = 0; c < coreCounts.size(); c++) {
        int cores = (int) wholeNumber(CORES, c, coreCounts.get(c));
        if (cores < 1) {
          throw fail(CORES, "value " + c + " must be >= 1 core, was '" + coreCounts.get(c) + "'");
        }
        b.cluster("cluster" + c, cores, points(c, firstCpu, active));
        firstCpu += cores;
      }
      return b.build();
    }

    /** One cluster's points; {@code policy} is its first CPU, the number of newer per-policy keys. */
    private Map<Long, Power> points(int c, int policy, double active) {
      String speedsKey = values.containsKey(CORE_SPEEDS + c) ? CORE_SPEEDS + c : LEGACY_SPEEDS + c;
      List<String> speeds = values.get(speedsKey);
      if (speeds == null || speeds.isEmpty()) {
        throw fail(CORE_SPEEDS + c, "missing: expected an <array> of the frequencies (kHz) of cluster " + c);
      }
      String powerKey;
      double shared;
      if (values.containsKey(STEP_POWER + policy)) {
        powerKey = STEP_POWER + policy;
        shared = values.containsKey(POLICY_POWER + policy) ? item(POLICY_POWER + policy) : 0;
      } else if (values.containsKey(CORE_POWER + c)) {
        powerKey = CORE_POWER + c;
        shared = values.containsKey(CLUSTER_POWER + c) ? item(CLUSTER_POWER + c) : 0;
      } else if (values.containsKey(LEGACY_ACTIVE + c)) {
        powerKey = LEGACY_ACTIVE + c; // pre-Android 8: the whole CPU current at each speed
        shared = 0;
        active = 0;
      } else {
        throw fail(CORE_POWER + c, "missing: expected an <array> of mA per busy core at each of " + speedsKey);
      }
      List<String> currents = values.get(powerKey);
      if (currents.size() != speeds.size()) {
        throw fail(powerKey, "has " + currents.size() + " values but " + speedsKey + " has " + speeds.size()
            + "; give one current per frequency");
      }
      Map<Long, Power> points = new LinkedHashMap<>();
      for (int i = 0; i < speeds.size(); i++) {
        long khz = wholeNumber(speedsKey, i, speeds.get(i));
        if (khz < 1) {
          throw fail(speedsKey, "value " + i + " must be a frequency >= 1 kHz, was '" + speeds.get(i) + "'");
        }
        double ma = number(powerKey, i, currents.get(i)) + shared + active;
        if (points.put(khz, milliwatts(powerKey, ma)) != null) {
          throw fail(speedsKey, "lists " + khz + " kHz twice");
        }
      }
      return points;
    }

    private Power milliwatts(String key, double milliamps) {
      if (!(milliamps > 0) && !key.equals(IDLE) && !key.equals(AWAKE)) {
        throw fail(key, "gives " + milliamps + " mA in total at a frequency; active current must be > 0 mA");
      }
      if (milliamps < 0) {
        throw fail(key, "must be >= 0 mA, was " + milliamps);
      }
      return Power.ofMilliamps(milliamps, volts);
    }

    private double item(String key) {
      List<String> v = values.get(key);
      if (v.size() != 1) {
        throw fail(key, "must be a single <item>, was an <array> of " + v.size() + " values");
      }
      return number(key, 0, v.get(0));
    }

    private double number(String key, int index, String text) {
      if (!text.matches(ProfileParser.DECIMAL)) {
        throw fail(key, "value " + index + " must be a decimal number (mA or kHz), was '" + text + "'");
      }
      return Double.parseDouble(text);
    }

    private long wholeNumber(String key, int index, String text) {
      double d = number(key, index, text);
      if (d != Math.rint(d) || d > Integer.MAX_VALUE) {
        throw fail(key, "value " + index + " must be a whole number, was '" + text + "'");
      }
      return (long) d;
    }

    private ProfileFormatException fail(String key, String problem) {
      return new ProfileFormatException(origin, key, problem);
    }
  }
}
