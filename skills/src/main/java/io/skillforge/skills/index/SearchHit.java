package io.skillforge.skills.index;

import io.skillforge.skills.Example;
import java.util.Objects;

/**
 * One search result.
 *
 * @param example the stored example, exactly as it was added
 * @param score BM25 score when the search had query text; 1 for a filter-only search
 */
public record SearchHit(Example example, float score) {
  public SearchHit {
    Objects.requireNonNull(example, "example");
  }
}
