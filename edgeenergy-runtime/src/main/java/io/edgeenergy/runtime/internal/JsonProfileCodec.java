package io.edgeenergy.runtime.internal;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.edgeenergy.Power;
import io.edgeenergy.runtime.profile.CpuCluster;
import io.edgeenergy.runtime.profile.OperatingPoint;
import io.edgeenergy.runtime.profile.PowerProfile;
import io.edgeenergy.runtime.profile.ProfileFormatException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the JSON power-profile format documented on {@link PowerProfile}. Reading is
 * strict (RFC 8259, no comments, no trailing commas) and rejects unknown and repeated keys, as the
 * properties format does, so a typo never silently changes a figure.
 */
public final class JsonProfileCodec {
  private static final Set<String> TOP = Set.of("name", "source", "baseMilliwatts", "nominalVolts", "clusters");
  private static final Set<String> CLUSTER = Set.of("name", "cores", "activeMilliwatts");

  private JsonProfileCodec() {}

  /** The profile as pretty-printed JSON; powers in mW with µW precision, so reading it back is exact. */
  public static String write(PowerProfile p) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.setIndent("  ");
      w.beginObject();
      w.name("name").value(p.name());
      w.name("source").value(p.source());
      w.name("baseMilliwatts").value(milliwatts(p.basePower()));
      if (p.nominalVolts().isPresent()) {
        w.name("nominalVolts").value(p.nominalVolts().getAsDouble());
      }
      w.name("clusters").beginArray();
      for (CpuCluster c : p.clusters()) {
        w.beginObject().name("name").value(c.name()).name("cores").value(c.cores());
        w.name("activeMilliwatts").beginObject();
        for (OperatingPoint pt : c.points()) {
          w.name(Long.toString(pt.frequencyKhz())).value(milliwatts(pt.activePowerPerCore()));
        }
        w.endObject().endObject();
      }
      w.endArray().endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out + "\n";
  }

  private static BigDecimal milliwatts(Power p) {
    return BigDecimal.valueOf(p.microwatts(), 3).stripTrailingZeros();
  }

  public static PowerProfile read(Reader in, String origin) throws IOException {
    Object tree;
    try (JsonReader r = new JsonReader(in)) {
      r.setStrictness(Strictness.STRICT);
      tree = value(r, origin, "");
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new ProfileFormatException(origin, "", "more than one JSON value in the file");
      }
    } catch (com.google.gson.stream.MalformedJsonException | IllegalStateException e) {
      throw new ProfileFormatException(origin, "", "not valid JSON: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new ProfileFormatException(origin, "", "not valid JSON: the file ends too early", e);
    }
    return new Reading(origin).profile(tree);
  }

  /** A JSON value as Map (duplicates rejected), List, String, BigDecimal, Boolean or null. */
  private static Object value(JsonReader r, String origin, String path) throws IOException {
    switch (r.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) {
          String key = r.nextName();
          String at = path.isEmpty() ? key : path + "." + key;
          if (m.containsKey(key)) {
            throw new ProfileFormatException(origin, at, "appears more than once; give each key once");
          }
          m.put(key, value(r, origin, at));
        }
        r.endObject();
        return m;
      }
      case BEGIN_ARRAY -> {
        List<Object> l = new ArrayList<>();
        r.beginArray();
        for (int i = 0; r.hasNext(); i++) {
          l.add(value(r, origin, path + "[" + i + "]"));
        }
        r.endArray();
        return l;
      }
      case NUMBER -> {
        String text = r.nextString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        BigDecimal d;
        try {
          d = new BigDecimal(text);
        } catch (NumberFormatException e) {
          // 1111111111E1111111111111111111110110 threw a raw NumberFormatException (RuntimeParsersFuzzTest#jsonProfile)
          throw new ProfileFormatException(origin, path, "number '" + shown + "' is out of range", e);
        }
        if (Math.abs((long) d.scale()) > 1000) {
          // an exponent of a million digits would make later arithmetic run out of memory
          throw new ProfileFormatException(origin, path, "number '" + shown + "' is out of range");
        }
        return d;
      }
      case STRING -> {
        return r.nextString();
      }
      case BOOLEAN -> {
        return r.nextBoolean();
      }
      case NULL -> {
        r.nextNull();
        return null;
      }
      default -> throw new ProfileFormatException(origin, path, "unexpected " + r.peek());
    }
  }

  private static final class Reading {
    private final String origin;

    Reading(String origin) {
      this.origin = origin;
    }

    PowerProfile profile(Object tree) {
      Map<String, Object> top = object(tree, "", "a JSON object with name, source, baseMilliwatts, clusters");
      known(top, TOP, "");
      PowerProfile.Builder b = PowerProfile.custom()
          .name(text(top, "name"))
          .source(text(top, "source"))
          .basePower(milliwatts(top, "baseMilliwatts", false));
      if (top.containsKey("nominalVolts")) {
        BigDecimal v = number(top.get("nominalVolts"), "nominalVolts", "the nominal voltage in V");
        if (v.signum() <= 0) {
          throw fail("nominalVolts", "must be > 0 V (nominal voltage), was " + v);
        }
        b.nominalVolts(v.doubleValue());
      }
      if (!(top.get("clusters") instanceof List<?> clusters) || clusters.isEmpty()) {
        throw fail("clusters", "missing or empty: expected an array of {\"name\", \"cores\", \"activeMilliwatts\"}");
      }
      for (int i = 0; i < clusters.size(); i++) {
        String at = "clusters[" + i + "]";
        Map<String, Object> c = object(clusters.get(i), at, "a cluster object");
        known(c, CLUSTER, at + ".");
        String name = text(c, "name", at + ".name");
        if (!name.matches("[A-Za-z0-9_-]+")) {
          throw fail(at + ".name", "must match [A-Za-z0-9_-]+, was '" + name + "'");
        }
        BigDecimal cores = number(c.get("cores"), at + ".cores", "the cluster's core count");
        if (cores.signum() <= 0 || cores.stripTrailingZeros().scale() > 0 || cores.compareTo(BigDecimal.valueOf(4096)) > 0) {
          throw fail(at + ".cores", "must be a whole number >= 1, was " + cores);
        }
        Map<String, Object> pts = object(c.get("activeMilliwatts"), at + ".activeMilliwatts",
            "an object of \"<kHz>\": mW per busy core, e.g. {\"1800000\": 1500}");
        if (pts.isEmpty()) {
          throw fail(at + ".activeMilliwatts", "is empty: the cluster needs at least one point");
        }
        Map<Long, Power> points = new LinkedHashMap<>();
        for (String khz : pts.keySet()) {
          String key = at + ".activeMilliwatts." + khz;
          if (!khz.matches("[1-9][0-9]{0,15}")) {
            throw fail(key, "must be a frequency in whole kHz >= 1, e.g. \"1800000\"");
          }
          points.put(Long.parseLong(khz), milliwatts(pts, khz, key, true));
        }
        try {
          b.cluster(name, cores.intValueExact(), points);
        } catch (IllegalArgumentException e) {
          throw fail(at, e.getMessage());
        }
      }
      return b.build();
    }

    private void known(Map<String, Object> m, Set<String> allowed, String prefix) {
      for (String key : m.keySet()) {
        if (!allowed.contains(key)) {
          throw fail(prefix + key, "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
        }
      }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object v, String key, String expected) {
      if (v instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
      throw fail(key, (v == null ? "missing" : "not an object") + ": expected " + expected);
    }

    private String text(Map<String, Object> m, String key) {
      return text(m, key, key);
    }

    private String text(Map<String, Object> m, String key, String at) {
      if (m.get(key) instanceof String s && !s.isBlank()) {
        return s;
      }
      throw fail(at, (m.containsKey(key) ? "must be a non-blank string" : "missing") + ": expected "
          + (key.equals("source") ? "a citation of where the numbers come from" : "a name"));
    }

    private Power milliwatts(Map<String, Object> m, String key, boolean strictlyPositive) {
      return milliwatts(m, key, key, strictlyPositive);
    }

    private Power milliwatts(Map<String, Object> m, String key, String at, boolean strictlyPositive) {
      BigDecimal mw = number(m.get(key), at, "a power in mW");
      if (strictlyPositive ? mw.signum() <= 0 : mw.signum() < 0) {
        throw fail(at, "must be " + (strictlyPositive ? "> 0" : ">= 0") + " mW, was " + mw.toPlainString());
      }
      if (mw.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
        throw fail(at, "out of range: " + mw.toPlainString() + " mW");
      }
      Power p = Power.ofMicrowatts(mw.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact());
      if (strictlyPositive && p.microwatts() == 0) {
        throw fail(at, "must be at least 0.001 mW, was " + mw.toPlainString());
      }
      return p;
    }

    private BigDecimal number(Object v, String key, String meaning) {
      if (v instanceof BigDecimal d) {
        return d;
      }
      throw fail(key, (v == null ? "missing" : "must be a JSON number, was " + (v instanceof String ? "the string \"" + v + "\"" : v))
          + " (" + meaning + ")");
    }

    private ProfileFormatException fail(String key, String problem) {
      return new ProfileFormatException(origin, key, problem);
    }
  }
}
