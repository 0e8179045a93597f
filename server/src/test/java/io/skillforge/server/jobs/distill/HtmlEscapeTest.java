package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlEscapeTest {
  @Test
  void text_nastyString() {
    assertEquals("&lt;/pre&gt;&lt;script&gt;alert(&quot;x &amp; y&quot;)&lt;/script&gt;"
            + "&lt;img src=&#39;http://evil.test/a.png&#39;&gt;",
        HtmlEscape.text(TestReports.NASTY));
  }

  @Test
  void text_existingReferenceIsEscapedAgain() {
    assertEquals("&amp;lt; is &amp;amp;", HtmlEscape.text("&lt; is &amp;"));
  }

  @Test
  void text_plainAndUnicodeUnchanged() {
    assertEquals("add_carry: 58 + 67 = 125 \u2192 \u00e9\u4e2d\uD83D\uDE00", HtmlEscape.text(
        "add_carry: 58 + 67 = 125 \u2192 \u00e9\u4e2d\uD83D\uDE00"));
  }

  @Test
  void text_keepsLineBreaksAndTabs_replacesOtherControls() {
    assertEquals("a\tb\r\nc\uFFFDd\uFFFD", HtmlEscape.text("a\tb\r\nc\u0000d\u007f"));
  }

  @Test
  void text_null_isEmpty() {
    assertEquals("", HtmlEscape.text(null));
  }
}
