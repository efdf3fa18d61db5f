/**
 * Implementation details shared by the runtime's packages ({@code meter}, {@code profile}); not API, may
 * change without notice, and no other module may use them (enforced by {@code LayeringTest}).
 */
package io.edgeenergy.runtime.internal;
