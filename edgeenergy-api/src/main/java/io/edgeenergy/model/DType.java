package io.edgeenergy.model;

/** Element types a tensor can hold, with their size in bytes. */
public enum DType {
  FLOAT32(4),
  INT8(1),
  UINT8(1),
  INT32(4),
  INT64(8),
  /** One byte per element, 0 = false, anything else = true. */
  BOOL(1);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  public int byteSize() {
    return byteSize;
  }
}
