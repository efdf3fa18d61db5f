package io.edgeenergy.model;

/** Element types a tensor can hold, with their size in bytes. */
public enum DType {
  /** 32-bit IEEE 754 float. */
  FLOAT32(4),
  /** Signed 8-bit integer (quantized tensors). */
  INT8(1),
  /** Unsigned 8-bit integer (quantized tensors, images). */
  UINT8(1),
  /** Signed 32-bit integer. */
  INT32(4),
  /** Signed 64-bit integer. */
  INT64(8),
  /** One byte per element, 0 = false, anything else = true. */
  BOOL(1);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }
}
