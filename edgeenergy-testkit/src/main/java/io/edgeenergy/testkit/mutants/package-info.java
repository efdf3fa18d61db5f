/**
 * Damaged model files and a forked-JVM harness that loads them, so a backend (or an app's own
 * model pipeline) can prove that no damaged or hostile file crashes the process: {@link
 * io.edgeenergy.testkit.mutants.ModelMutator} makes seeded mutants, {@link
 * io.edgeenergy.testkit.mutants.ForkedMutantRun} loads them in child JVMs and reports crashes.
 */
package io.edgeenergy.testkit.mutants;
