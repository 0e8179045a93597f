package io.skillforge.skills.index;

import java.util.Objects;

/**
 * An indexed example that a new one nearly equals.
 *
 * @param id the indexed example's id
 * @param similarity the {@link TextSimilarity#similarity} of the two questions, in [0, 1]
 */
public record DuplicateMatch(String id, double similarity) {
  public DuplicateMatch {
    Objects.requireNonNull(id, "id");
    if (!(similarity >= 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be in [0, 1] but was " + similarity);
    }
  }
}
