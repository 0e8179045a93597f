package io.skillforge.synthesis.teacher.llm;

import java.util.Locale;

/**
 * What a planned run is expected to cost before it starts. Prompt tokens are estimated from the
 * rendered prompts (four characters a token), completion tokens from the expected size of each
 * role's answer; calls already in the response cache cost nothing and are not counted in tokens.
 *
 * @param calls requests the run makes
 * @param cachedCalls of which the response cache already answers
 * @param promptTokens estimated prompt tokens of the uncached calls
 * @param completionTokens estimated completion tokens of the uncached calls
 * @param dollars estimated cost at the configured prices
 */
public record CostEstimate(
    long calls, long cachedCalls, long promptTokens, long completionTokens, double dollars) {

  /** One line for a progress stream. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%d calls (%d already cached), about %d prompt + %d completion tokens, about $%.4f",
        calls, cachedCalls, promptTokens, completionTokens, dollars);
  }
}
