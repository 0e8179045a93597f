package io.skillforge.skills.resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider's response headers say about its rate limits. Understands OpenAI's
 * {@code x-ratelimit-*} headers (durations such as {@code 6m0s}, {@code 20ms}), Anthropic's
 * {@code anthropic-ratelimit-*} headers (RFC 3339 reset times), and {@code Retry-After} (seconds or
 * an HTTP date) with the {@code retry-after-ms} variant. Every field is null when the provider did
 * not send it or sent something unreadable.
 *
 * @param limitRequests requests allowed per minute
 * @param remainingRequests requests left in the current window
 * @param resetRequests time until the request window refills
 * @param limitTokens tokens allowed per minute
 * @param remainingTokens tokens left in the current window
 * @param resetTokens time until the token window refills
 * @param retryAfter how long the provider asks the client to wait before trying again
 */
public record RateLimitHeaders(
    Long limitRequests,
    Long remainingRequests,
    Duration resetRequests,
    Long limitTokens,
    Long remainingTokens,
    Duration resetTokens,
    Duration retryAfter) {

  public static final RateLimitHeaders NONE =
      new RateLimitHeaders(null, null, null, null, null, null, null);

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  /**
   * Reads the headers of one response; names are matched case-insensitively.
   *
   * @param now the time the response arrived, for absolute reset times
   */
  public static RateLimitHeaders parse(Map<String, List<String>> headers, Instant now) {
    if (headers == null || headers.isEmpty()) {
      return NONE;
    }
    Map<String, String> h = new java.util.HashMap<>();
    headers.forEach(
        (name, values) -> {
          if (name != null && values != null && !values.isEmpty()) {
            h.put(name.toLowerCase(Locale.ROOT), values.get(0).trim());
          }
        });
    Long limitRequests = firstLong(h, "x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit");
    Long remainingRequests =
        firstLong(h, "x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining");
    Duration resetRequests =
        firstReset(h, now, "x-ratelimit-reset-requests", "anthropic-ratelimit-requests-reset");
    Long limitTokens = firstLong(h, "x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit");
    Long remainingTokens =
        firstLong(h, "x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining");
    Duration resetTokens =
        firstReset(h, now, "x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset");
    Duration retryAfter = null;
    String ms = h.get("retry-after-ms");
    if (ms != null) {
      Double value = parseDouble(ms);
      retryAfter = value == null || value < 0 ? null : Duration.ofNanos((long) (value * 1e6));
    }
    if (retryAfter == null && h.containsKey("retry-after")) {
      retryAfter = parseRetryAfter(h.get("retry-after"), now);
    }
    return new RateLimitHeaders(
        limitRequests, remainingRequests, resetRequests, limitTokens, remainingTokens, resetTokens,
        retryAfter);
  }

  /** {@code Retry-After}: delta seconds (decimals tolerated) or an HTTP date; null if neither. */
  static Duration parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Double seconds = parseDouble(value);
    if (seconds != null) {
      return seconds < 0 ? null : Duration.ofNanos((long) (seconds * 1e9));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return nonNegative(Duration.between(now, at));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** OpenAI's Go-style durations ({@code 1s}, {@code 6m0s}, {@code 20ms}, {@code 1.5s}). */
  static Duration parseGoDuration(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Matcher m = GO_DURATION.matcher(value);
    int end = 0;
    double nanos = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      end = m.end();
      double amount = Double.parseDouble(m.group(1));
      nanos +=
          switch (m.group(2)) {
            case "ms" -> amount * 1e6;
            case "s" -> amount * 1e9;
            case "m" -> amount * 60e9;
            default -> amount * 3600e9;
          };
    }
    return end == value.length() && end > 0 ? Duration.ofNanos((long) nanos) : null;
  }

  private static Duration firstReset(Map<String, String> h, Instant now, String... names) {
    for (String name : names) {
      String value = h.get(name);
      if (value == null) {
        continue;
      }
      Duration go = parseGoDuration(value);
      if (go != null) {
        return go;
      }
      Double seconds = parseDouble(value);
      if (seconds != null && seconds >= 0) {
        return Duration.ofNanos((long) (seconds * 1e9));
      }
      try {
        return nonNegative(Duration.between(now, OffsetDateTime.parse(value).toInstant()));
      } catch (DateTimeParseException e) {
        // unreadable: treated as absent
      }
    }
    return null;
  }

  private static Long firstLong(Map<String, String> h, String... names) {
    for (String name : names) {
      String value = h.get(name);
      if (value != null) {
        try {
          return Long.parseLong(value);
        } catch (NumberFormatException e) {
          // unreadable: treated as absent
        }
      }
    }
    return null;
  }

  private static Double parseDouble(String value) {
    try {
      double d = Double.parseDouble(value.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
