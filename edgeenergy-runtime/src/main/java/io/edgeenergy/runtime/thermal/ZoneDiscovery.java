package io.edgeenergy.runtime.thermal;

import io.edgeenergy.runtime.internal.sysfs.SysfsRead;
import io.edgeenergy.runtime.internal.sysfs.SysfsReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the thermal zones under a sysfs root and each one's throttling temperature, for {@link ThermalMonitor}. */
final class ZoneDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(ThermalMonitor.class);
  private static final Pattern TRIP = Pattern.compile("trip_point_(\\d+)_temp");

  private ZoneDiscovery() {}

  static List<ThermalZone> discover(Path sysRoot, Map<String, Long> throttleAt, SysfsReader sysfs) {
    Path dir = sysRoot.resolve("class/thermal");
    List<Path> found = SysfsReader.list(dir, "thermal_zone\\d+");
    if (found.isEmpty()) {
      LOG.debug("no thermal zones under {}", dir);
    }
    List<ThermalZone> out = new ArrayList<>();
    for (Path zoneDir : found) {
      String type = firstLine(sysfs, zoneDir.resolve("type"));
      List<TripPoint> trips = trips(zoneDir, sysfs);
      Long configured = type == null ? null : throttleAt.get(type);
      long throttle = Long.MIN_VALUE;
      String source;
      if (configured != null) {
        throttle = configured;
        source = "configured throttling temperature " + ThermalZone.celsius(configured);
      } else {
        TripPoint anchor = lowest(trips, "passive");
        String kind = "";
        if (anchor == null) {
          anchor = lowest(trips, "hot");
          kind = " (no passive trip)";
        }
        if (anchor == null) {
          anchor = lowest(trips, "critical");
          kind = " (no passive or hot trip: 1.0 is the shutdown point, not throttling)";
        }
        if (anchor != null) {
          throttle = anchor.milliCelsius();
          source = anchor + kind;
        } else {
          source = trips.isEmpty() ? "no trip points and no configured throttling temperature"
              : "no usable passive, hot or critical trip (" + trips + ") and no configured throttling temperature";
        }
      }
      out.add(new ThermalZone(zoneDir.getFileName().toString(), zoneDir, type == null ? "unknown" : type, trips,
          throttle, source));
    }
    return List.copyOf(out);
  }

  private static TripPoint lowest(List<TripPoint> trips, String type) {
    TripPoint best = null;
    for (TripPoint t : trips) {
      if (t.usable() && t.type().equals(type) && (best == null || t.milliCelsius() < best.milliCelsius())) {
        best = t;
      }
    }
    return best;
  }

  private static List<TripPoint> trips(Path zoneDir, SysfsReader sysfs) {
    List<TripPoint> trips = new ArrayList<>();
    for (Path p : SysfsReader.list(zoneDir, "trip_point_\\d+_temp")) {
      Matcher m = TRIP.matcher(p.getFileName().toString());
      SysfsRead temp = sysfs.number(p);
      if (!m.matches() || !temp.isPresent()) {
        LOG.debug("{}; trip point ignored", temp.problem());
        continue;
      }
      int index = Integer.parseInt(m.group(1));
      String type = firstLine(sysfs, zoneDir.resolve("trip_point_" + index + "_type"));
      trips.add(new TripPoint(index, type == null ? "unknown" : type, temp.number().getAsLong()));
    }
    // the list's natural order sorts trailing numbers only: trip_point_10_temp would come before _2_
    trips.sort(Comparator.comparingInt(TripPoint::index));
    return trips;
  }

  /**
   * A zone's descriptive node ({@code type}, a trip point): absent, denied or garbage all leave the
   * zone without that fact (type "unknown", trip ignored), logged at DEBUG with the reason.
   */
  private static String firstLine(SysfsReader sysfs, Path file) {
    SysfsRead r = sysfs.line(file);
    if (!r.isPresent()) {
      LOG.debug("{}", r.problem());
    }
    return r.value().orElse(null);
  }
}
