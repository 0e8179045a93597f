/**
 * Resilience parts of the teacher pipeline, each small and testable with a fake clock: an AIMD
 * {@link io.skillforge.synthesis.teacher.resilience.AdaptiveLimiter}, a requests- and
 * tokens-per-minute {@link io.skillforge.synthesis.teacher.resilience.RateLimiter} that also obeys
 * the provider's {@link io.skillforge.synthesis.teacher.resilience.RateLimitHeaders}, a {@link
 * io.skillforge.synthesis.teacher.resilience.RetryPolicy} (backoff with jitter, Retry-After) and a
 * {@link io.skillforge.synthesis.teacher.resilience.CircuitBreaker}.
 */
package io.skillforge.synthesis.teacher.resilience;
