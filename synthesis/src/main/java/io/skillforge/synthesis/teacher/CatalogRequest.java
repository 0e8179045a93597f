package io.skillforge.synthesis.teacher;

import io.skillforge.skills.Example;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Teacher#catalog} builds a catalog from.
 *
 * @param sample items of the dataset, as drawn by the caller; not empty
 * @param maxSkills the most skills the catalog may have, at least 1
 */
public record CatalogRequest(List<Example> sample, int maxSkills) {
  public CatalogRequest {
    Objects.requireNonNull(sample, "sample");
    sample = List.copyOf(sample);
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("a catalog needs a non-empty sample of items");
    }
    if (maxSkills < 1) {
      throw new IllegalArgumentException("maxSkills must be >= 1 but was " + maxSkills);
    }
  }
}
