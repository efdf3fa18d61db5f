/** Implementation details of {@code io.edgeenergy.runtime}; not API, may change without notice. */
package io.edgeenergy.runtime.internal;
