package io.skillforge.skills.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void parse_openAiHeaders_readsLimitsAndGoDurations() {
    RateLimitHeaders h = RateLimitHeaders.parse(Map.of(
        "X-RateLimit-Limit-Requests", List.of("500"),
        "x-ratelimit-remaining-requests", List.of("499"),
        "x-ratelimit-reset-requests", List.of("6m0s"),
        "x-ratelimit-limit-tokens", List.of("30000"),
        "x-ratelimit-remaining-tokens", List.of("29000"),
        "x-ratelimit-reset-tokens", List.of("20ms")), NOW);
    assertEquals(500L, h.limitRequests());
    assertEquals(499L, h.remainingRequests());
    assertEquals(Duration.ofMinutes(6), h.resetRequests());
    assertEquals(30000L, h.limitTokens());
    assertEquals(29000L, h.remainingTokens());
    assertEquals(Duration.ofMillis(20), h.resetTokens());
    assertNull(h.retryAfter());
  }

  @Test
  void parse_anthropicHeaders_readsRfc3339Resets() {
    RateLimitHeaders h = RateLimitHeaders.parse(Map.of(
        "anthropic-ratelimit-requests-limit", List.of("50"),
        "anthropic-ratelimit-requests-remaining", List.of("0"),
        "anthropic-ratelimit-requests-reset", List.of("2025-01-01T00:00:30Z")), NOW);
    assertEquals(50L, h.limitRequests());
    assertEquals(0L, h.remainingRequests());
    assertEquals(Duration.ofSeconds(30), h.resetRequests());
  }

  @Test
  void parse_retryAfterSecondsAndDate() {
    assertEquals(Duration.ofSeconds(7),
        RateLimitHeaders.parse(Map.of("Retry-After", List.of("7")), NOW).retryAfter());
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atZone(ZoneOffset.UTC));
    assertEquals(Duration.ofSeconds(12),
        RateLimitHeaders.parse(Map.of("retry-after", List.of(date)), NOW).retryAfter());
  }

  @Test
  void parse_retryAfterMs_winsOverWholeSeconds() {
    RateLimitHeaders h = RateLimitHeaders.parse(
        Map.of("Retry-After", List.of("1"), "retry-after-ms", List.of("250")), NOW);
    assertEquals(Duration.ofMillis(250), h.retryAfter());
  }

  @Test
  void parse_garbage_isAbsentNotAnError() {
    RateLimitHeaders h = RateLimitHeaders.parse(Map.of(
        "retry-after", List.of("soon"),
        "x-ratelimit-remaining-requests", List.of("many"),
        "x-ratelimit-reset-requests", List.of("6 minutes")), NOW);
    assertNull(h.retryAfter());
    assertNull(h.remainingRequests());
    assertNull(h.resetRequests());
    assertEquals(RateLimitHeaders.NONE, RateLimitHeaders.parse(Map.of(), NOW));
  }

  @Test
  void parseGoDuration_compoundValues() {
    assertEquals(Duration.ofMillis(1500), RateLimitHeaders.parseGoDuration("1.5s"));
    assertEquals(Duration.ofSeconds(3661), RateLimitHeaders.parseGoDuration("1h1m1s"));
    assertNull(RateLimitHeaders.parseGoDuration("1x"));
  }
}
