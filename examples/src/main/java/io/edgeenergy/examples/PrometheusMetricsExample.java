package io.edgeenergy.examples;

import com.sun.net.httpserver.HttpServer;
import io.edgeenergy.Energy;
import io.edgeenergy.energy.EnergyBudget;
import io.edgeenergy.energy.EnergyMeter;
import io.edgeenergy.micrometer.EdgeEnergyMetrics;
import io.edgeenergy.model.InferenceBackends;
import io.edgeenergy.model.Model;
import io.edgeenergy.pipeline.InputBinder;
import io.edgeenergy.pipeline.ScoreReader;
import io.edgeenergy.pipeline.Tier;
import io.edgeenergy.pipeline.TieredInferencePipeline;
import io.edgeenergy.policy.Confidence;
import io.edgeenergy.policy.GatePolicy;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The digits cascade with its joules, stop reasons and budget exposed for Prometheus: an
 * {@link EdgeEnergyMetrics} binder on a {@link PrometheusMeterRegistry}, served by the JDK's
 * {@link HttpServer} at {@code http://127.0.0.1:PORT/metrics}. A fleet would rather push the same
 * binder's meters through Micrometer's OTLP registry (see the README).
 *
 * <p>Run: {@code java -cp ... PrometheusMetricsExample models/digits 60} (serves for 60 s), then
 * {@code curl http://127.0.0.1:PORT/metrics | grep edgeenergy_inference_energy}.
 */
public final class PrometheusMetricsExample {
  private PrometheusMetricsExample() {}

  /** Starts a scrape endpoint for {@code registry} on loopback, on a free port; stop it when done. */
  public static HttpServer serve(PrometheusMeterRegistry registry) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  /** The README's cascade with a battery budget, on {@code meter}. */
  public static TieredInferencePipeline<float[]> cascade(Model tiny, Model big, EnergyMeter meter,
      EnergyBudget budget) {
    return TieredInferencePipeline.<float[]>builder()
        .tier(Tier.<float[]>builder("tiny").model(tiny).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("probs")).build())
        .gate(GatePolicy.confident(Confidence.MAX_PROBABILITY, 0.90, 0.70))
        .tier(Tier.<float[]>builder("big").model(big).input(InputBinder.floats())
            .scores(ScoreReader.probabilities("probs")).build())
        .meter(meter).budget(budget).build();
  }

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args.length > 0 ? args[0] : "models/digits");
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
    List<float[]> images = new ArrayList<>();
    DigitsCascadeExample.readDigits(models.resolve("digits.csv.gz"), images, new ArrayList<>());
    EnergyBudget budget = EnergyBudget.builder().name("battery")
        .battery(Energy.ofJoules(10_000), Duration.ofDays(30)).build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (EnergyMeter meter = EnergyMeters.detect().meter();
         Model tiny = InferenceBackends.load(models.resolve("digits_tiny_logreg.onnx"));
         Model big = InferenceBackends.load(models.resolve("digits_big_mlp.onnx"));
         var pipeline = cascade(tiny, big, meter, budget)) {
      EdgeEnergyMetrics.builder().pipeline("digits", pipeline).budget(budget).build().bindTo(registry);
      HttpServer server = serve(registry);
      System.out.println("scrape http://127.0.0.1:" + server.getAddress().getPort() + "/metrics for " + seconds + " s");
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      try {
        for (int i = 0; System.nanoTime() < end; i = (i + 1) % images.size()) {
          pipeline.run(images.get(i));
          if (i == 0) {
            Thread.sleep(100);   // an app's pace, not a benchmark's
          }
        }
      } finally {
        server.stop(0);
      }
    }
  }
}
