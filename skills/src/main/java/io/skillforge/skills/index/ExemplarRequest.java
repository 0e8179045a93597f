package io.skillforge.skills.index;

import io.skillforge.skills.Skill;

/**
 * Asks for a few diverse examples of one skill, as in-context exemplars for a teacher.
 *
 * <p>A pool of up to {@code poolSize} examples with the skill is drawn: the best BM25 matches of
 * {@code near} when it is given, otherwise a random sample chosen by {@code seed}. From the pool,
 * maximal marginal relevance picks {@code count} items one at a time, each maximising
 * {@code lambda * relevance - (1 - lambda) * (highest word-set Jaccard similarity to an item
 * already picked)}, where relevance is the BM25 score divided by the pool's best (1 for a random
 * pool). An item whose question is a near-duplicate (see {@link TextSimilarity}) of one already
 * picked is never returned, so fewer than {@code count} items may come back.
 *
 * @param skill the skill id the exemplars must have
 * @param count how many exemplars, 1 to 100
 * @param near text the exemplars should resemble (such as a question the student failed); null
 *     for none
 * @param poolSize how many candidates to choose from, at least {@code count}, at most 10,000
 * @param lambda relevance weight in [0, 1]; 0 picks for diversity alone
 * @param seed picks the random pool; the same seed over the same index gives the same exemplars
 */
public record ExemplarRequest(
    String skill, int count, String near, int poolSize, double lambda, long seed) {

  public static final int DEFAULT_POOL_SIZE = 100;
  public static final double DEFAULT_LAMBDA = 0.5;

  public ExemplarRequest {
    if (!Skill.isValidId(skill)) {
      throw new IllegalArgumentException("not a skill id: '" + skill + "'");
    }
    if (count < 1 || count > 100) {
      throw new IllegalArgumentException("count must be between 1 and 100 but was " + count);
    }
    if (poolSize < count || poolSize > 10_000) {
      throw new IllegalArgumentException(
          "poolSize must be between count (" + count + ") and 10000 but was " + poolSize);
    }
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("lambda must be in [0, 1] but was " + lambda);
    }
  }

  /** {@code count} exemplars of {@code skill} from a random pool. */
  public static ExemplarRequest of(String skill, int count, long seed) {
    return new ExemplarRequest(
        skill, count, null, Math.max(count, DEFAULT_POOL_SIZE), DEFAULT_LAMBDA, seed);
  }

  /** {@code count} exemplars of {@code skill} that resemble {@code near}. */
  public static ExemplarRequest near(String skill, int count, String near) {
    return new ExemplarRequest(
        skill, count, near, Math.max(count, DEFAULT_POOL_SIZE), DEFAULT_LAMBDA, 0);
  }

  public boolean hasNear() {
    return near != null && !near.isBlank();
  }
}
