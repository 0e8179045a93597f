package io.skillforge.synthesis.teacher.llm;

import io.skillforge.skills.resilience.FailureKind;
import io.skillforge.skills.resilience.RateLimitHeaders;
import java.util.Objects;

/**
 * One attempt that got no usable answer from the provider. The message is already redacted.
 */
final class ProviderFailure extends Exception {
  private final FailureKind kind;
  private final int status;
  private final RateLimitHeaders rateLimits;

  /**
   * @param kind what went wrong
   * @param status the HTTP status; 0 when no response arrived
   * @param rateLimits what the response headers said; {@link RateLimitHeaders#NONE} when none
   * @param message a description free of secrets
   */
  ProviderFailure(FailureKind kind, int status, RateLimitHeaders rateLimits, String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
    this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
  }

  FailureKind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  RateLimitHeaders rateLimits() {
    return rateLimits;
  }
}
