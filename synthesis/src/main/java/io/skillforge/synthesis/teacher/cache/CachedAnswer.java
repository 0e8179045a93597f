package io.skillforge.synthesis.teacher.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * One complete, valid teacher answer as the cache keeps it.
 *
 * @param text the answer text exactly as the teacher sent it (after any local repair)
 * @param maxTokens the {@code max_tokens} the answer was produced under; null when unlimited
 * @param promptTokens prompt tokens the provider counted; -1 when it did not say
 * @param completionTokens completion tokens the provider counted; -1 when it did not say
 * @param storedAt when it was stored
 */
public record CachedAnswer(
    String text, Integer maxTokens, int promptTokens, int completionTokens, Instant storedAt) {
  public CachedAnswer {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(storedAt, "storedAt");
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1 or null but was " + maxTokens);
    }
  }

  /**
   * Whether this answer is what a request differing only in {@code requestedMaxTokens} would get.
   * Only answers that ended normally are cached, so the model stopped on its own after {@code
   * completionTokens} tokens; a limit that still leaves room for them cannot change the answer,
   * whether it grew or shrank. When the provider did not count the tokens, the answer is served
   * only under a limit at least as large as the one it was produced under.
   *
   * @param requestedMaxTokens the new request's limit; null for unlimited
   */
  public boolean serves(Integer requestedMaxTokens) {
    if (requestedMaxTokens == null) {
      return true;
    }
    if (completionTokens >= 0) {
      return completionTokens <= requestedMaxTokens;
    }
    return maxTokens != null && maxTokens <= requestedMaxTokens;
  }
}
