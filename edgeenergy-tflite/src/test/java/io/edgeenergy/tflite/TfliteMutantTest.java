package io.edgeenergy.tflite;

import static io.edgeenergy.testkit.mutants.ForkedMutantRun.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeenergy.testkit.mutants.ForkedMutantRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Damaged copies of the real digits {@code .tflite} models ({@link
 * io.edgeenergy.testkit.mutants.ModelMutator}), each loaded and run once in a child JVM: none may
 * kill the JVM, every failure must be one of the SDK's exceptions. The short form runs in every
 * build; the long form, the figure in docs/BENCHMARKS.md, is
 * {@code mvn -pl edgeenergy-tflite -am test -Dtest=TfliteMutantTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dedgeenergy.long=true [-Dedgeenergy.mutants.seeds=1,2]
 * -Dedgeenergy.mutants.models=digits_tiny_logreg.tflite,digits_big_mlp_int8.tflite} (20,000 mutants per
 * model and seed).
 * Inputs that crashed before the structural check existed are kept in {@code src/test/resources/mutants}.
 */
class TfliteMutantTest {
  private static final Logger LOG = LoggerFactory.getLogger(TfliteMutantTest.class);
  private static final int SHORT = 500;
  private static final int LONG = 20_000;

  @Test
  void mutantsOfTheTinyModelNeverCrashTheJvm() throws Exception {
    ForkedMutantRun.Report r = ForkedMutantRun.mutants("tflite", TestModels.digits("digits_tiny_logreg.tflite"), 7L,
        SHORT, null);
    LOG.info("short form: {}", r);
    assertClean(r);
    assertThat(r.cleanExceptions()).as("the mutator must damage most copies").isGreaterThan(SHORT / 2);
  }

  @Test
  void inputsThatOnceCrashedAreCleanExceptionsNow() throws Exception {
    List<Path> files = ForkedMutantRun.regressionFiles(Path.of("src/test/resources/mutants"), "tflite");
    assertThat(files).isNotEmpty();
    ForkedMutantRun.Report r = assertClean(ForkedMutantRun.files("tflite", files));
    assertThat(r.ok()).as("every kept crash input is damaged: it must be refused").isZero();
  }

  @Test
  @EnabledIfSystemProperty(named = "edgeenergy.long", matches = "true")
  void longForm() throws Exception {
    for (String seed : System.getProperty("edgeenergy.mutants.seeds", "1").split(",")) {
      for (String model : System.getProperty("edgeenergy.mutants.models", "digits_tiny_logreg.tflite").split(",")) {
        ForkedMutantRun.Report r = ForkedMutantRun.mutants("tflite", TestModels.digits(model),
            Long.parseLong(seed.trim()), LONG, Path.of("target", "mutant-crashes"));
        LOG.info("long form, {} seed {}: {}", model, seed, r);
        assertClean(r);
      }
    }
  }
}
