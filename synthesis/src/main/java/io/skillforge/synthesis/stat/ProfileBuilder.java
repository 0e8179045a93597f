package io.skillforge.synthesis.stat;

import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfile.Evidence;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import io.skillforge.synthesis.teacher.Diagnosis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of the missing-skill profile. c(s) counts the diagnosed difficult items whose
 * diagnosis names s (once per item, however many times it is named); items the teacher judged
 * correct name nothing; items it could not judge are not counted as diagnosed. Per-skill probe
 * accuracy counts every probed item labelled with the skill, solved when most of its samples are
 * correct.
 */
public final class ProfileBuilder {
  private ProfileBuilder() {}

  /**
   * @param probed every probed item
   * @param diagnosed the difficult items, in the order of {@code diagnoses}
   * @param diagnoses the teacher's diagnosis of each
   * @param evidencePerSkill failures kept per skill as evidence
   */
  public static MissingSkillProfile build(List<ProbedItem> probed, List<ProbedItem> diagnosed,
      List<Diagnosis> diagnoses, int evidencePerSkill) {
    if (diagnosed.size() != diagnoses.size()) {
      throw new IllegalArgumentException("one diagnosis per difficult item is needed");
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, List<Evidence>> evidence = new LinkedHashMap<>();
    int judged = 0;
    for (int i = 0; i < diagnoses.size(); i++) {
      Diagnosis d = diagnoses.get(i);
      if (!d.ok()) {
        continue;
      }
      judged++;
      if (d.correct()) {
        continue;
      }
      ProbedItem item = diagnosed.get(i);
      for (String skill : new LinkedHashSet<>(d.missingSkills())) {
        counts.merge(skill, 1, Integer::sum);
        List<Evidence> kept = evidence.computeIfAbsent(skill, s -> new ArrayList<>());
        if (kept.size() < evidencePerSkill) {
          kept.add(new Evidence(item.item().id(), item.item().question(), item.representativeResponse(),
              d.explanation()));
        }
      }
    }
    return new MissingSkillProfile(counts, judged, accuracy(probed), evidence);
  }

  /** Per skill, the probed items labelled with it and how many were solved. */
  public static Map<String, SkillScore> accuracy(List<ProbedItem> probed) {
    Map<String, int[]> tally = new HashMap<>();
    for (ProbedItem p : probed) {
      for (String skill : p.item().skills()) {
        int[] t = tally.computeIfAbsent(skill, s -> new int[2]);
        t[0]++;
        if (p.solved()) {
          t[1]++;
        }
      }
    }
    Map<String, SkillScore> out = new LinkedHashMap<>();
    tally.keySet().stream().sorted().forEach(s -> out.put(s, new SkillScore(tally.get(s)[0], tally.get(s)[1])));
    return out;
  }

  /** The (item, missing skill) pairs of the diagnoses, in item order. */
  public static List<MissingPair> pairs(List<ProbedItem> diagnosed, List<Diagnosis> diagnoses) {
    List<MissingPair> pairs = new ArrayList<>();
    for (int i = 0; i < diagnoses.size(); i++) {
      Diagnosis d = diagnoses.get(i);
      if (d.ok() && !d.correct()) {
        for (String skill : new LinkedHashSet<>(d.missingSkills())) {
          pairs.add(new MissingPair(diagnosed.get(i).item(), skill));
        }
      }
    }
    return pairs;
  }
}
