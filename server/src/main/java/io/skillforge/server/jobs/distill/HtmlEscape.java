package io.skillforge.server.jobs.distill;

/**
 * Escapes text for HTML and inline SVG, in element content and in quoted attribute values alike.
 * Reports carry questions and student responses verbatim, which may hold markup, ampersands and
 * quotes; none of it may become markup of the page.
 */
public final class HtmlEscape {
  private HtmlEscape() {}

  /**
   * {@code text} with {@code & < > " '} as character references, and control characters other
   * than tab, line feed and carriage return (which HTML and XML forbid) as U+FFFD. Null gives the
   * empty string.
   */
  public static String text(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\t', '\n', '\r' -> out.append(c);
        default -> out.append(c < 0x20 || c == 0x7f ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }
}
