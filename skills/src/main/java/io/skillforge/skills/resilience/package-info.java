/**
 * Resilience parts shared by every remote call Skillforge makes (the LLM teacher, a student behind
 * an OpenAI-compatible endpoint), each small and testable with a fake clock: an AIMD {@link
 * io.skillforge.skills.resilience.AdaptiveLimiter}, a requests- and tokens-per-minute {@link
 * io.skillforge.skills.resilience.RateLimiter} that also obeys the provider's {@link
 * io.skillforge.skills.resilience.RateLimitHeaders}, a {@link
 * io.skillforge.skills.resilience.RetryPolicy} (backoff with jitter, Retry-After) and a {@link
 * io.skillforge.skills.resilience.CircuitBreaker}.
 */
package io.skillforge.skills.resilience;
