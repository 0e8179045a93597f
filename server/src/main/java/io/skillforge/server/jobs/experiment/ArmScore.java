package io.skillforge.server.jobs.experiment;

import java.util.Map;

/**
 * How one arm's student did on the held-out test set.
 *
 * @param overall accuracy over every test item
 * @param missingSkills mean per-skill accuracy over the skills the baseline's profile flagged
 * @param otherSkills mean per-skill accuracy over the other skills
 * @param perSkill per-skill accuracy (items listing the skill)
 * @param trainingExamples distinct examples the arm trained on (0 for the baseline)
 */
public record ArmScore(double overall, double missingSkills, double otherSkills, Map<String, Double> perSkill,
    int trainingExamples) {
  public ArmScore {
    perSkill = Map.copyOf(perSkill);
  }
}
