package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
  @Test
  void percent_oneDecimal() {
    assertEquals("45.3%", ReportFormat.percent(0.4525));
    assertEquals("0.0%", ReportFormat.percent(0));
    assertEquals("100.0%", ReportFormat.percent(1));
  }

  @Test
  void points_signedEvenWhenZero() {
    assertEquals("+6.1", ReportFormat.points(0.061));
    assertEquals("-0.4", ReportFormat.points(-0.004));
    assertEquals("+0.0", ReportFormat.points(-0.00001));
    assertEquals("+0.0", ReportFormat.points(0));
  }

  @Test
  void count_thousands() {
    assertEquals("1,400", ReportFormat.count(1400));
    assertEquals("7", ReportFormat.count(7));
  }

  @Test
  void loss_notMeasured_isDash() {
    assertEquals("\u2014", ReportFormat.loss(Double.NaN));
    assertEquals("0.4112", ReportFormat.loss(0.41123));
  }

  @Test
  void duration_byMagnitude() {
    assertEquals("42.0 s", ReportFormat.duration(42));
    assertEquals("3 min 05 s", ReportFormat.duration(184.6));
    assertEquals("1 h 02 min", ReportFormat.duration(3720));
    assertEquals("\u2014", ReportFormat.duration(Double.NaN));
  }

  @Test
  void time_utc() {
    assertEquals("2025-03-04 05:06:07 UTC", ReportFormat.time(Instant.parse("2025-03-04T05:06:07.891Z")));
  }

  @Test
  void method_paperNames() {
    assertEquals("STAT-Sel", ReportFormat.method("sel"));
    assertEquals("STAT-Syn", ReportFormat.method("SYN"));
    assertEquals("STAT-Syn", ReportFormat.method("stat-syn"));
    assertEquals("arte", ReportFormat.method("arte"));
    assertEquals("\u2014", ReportFormat.method(null));
  }
}
