/**
 * Not part of the public API: the pipeline's writable prediction and ledger, and helpers of this
 * module. No other module may use it (an architecture test checks); backends build on
 * {@link io.edgeenergy.model.spi}.
 */
package io.edgeenergy.internal;
