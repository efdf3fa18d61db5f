package io.edgeenergy.cli;

import java.util.List;
import java.util.Locale;

/**
 * The report page: a header with what was measured and how, then the figures (PNG images embedded as
 * {@code data:} URLs). Nothing is loaded from elsewhere.
 */
final class HtmlReport {
  private HtmlReport() {}

  static String render(List<ReportFigures.Figure> figures, DemoReport demo, SimulateReport sim, ProfileReport profile) {
    return render(figures, demo, sim, profile, List.of());
  }

  /** The page for any mix of demo, simulate, profile and stream runs (each may be null/empty). */
  static String render(List<ReportFigures.Figure> figures, DemoReport demo, SimulateReport sim, ProfileReport profile,
      List<StreamRun> streams) {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>edgeenergy report</title>\n")
        .append("<style>body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}")
        .append("figure{margin:2em 0;border-top:1px solid #ccc}figure img.chart{width:100%;height:auto}")
        .append("figcaption{font-size:90%;color:#444}.q{font-weight:bold}</style></head><body>\n")
        .append("<h1>edgeenergy report</h1>\n<ul>\n");
    if (demo != null) {
      h.append(li(String.format(Locale.ROOT, "Demo: backend %s, meter %s (<span class=\"q\">%s</span>): %s; metering %s; "
          + "%d test images x %d passes; calibrated cascade threshold %.3f.", escape(demo.backend()), escape(demo.meter()),
          demo.meterQuality(), escape(demo.meterDescription()), demo.metering(), demo.testImages(), demo.passes(),
          demo.cascadeThreshold())));
    }
    if (sim != null) {
      h.append(li(String.format(Locale.ROOT, "Simulation: trace %s, %d inputs, tiers %s, meter %s "
          + "(<span class=\"q\">%s</span>); no model ran.", escape(sim.trace()), sim.inputs(), escape(sim.tiers().toString()), escape(sim.meter()), sim.quality())));
    }
    if (profile != null) {
      h.append(li(String.format(Locale.ROOT, "Profile: %s on %s, %.3f µJ per inference (<span class=\"q\">%s</span>), "
          + "p50 %.1f µs.", escape(profile.model()), escape(profile.backend()), profile.microjoulesPerInference(), profile.quality(),
          profile.latencyMicros().p50())));
    }
    for (StreamRun r : streams) {
      StreamRun.Config c = r.chosen();
      h.append(li(String.format(Locale.ROOT, "Stream %s: %s; %.0f min test stream (seed %d), %.1f events/h; device %s "
          + "(<span class=\"q\">%s</span>); chosen chain %s: recall %.1f %%, %.2f false alarms/h, %.3f J/h.",
          escape(r.chain()), escape(r.streamDescription()), r.streamMinutes(), r.seed(), r.eventsPerHour(),
          escape(r.device()), r.quality(), escape(c.name()), 100 * c.recall(), c.falseAlarmsPerHour(), c.joulesPerHour())));
    }
    h.append("</ul>\n<p>Every figure's title says whether its joules are MEASURED (a hardware counter or sensor) or "
        + "ESTIMATED (CPU time x a power profile, or extrapolated).</p>\n");
    for (ReportFigures.Figure f : figures) {
      h.append("<figure id=\"fig-").append(f.id()).append("\" class=\"plot\"><h2>").append(escape(f.title()))
          .append("</h2>\n").append(f.img()).append("\n<figcaption>").append(escape(f.caption()))
          .append("</figcaption></figure>\n");
    }
    // A self-check the browser test reads from the DOM: every plot's image decoded (after 'load', which waits for images).
    h.append("<script>window.addEventListener('load',function(){var f=document.querySelectorAll('figure.plot');"
        + "var ok=0;f.forEach(function(e){var i=e.querySelector('img.chart');if(i&&i.complete&&i.naturalWidth>0)ok++;});"
        + "document.body.setAttribute('data-plots-drawn',ok+'/'+f.length);});</script>\n</body></html>\n");
    return h.toString();
  }

  private static String li(String html) {
    return "<li>" + html + "</li>\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
