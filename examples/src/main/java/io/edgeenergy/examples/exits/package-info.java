/**
 * Early exit that earns its keep: the multi-exit keyword model of {@code models/exits} run through the
 * SDK ({@link io.edgeenergy.examples.exits.ExitProbe}), every exit policy family swept on validation
 * and reported on held-out test voices ({@link io.edgeenergy.examples.exits.ExitSweep},
 * {@link io.edgeenergy.examples.exits.ExitEvaluation}), with the oracle exit and the monolithic model
 * beside them. The CLI's {@code edgeenergy exits} prints it.
 */
package io.edgeenergy.examples.exits;
