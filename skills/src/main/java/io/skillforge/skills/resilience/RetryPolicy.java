package io.skillforge.skills.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to try a failed call again, and after how long: exponential backoff with jitter, and the
 * provider's {@code Retry-After} honoured when it sends one.
 *
 * @param maxRetries retries after the first attempt, at least 0
 * @param baseDelay the backoff of the first retry, before jitter
 * @param maxDelay the longest backoff the exponent may reach, before jitter
 * @param maxRetryAfter the longest {@code Retry-After} worth waiting for; a provider asking for
 *     more is treated as down for now, and the call gives up instead of stalling the job
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0 but was " + maxRetries);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= baseDelay <= maxDelay but got " + baseDelay + " and " + maxDelay);
    }
  }

  /** A policy with the usual shape: 250 ms doubling up to 20 s; Retry-After up to 60 s. */
  public static RetryPolicy standard(int maxRetries) {
    return new RetryPolicy(
        maxRetries, Duration.ofMillis(250), Duration.ofSeconds(20), Duration.ofSeconds(60));
  }

  /** Whether a call that has already been retried {@code retriesSoFar} times may go again. */
  public boolean allowsRetry(int retriesSoFar, FailureKind kind, Duration retryAfter) {
    if (!kind.retriable() || retriesSoFar >= maxRetries) {
      return false;
    }
    return retryAfter == null || retryAfter.compareTo(maxRetryAfter) <= 0;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry). Without {@code
   * retryAfter}: "equal jitter", a uniform draw in {@code [d/2, d]} where {@code d = min(maxDelay,
   * baseDelay * 2^(retry-1))}, so waits grow yet clients that failed together spread out. With
   * {@code retryAfter}: at least that, plus up to 10% more so a crowd does not return in one
   * instant.
   */
  public Duration delay(int retry, Duration retryAfter, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1 but was " + retry);
    }
    if (retryAfter != null) {
      long base = retryAfter.toNanos();
      return Duration.ofNanos(base + (long) (random.nextDouble() * base * 0.1));
    }
    double exp = baseDelay.toNanos() * Math.pow(2, Math.min(retry - 1, 40));
    long capped = (long) Math.min(maxDelay.toNanos(), exp);
    return Duration.ofNanos(capped / 2 + (long) (random.nextDouble() * (capped - capped / 2)));
  }
}
