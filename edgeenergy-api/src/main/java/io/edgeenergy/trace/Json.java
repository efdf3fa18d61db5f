package io.edgeenergy.trace;

/** The two JSON literals a trace needs, without a JSON library (the API module is JDK-only). */
final class Json {
  private Json() {}

  static String string(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A float that reads back to the same float ({@link Float#toString} is shortest-exact); null if not finite. */
  static String number(float f) {
    return Float.isFinite(f) ? Float.toString(f) : "null";
  }
}
