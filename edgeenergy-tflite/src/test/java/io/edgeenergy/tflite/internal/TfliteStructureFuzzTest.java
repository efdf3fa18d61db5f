package io.edgeenergy.tflite.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeenergy.model.ModelLoadException;
import java.nio.ByteBuffer;

/**
 * Jazzer target of the TFLite structural check: whatever the bytes, it returns or throws {@link
 * ModelLoadException}; any other exception (an index out of bounds, an overflow, a stack overflow)
 * is a finding. The normal build runs it in regression mode over the inputs in {@code
 * src/test/resources/io/edgeenergy/tflite/internal/TfliteStructureFuzzTestInputs} (the real tiny
 * model and damaged copies); the long run, recorded in docs/BENCHMARKS.md, is
 * {@code JAZZER_FUZZ=1 mvn -pl edgeenergy-tflite -am test -Dtest=TfliteStructureFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false} (stops after the execution limit below).
 */
class TfliteStructureFuzzTest {
  @FuzzTest(maxExecutions = 1_500_000, maxDuration = "30m")
  void structuralCheckOnlyEverThrowsModelLoadException(byte[] data) {
    try {
      TfliteStructure.check(ByteBuffer.wrap(data), "fuzz input");
    } catch (ModelLoadException expected) {
      // a refusal with a message is the correct outcome for a damaged file
    }
  }
}
