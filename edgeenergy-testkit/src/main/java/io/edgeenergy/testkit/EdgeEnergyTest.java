package io.edgeenergy.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) whose tests take a {@link FakeTicker}, a {@link SimulatedMeter}
 * and/or a {@link RecordingBudgetListener} as parameters; see {@link EnergyTestExtension}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EnergyTestExtension.class)
public @interface EdgeEnergyTest {}
