package io.skillforge.server.jobs.experiment;

import io.skillforge.skills.MissingSkillProfile;
import java.util.List;
import java.util.Map;

/**
 * One seed of the experiment.
 *
 * @param seed the seed
 * @param profile the baseline's missing-skill profile
 * @param flagged the skills the profile flags
 * @param oracleSkills the skills with the lowest ground-truth accuracy on the validation set
 * @param consistencyAgreement how often the self-consistency rule agreed with grading
 * @param scores each arm's score
 */
public record SeedResult(long seed, MissingSkillProfile profile, List<String> flagged,
    List<String> oracleSkills, double consistencyAgreement, Map<Arm, ArmScore> scores) {
  public SeedResult {
    flagged = List.copyOf(flagged);
    oracleSkills = List.copyOf(oracleSkills);
    scores = Map.copyOf(scores);
  }
}
