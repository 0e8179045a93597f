package io.skillforge.skills;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STAT missing-skill profile: for each skill s, the count c(s) of difficult questions whose
 * diagnosis names s. Raw counts, as the method defines them; {@link #share} gives the normalised
 * view. Immutable.
 *
 * @param counts skill id -> number of difficult questions naming it; every count is positive
 * @param difficultQuestions how many difficult questions were diagnosed
 */
public record MissingSkillProfile(Map<String, Integer> counts, int difficultQuestions) {

  public MissingSkillProfile {
    if (difficultQuestions < 0) {
      throw new IllegalArgumentException("difficultQuestions must be >= 0 but was " + difficultQuestions);
    }
    Map<String, Integer> copy = new LinkedHashMap<>();
    counts.forEach(
        (skill, count) -> {
          Skill.requireValidId(skill);
          if (count == null || count <= 0) {
            throw new IllegalArgumentException("count of skill " + skill + " must be > 0 but was " + count);
          }
          copy.put(skill, count);
        });
    counts = Collections.unmodifiableMap(copy);
  }

  /** Builds a profile from one list of missing skills per difficult question. */
  public static MissingSkillProfile fromDiagnoses(List<List<String>> missingPerQuestion) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (List<String> missing : missingPerQuestion) {
      for (String skill : new java.util.LinkedHashSet<>(missing)) {
        counts.merge(skill, 1, Integer::sum);
      }
    }
    return new MissingSkillProfile(counts, missingPerQuestion.size());
  }

  public int count(String skillId) {
    return counts.getOrDefault(skillId, 0);
  }

  /** c(s) divided by the sum of all counts; 0 for an empty profile. */
  public double share(String skillId) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? 0 : (double) count(skillId) / total;
  }

  /** Skill ids by descending count, ties by id. */
  public List<String> ranked() {
    List<String> ids = new ArrayList<>(counts.keySet());
    ids.sort(Comparator.comparing((String s) -> -counts.get(s)).thenComparing(s -> s));
    return ids;
  }
}
