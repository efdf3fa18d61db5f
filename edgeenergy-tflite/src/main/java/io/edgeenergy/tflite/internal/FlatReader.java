package io.edgeenergy.tflite.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bounds-checked reads of a flatbuffer: every offset is followed only after checking that what it
 * points at lies inside the buffer, so a damaged file is an {@link Invalid} naming the field path,
 * never an out-of-range read. Knows the wire format (tables with vtables, vectors, strings), not
 * the schema. Offsets are {@code long} so sums cannot overflow.
 */
final class FlatReader {
  /** A structural defect, described with the path of the field that has it. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final ByteBuffer buf;
  private final long size;

  FlatReader(ByteBuffer buffer) {
    this.buf = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.size = buf.limit();
  }

  long size() {
    return size;
  }

  private void need(long pos, long bytes, String what) {
    if (pos < 0 || bytes < 0 || pos + bytes > size) {
      throw new Invalid(what + " points outside the file (bytes " + pos + ".." + (pos + bytes) + " of " + size + ")");
    }
  }

  long u32(long pos, String what) {
    need(pos, 4, what);
    return Integer.toUnsignedLong(buf.getInt((int) pos));
  }

  int i32(long pos, String what) {
    need(pos, 4, what);
    return buf.getInt((int) pos);
  }

  long u64(long pos, String what) {
    need(pos, 8, what);
    return buf.getLong((int) pos);
  }

  int u8(long pos, String what) {
    need(pos, 1, what);
    return buf.get((int) pos) & 0xff;
  }

  int u16(long pos, String what) {
    need(pos, 2, what);
    return buf.getShort((int) pos) & 0xffff;
  }

  /** The table whose uoffset is stored at {@code pos}. */
  Table tableAt(long pos, String what) {
    return table(pos + u32(pos, what), what);
  }

  /** The table that starts at {@code pos} (after checking its vtable). */
  Table table(long pos, String what) {
    if ((pos & 3) != 0) {
      throw new Invalid(what + " is misaligned (table at byte " + pos + ")");
    }
    long vtable = pos - i32(pos, what);
    int vtableSize = u16(vtable, what + " (vtable)");
    int tableSize = u16(vtable + 2, what + " (vtable)");
    if (vtableSize < 4 || (vtableSize & 1) != 0 || tableSize < 4) {
      throw new Invalid(what + " has a corrupt vtable (sizes " + vtableSize + ", " + tableSize + ")");
    }
    need(vtable, vtableSize, what + " (vtable)");
    need(pos, tableSize, what);
    return new Table(pos, vtable, vtableSize, tableSize, what);
  }

  /** A table: reads its fields by index (the schema's field order), absent fields as defaults. */
  final class Table {
    private final long pos;
    private final long vtable;
    private final int vtableSize;
    private final int tableSize;
    final String what;

    private Table(long pos, long vtable, int vtableSize, int tableSize, String what) {
      this.pos = pos;
      this.vtable = vtable;
      this.vtableSize = vtableSize;
      this.tableSize = tableSize;
      this.what = what;
    }

    /** The absolute position of field {@code index} of {@code bytes} bytes, or -1 if absent. */
    private long field(int index, int bytes, String name) {
      int slot = 4 + 2 * index;
      if (slot + 2 > vtableSize) {
        return -1;
      }
      int off = u16(vtable + slot, what);
      if (off == 0) {
        return -1;
      }
      if (off + bytes > tableSize) {
        throw new Invalid(what + "." + name + " lies outside its table");
      }
      return pos + off;
    }

    boolean has(int index) {
      return field(index, 1, "field " + index) >= 0;
    }

    long u32(int index, String name, long absent) {
      long f = field(index, 4, name);
      return f < 0 ? absent : FlatReader.this.u32(f, what + "." + name);
    }

    int i32(int index, String name, int absent) {
      long f = field(index, 4, name);
      return f < 0 ? absent : FlatReader.this.i32(f, what + "." + name);
    }

    long u64(int index, String name, long absent) {
      long f = field(index, 8, name);
      return f < 0 ? absent : FlatReader.this.u64(f, what + "." + name);
    }

    int u8(int index, String name, int absent) {
      long f = field(index, 1, name);
      return f < 0 ? absent : FlatReader.this.u8(f, what + "." + name);
    }

    /** The vector in field {@code index} with elements of {@code elementBytes}, or null if absent. */
    Vector vector(int index, String name, int elementBytes) {
      long f = field(index, 4, name);
      if (f < 0) {
        return null;
      }
      String path = what + "." + name;
      long start = f + FlatReader.this.u32(f, path);
      long length = FlatReader.this.u32(start, path);
      need(start + 4, length * elementBytes, path + " (" + length + " elements)");
      return new Vector(start + 4, (int) length, elementBytes, path);
    }

    /** The sub-table in field {@code index}, or null if absent. */
    Table table(int index, String name) {
      long f = field(index, 4, name);
      return f < 0 ? null : tableAt(f, what + "." + name);
    }

    /** The string in field {@code index} (its bytes checked in range), or null if absent. */
    String string(int index, String name) {
      Vector v = vector(index, name, 1);
      if (v == null) {
        return null;
      }
      byte[] b = new byte[Math.min(v.length, 200)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) v.u8(i);
      }
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A vector whose elements lie inside the buffer (checked when it was read). */
  final class Vector {
    private final long data;
    final int length;
    private final int elementBytes;
    final String what;

    private Vector(long data, int length, int elementBytes, String what) {
      this.data = data;
      this.length = length;
      this.elementBytes = elementBytes;
      this.what = what;
    }

    int i32(int i) {
      return FlatReader.this.i32(data + 4L * i, what);
    }

    int u8(int i) {
      return FlatReader.this.u8(data + i, what);
    }

    long u64(int i) {
      return FlatReader.this.u64(data + 8L * i, what);
    }

    /** Element {@code i} of a vector of tables. */
    Table table(int i) {
      return tableAt(data + 4L * i, what + "[" + i + "]");
    }

    int elementBytes() {
      return elementBytes;
    }
  }
}
