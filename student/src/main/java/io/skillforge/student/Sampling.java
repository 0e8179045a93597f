package io.skillforge.student;

/**
 * How a student picks each next token. Immutable; validated at construction.
 *
 * <p>Temperature 0 is greedy decoding: always the most likely token (ties to the lowest id), and
 * the seed is unused. Otherwise tokens are drawn from the softmax of logits / temperature,
 * restricted to the smallest set of most likely tokens whose probability reaches {@code topP}.
 * Row {@code r} of a batch draws from its own generator seeded from {@code seed} and {@code r}, so
 * the same prompts, settings and seed give the same completions.
 *
 * @param temperature 0 for greedy, else a positive finite softmax temperature
 * @param topP nucleus mass in (0, 1]; 1 keeps every token
 * @param maxTokens most tokens to generate per prompt, positive
 * @param seed random seed for sampled decoding
 * @param ignoreEos keep generating past the end-of-text token, up to {@code maxTokens}
 *     (for throughput measurements; the text still ends at the first end-of-text)
 */
public record Sampling(double temperature, double topP, int maxTokens, long seed, boolean ignoreEos) {

  /** Default response budget, enough for a few short rationale lines and the answer line. */
  public static final int DEFAULT_MAX_TOKENS = 128;

  public Sampling {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0 and finite but was " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1] but was " + topP);
    }
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be > 0 but was " + maxTokens);
    }
  }

  /** Greedy decoding with {@link #DEFAULT_MAX_TOKENS}. */
  public static Sampling greedy() {
    return greedy(DEFAULT_MAX_TOKENS);
  }

  public static Sampling greedy(int maxTokens) {
    return new Sampling(0, 1, maxTokens, 0, false);
  }

  /** Sampled decoding at {@code temperature} with nucleus {@code topP}. */
  public static Sampling sampled(double temperature, double topP, int maxTokens, long seed) {
    return new Sampling(temperature, topP, maxTokens, seed, false);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }

  public Sampling withMaxTokens(int newMaxTokens) {
    return new Sampling(temperature, topP, newMaxTokens, seed, ignoreEos);
  }

  public Sampling withSeed(long newSeed) {
    return new Sampling(temperature, topP, maxTokens, newSeed, ignoreEos);
  }

  public Sampling withIgnoreEos(boolean newIgnoreEos) {
    return new Sampling(temperature, topP, maxTokens, seed, newIgnoreEos);
  }

  /**
   * The seed of row {@code row} of a batch: a fixed mix of {@link #seed} and the row index, so
   * that rows of one call differ and repeat across calls.
   */
  public long rowSeed(int row) {
    long z = seed + 0x9E3779B97F4A7C15L * (row + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
