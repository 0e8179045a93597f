package io.skillforge.skills.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void reserve_noLimits_neverWaits() {
    RateLimiter limiter = new RateLimiter(0, 0, new FakeClock());
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, limiter.reserve(10_000));
    }
  }

  @Test
  void reserve_requestsPerMinute_allowsOneSecondBurstThenSpaces() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(600, 0, clock); // 10 a second
    for (int i = 0; i < 10; i++) {
      assertEquals(0, limiter.reserve(1), "request " + i + " fits the burst");
    }
    long wait = limiter.reserve(1);
    assertEquals(SECOND / 10, wait, SECOND / 1000);
    long next = limiter.reserve(1);
    assertEquals(2 * SECOND / 10, next, SECOND / 1000);
  }

  @Test
  void reserve_requestsPerMinute_refillsWithTime() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(60, 0, clock); // one a second
    assertEquals(0, limiter.reserve(1));
    assertTrue(limiter.reserve(1) > 0);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, limiter.reserve(1));
  }

  @Test
  void reserve_tokensPerMinute_delaysAfterTheBudgetOfASecond() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(0, 60_000, clock); // 1000 tokens a second
    assertEquals(0, limiter.reserve(1000));
    assertEquals(0, limiter.reserve(1000), "one second of tokens may run ahead");
    long wait = limiter.reserve(1000);
    assertEquals(SECOND, wait, SECOND / 1000);
  }

  @Test
  void adjustTokens_refund_shortensTheWait() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(0, 60_000, clock);
    limiter.reserve(1000);
    limiter.reserve(1000);
    limiter.adjustTokens(-1000);
    assertEquals(0, limiter.reserve(1000));
  }

  @Test
  void observe_exhaustedWindow_holdsUntilTheAnnouncedReset() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(0, 0, clock);
    limiter.observe(
        RateLimitHeaders.parse(
            Map.of("x-ratelimit-remaining-requests", List.of("0"),
                "x-ratelimit-reset-requests", List.of("2s")),
            Instant.now()));
    assertEquals(2 * SECOND, limiter.reserve(1), SECOND / 1000);
    clock.advance(Duration.ofSeconds(3));
    assertEquals(0, limiter.reserve(1));
  }

  @Test
  void observe_smallerAnnouncedLimit_tightensOurs() {
    RateLimiter limiter = new RateLimiter(6000, 0, new FakeClock());
    limiter.observe(
        RateLimitHeaders.parse(Map.of("x-ratelimit-limit-requests", List.of("500")), Instant.now()));
    assertEquals(500, limiter.requestsPerMinute());
    limiter.observe(
        RateLimitHeaders.parse(Map.of("x-ratelimit-limit-requests", List.of("9000")), Instant.now()));
    assertEquals(6000, limiter.requestsPerMinute(), "never looser than configured");
  }

  @Test
  void share_keepsAPartOfConfiguredAndAnnouncedLimits() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(600, 90_000, clock);
    limiter.share(1.0 / 3);
    assertEquals(200, limiter.requestsPerMinute());
    assertEquals(30_000, limiter.tokensPerMinute());
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.reserve(1), "request " + i + " fits a third of the burst");
    }
    long fourth = limiter.reserve(1);
    assertEquals(3 * SECOND / 10, limiter.reserve(1) - fourth, SECOND / 1000, "then one every 0.3 s");
    limiter.observe(
        RateLimitHeaders.parse(Map.of("x-ratelimit-limit-requests", List.of("300")), Instant.now()));
    assertEquals(100, limiter.requestsPerMinute(), "the account's announced limit is shared too");
    limiter.share(1);
    assertEquals(300, limiter.requestsPerMinute());
  }
}
