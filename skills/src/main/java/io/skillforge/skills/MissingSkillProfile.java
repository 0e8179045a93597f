package io.skillforge.skills;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The STAT missing-skill profile of a student: for each skill s, the count c(s) of difficult
 * questions whose diagnosis names s (raw counts, as the method defines them; {@link #share} and
 * {@link #distribution} give the normalised view), with the probe's per-skill accuracy and a few
 * diagnosed failures per skill as evidence. Immutable.
 *
 * @param counts skill id -> number of difficult questions naming it; every count is positive
 * @param difficultQuestions how many difficult questions were diagnosed
 * @param probeAccuracy skill id -> the probe's accuracy on the items labelled with it; may be empty
 * @param evidence skill id -> diagnosed failures naming it, a few per skill; may be empty
 */
public record MissingSkillProfile(
    Map<String, Integer> counts, int difficultQuestions, Map<String, SkillScore> probeAccuracy,
    Map<String, List<Evidence>> evidence) {

  /**
   * How the probe did on the items of one skill.
   *
   * @param items items labelled with the skill
   * @param correct of which the student answered correctly
   */
  public record SkillScore(int items, int correct) {
    public SkillScore {
      if (items < 0 || correct < 0 || correct > items) {
        throw new IllegalArgumentException("need 0 <= correct <= items but got " + correct + " of " + items);
      }
    }

    /** correct / items; 0 without items. */
    public double accuracy() {
      return items == 0 ? 0 : (double) correct / items;
    }
  }

  /**
   * One diagnosed failure.
   *
   * @param itemId the difficult item
   * @param question its question
   * @param response the student's response the teacher judged
   * @param reason the teacher's one-sentence reason
   */
  public record Evidence(String itemId, String question, String response, String reason) {
    public Evidence {
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(question, "question");
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(reason, "reason");
    }
  }

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
    probeAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(probeAccuracy));
    Map<String, List<Evidence>> evidenceCopy = new LinkedHashMap<>();
    evidence.forEach((skill, list) -> evidenceCopy.put(skill, List.copyOf(list)));
    evidence = Collections.unmodifiableMap(evidenceCopy);
  }

  /** Builds a profile from one list of missing skills per difficult question. */
  public static MissingSkillProfile fromDiagnoses(List<List<String>> missingPerQuestion) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (List<String> missing : missingPerQuestion) {
      for (String skill : new LinkedHashSet<>(missing)) {
        counts.merge(skill, 1, Integer::sum);
      }
    }
    return new MissingSkillProfile(counts, missingPerQuestion.size(), Map.of(), Map.of());
  }

  public int count(String skillId) {
    return counts.getOrDefault(skillId, 0);
  }

  /** c(s) divided by the sum of all counts; 0 for an empty profile. */
  public double share(String skillId) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? 0 : (double) count(skillId) / total;
  }

  /** Every counted skill's {@link #share}, in {@link #ranked} order; sums to 1 unless empty. */
  public Map<String, Double> distribution() {
    Map<String, Double> shares = new LinkedHashMap<>();
    for (String skill : ranked()) {
      shares.put(skill, share(skill));
    }
    return shares;
  }

  /** Skill ids by descending count, ties by id. */
  public List<String> ranked() {
    List<String> ids = new ArrayList<>(counts.keySet());
    ids.sort(Comparator.comparing((String s) -> -counts.get(s)).thenComparing(s -> s));
    return ids;
  }
}
