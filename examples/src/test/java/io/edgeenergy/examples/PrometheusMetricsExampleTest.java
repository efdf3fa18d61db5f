package io.edgeenergy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.energy.LedgerSnapshot;
import io.edgeenergy.micrometer.EdgeEnergyMetrics;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the real digits cascade and scrapes its metrics endpoint over loopback, as Prometheus would. */
class PrometheusMetricsExampleTest {
  private static final Path MODELS = Path.of("../models/digits");

  @Test
  void theScrapeHasTheLedgersJoulesPerModelWithTheirQualityTag() throws Exception {
    List<float[]> images = new ArrayList<>();
    DigitsCascadeExample.readDigits(MODELS.resolve("digits.csv.gz"), images, new ArrayList<>());
    EnergyBudget budget = EnergyBudget.builder().name("battery")
        .battery(Energy.ofJoules(10_000), Duration.ofDays(30)).build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (EnergyMeter meter = EnergyMeters.detect().meter();
         Model tiny = InferenceBackends.load(MODELS.resolve("digits_tiny_logreg.onnx"));
         Model big = InferenceBackends.load(MODELS.resolve("digits_big_mlp.onnx"));
         var pipeline = PrometheusMetricsExample.cascade(tiny, big, meter, budget)) {
      EdgeEnergyMetrics.builder().pipeline("digits", pipeline).budget(budget).build().bindTo(registry);
      HttpServer server = PrometheusMetricsExample.serve(registry);
      try {
        images.subList(0, 300).forEach(pipeline::run);
        LedgerSnapshot ledger = pipeline.ledger().snapshot();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        String quality = "quality=\"" + ledger.quality() + "\"";
        String meterTag = "meter=\"" + meter.name() + "\"";
        for (int t = 0; t < 2; t++) {
          LedgerSnapshot.StageStats stage = ledger.tiers().get(t).stages().get(0);
          double scraped = value(response.body(), "edgeenergy_inference_energy_joules_total",
              "tier=\"" + ledger.tiers().get(t).name() + "\"", quality, meterTag);
          assertThat(scraped).isGreaterThan(0).isEqualTo(stage.energy().toJoules());
        }
        assertThat(value(response.body(), "edgeenergy_inferences_total", "reason=\"ACCEPTED\"")
            + value(response.body(), "edgeenergy_inferences_total", "reason=\"FINAL_TIER\"")).isEqualTo(300);
        assertThat(value(response.body(), "edgeenergy_budget_remaining_joules", "budget=\"battery\""))
            .isEqualTo(budget.batteryRemaining().orElseThrow().toJoules());
      } finally {
        server.stop(0);
      }
    }
  }

  private static double value(String scrape, String metric, String... labels) {
    List<String> lines = scrape.lines().filter(l -> l.startsWith(metric + "{"))
        .filter(l -> List.of(labels).stream().allMatch(l::contains)).toList();
    assertThat(lines).as("%s %s in%n%s", metric, List.of(labels), scrape).hasSize(1);
    return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
  }
}
