package io.edgeenergy.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.edgeenergy.examples.exits.ExitBudgetDay;
import io.edgeenergy.examples.exits.ExitBudgetDay.Outcome;
import java.util.List;

/** {@code exits-day --json}: the day's settings and each policy's outcome with its hour-by-hour rows. */
final class ExitDayJson {
  /** The value of the {@code format} field. */
  static final String FORMAT = "edgeenergy-exits-day-1";

  private ExitDayJson() {}

  static String of(String model, String family, String profile, int hours, int eventsPerHour, List<Outcome> outcomes) {
    JsonObject root = new JsonObject();
    root.addProperty("format", FORMAT);
    root.addProperty("model", model);
    root.addProperty("family", family);
    root.addProperty("profile", profile);
    root.addProperty("hours", hours);
    root.addProperty("eventsPerHour", eventsPerHour);
    JsonArray policies = new JsonArray();
    for (Outcome o : outcomes) {
      JsonObject p = new JsonObject();
      p.addProperty("policy", o.policy());
      p.addProperty("events", o.events());
      p.addProperty("answered", o.answered());
      p.addProperty("correct", o.correct());
      p.addProperty("lastedHours", o.lasted().toNanos() / 3.6e12);
      p.addProperty("lastedTheDay", o.lastedTheDay());
      p.addProperty("accuracyAnswered", o.accuracy());
      p.addProperty("accuracyOverTheDay", o.accuracyOverTheDay());
      p.addProperty("joules", o.joules());
      p.addProperty("joulesPerHour", o.joulesPerHour());
      p.addProperty("switches", o.switches());
      JsonArray rows = new JsonArray();
      for (ExitBudgetDay.Hour h : o.hours()) {
        JsonObject r = new JsonObject();
        r.addProperty("answered", h.answered());
        r.addProperty("correct", h.correct());
        r.addProperty("joules", h.joules());
        if (!Double.isNaN(h.threshold())) {
          r.addProperty("threshold", h.threshold());   // absent: a fixed policy, or an empty battery
        }
        rows.add(r);
      }
      p.add("hours", rows);
      policies.add(p);
    }
    root.add("policies", policies);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root);
  }
}
