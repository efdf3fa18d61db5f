package io.edgeenergy.runtime.meter;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a {@link CounterFile}; injectable so tests can simulate EACCES even when run as root. */
@FunctionalInterface
public interface CounterOpener {
  /** Opens {@code energyFile}; throws what opening it throws ({@code AccessDeniedException} for EACCES). */
  CounterFile open(Path energyFile) throws IOException;
}
