package io.skillforge.server.jobs.distill;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report page writes numbers, the same in its text, tables and chart labels. */
public final class ReportFormat {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportFormat() {}

  /** A fraction as a percentage with one decimal: {@code 0.4525} is {@code 45.3%}. */
  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  /** A difference of fractions in percentage points, always signed: {@code +6.1}, {@code -0.4}, {@code +0.0}. */
  public static String points(double difference) {
    // rounding first, and adding 0.0, keeps a tiny loss from showing as "-0.0"
    double rounded = Math.round(difference * 1000) / 10.0 + 0.0;
    return String.format(Locale.ROOT, "%+.1f", rounded);
  }

  /** A count with thousands separators: {@code 1,400}. */
  public static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  /** A loss with four decimals, or an em dash when it was not measured. */
  public static String loss(double loss) {
    return Double.isNaN(loss) ? "\u2014" : String.format(Locale.ROOT, "%.4f", loss);
  }

  /** Seconds as {@code 42.0 s}, or {@code 1 h 02 min} and {@code 3 min 05 s} when long. */
  public static String duration(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return "\u2014";
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = Math.round(seconds);
    if (whole < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
  }

  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** {@code sel} and {@code syn} by the names the method's paper gives them; anything else as it is. */
  public static String method(String method) {
    if (method == null) {
      return "\u2014";
    }
    return switch (method.toLowerCase(Locale.ROOT)) {
      case "sel", "stat-sel" -> "STAT-Sel";
      case "syn", "stat-syn" -> "STAT-Syn";
      default -> method;
    };
  }
}
