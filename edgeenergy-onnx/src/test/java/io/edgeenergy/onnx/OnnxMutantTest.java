package io.edgeenergy.onnx;

import static io.edgeenergy.testkit.mutants.ForkedMutantRun.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.testkit.mutants.ForkedMutantRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Damaged copies of the real digits {@code .onnx} models ({@link
 * io.edgeenergy.testkit.mutants.ModelMutator}), each loaded and run once in a child JVM: none may
 * kill the JVM, every failure must be one of the SDK's exceptions. The short form runs in every
 * build; the long form, the figure in docs/BENCHMARKS.md, is
 * {@code mvn -pl edgeenergy-onnx -am test -Dtest=OnnxMutantTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dedgeenergy.long=true [-Dedgeenergy.mutants.seeds=1,2] [-Dedgeenergy.mutants.models=a.onnx,b.onnx]}
 * (20,000 mutants per model and seed).
 */
class OnnxMutantTest {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxMutantTest.class);
  private static final int SHORT = 500;
  private static final int LONG = 20_000;

  @Test
  void mutantsOfTheTinyModelNeverCrashTheJvm() throws Exception {
    ForkedMutantRun.Report r = ForkedMutantRun.mutants("onnx", DigitsData.dir().resolve("digits_tiny_logreg.onnx"),
        7L, SHORT, null);
    LOG.info("short form: {}", r);
    assertClean(r);
    assertThat(r.cleanExceptions()).as("the mutator must damage many copies").isGreaterThan(SHORT / 10);
  }

  @Test
  @EnabledIfSystemProperty(named = "edgeenergy.long", matches = "true")
  void longForm() throws Exception {
    for (String seed : System.getProperty("edgeenergy.mutants.seeds", "1").split(",")) {
      for (String model : System.getProperty("edgeenergy.mutants.models", "digits_tiny_logreg.onnx").split(",")) {
        ForkedMutantRun.Report r = ForkedMutantRun.mutants("onnx", DigitsData.dir().resolve(model),
            Long.parseLong(seed.trim()), LONG, java.nio.file.Path.of("target", "mutant-crashes"));
        LOG.info("long form, {} seed {}: {}", model, seed, r);
        assertClean(r);
      }
    }
  }
}
