package io.skillforge.skills.resilience;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

  @Test
  void delay_growsExponentiallyWithinEqualJitterBounds() {
    SplittableRandom random = new SplittableRandom(42);
    for (int retry = 1; retry <= 8; retry++) {
      long cap = Math.min(2000, 100L << (retry - 1));
      for (int i = 0; i < 50; i++) {
        long ms = policy.delay(retry, null, random).toMillis();
        assertTrue(ms >= cap / 2 && ms <= cap, "retry " + retry + " waited " + ms + " ms, cap " + cap);
      }
    }
  }

  @Test
  void delay_spreadsClientsThatFailedTogether() {
    SplittableRandom random = new SplittableRandom(7);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 100; i++) {
      long ms = policy.delay(4, null, random).toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertTrue(max - min > 200, "jitter spread " + (max - min) + " ms");
  }

  @Test
  void delay_retryAfter_isHonouredWithAtMostTenPercentMore() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 50; i++) {
      long ms = policy.delay(1, Duration.ofSeconds(3), random).toMillis();
      assertTrue(ms >= 3000 && ms <= 3300, "waited " + ms);
    }
  }

  @Test
  void allowsRetry_onlyRetriableKindsWithinTheCount() {
    assertTrue(policy.allowsRetry(0, FailureKind.RATE_LIMITED, null));
    assertTrue(policy.allowsRetry(4, FailureKind.SERVER_ERROR, null));
    assertFalse(policy.allowsRetry(5, FailureKind.SERVER_ERROR, null));
    assertFalse(policy.allowsRetry(0, FailureKind.AUTHENTICATION, null));
    assertFalse(policy.allowsRetry(0, FailureKind.BAD_REQUEST, null));
    assertFalse(policy.allowsRetry(0, FailureKind.MALFORMED, null));
  }

  @Test
  void allowsRetry_retryAfterLongerThanTheMaximum_givesUp() {
    assertTrue(policy.allowsRetry(0, FailureKind.RATE_LIMITED, Duration.ofSeconds(30)));
    assertFalse(policy.allowsRetry(0, FailureKind.RATE_LIMITED, Duration.ofMinutes(5)));
  }

  @Test
  void delay_retryNumberZero_throws() {
    assertThrows(IllegalArgumentException.class, () -> policy.delay(0, null, new SplittableRandom()));
  }
}
