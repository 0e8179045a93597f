package io.skillforge.synthesis.arte;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One drafted question and its rationales, one per reasoning strategy.
 *
 * @param id the question's id ({@code syn-} and a hash of the text)
 * @param skill the skill it was written for
 * @param questionStyle {@link #SINGLE} (one step) or {@link #CHAINED} (several)
 * @param question the question
 * @param answer its verified final answer
 * @param skills every catalog skill the question needs
 * @param seeds the seed questions the teacher wrote it from
 * @param rationales strategy name to rationale, in strategy order
 */
public record Draft(String id, String skill, String questionStyle, String question, String answer,
    List<String> skills, List<String> seeds, Map<String, String> rationales) {
  public static final String SINGLE = "single";
  public static final String CHAINED = "chained";

  public Draft {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(answer, "answer");
    skills = List.copyOf(skills);
    seeds = List.copyOf(seeds);
    rationales = Collections.unmodifiableMap(new LinkedHashMap<>(rationales));
  }

  /** The cell of this draft's rationale in {@code strategy}. */
  public Cell cell(String strategy) {
    return new Cell(skill, questionStyle, strategy);
  }

  /** This draft as a training example with the rationale of {@code strategy}. */
  public Example example(String strategy, String teacher) {
    String rationale = rationales.get(strategy);
    if (rationale == null) {
      throw new IllegalArgumentException("draft " + id + " has no rationale in strategy " + strategy);
    }
    return new Example(id, question, rationale, answer, skills, Example.Source.SYNTHESIZED, "train",
        new Provenance(teacher, "arte draft " + cell(strategy).key(), Instant.EPOCH, skill, null), 1.0);
  }
}
