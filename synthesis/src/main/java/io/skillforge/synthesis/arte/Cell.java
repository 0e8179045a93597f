package io.skillforge.synthesis.arte;

import java.util.Objects;

/**
 * The drafts that share one skill, one question style and one reasoning strategy: the unit a
 * preference scorer scores. Every draft rationale belongs to exactly one cell.
 *
 * @param skill the catalog skill the questions were written for
 * @param questionStyle {@link Draft#SINGLE} or {@link Draft#CHAINED}
 * @param strategy the reasoning strategy of the rationales
 */
public record Cell(String skill, String questionStyle, String strategy) {
  public Cell {
    Objects.requireNonNull(skill, "skill");
    Objects.requireNonNull(questionStyle, "questionStyle");
    Objects.requireNonNull(strategy, "strategy");
  }

  /** A short name, such as {@code remainder/chained/scratch}. */
  public String key() {
    return skill + "/" + questionStyle + "/" + strategy;
  }
}
