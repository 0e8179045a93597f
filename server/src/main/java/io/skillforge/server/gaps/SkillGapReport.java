package io.skillforge.server.gaps;

import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A student's skill gaps on a dataset, at one time: its per-skill accuracy, the missing-skill
 * profile its diagnosed failures make (with example failures as evidence), and how it compares
 * with the report before it for the same student and dataset.
 *
 * @param student the student's name
 * @param dataset the dataset's name
 * @param createdAt when the report was made
 * @param job the job that made it
 * @param studentVersion what the student was (its checkpoint files, or its endpoint): a report is
 *     fresh while the student is the same
 * @param datasetVersion what the dataset was, likewise
 * @param teacher the teacher that diagnosed the failures
 * @param items items probed
 * @param samples responses per item
 * @param accuracy solved items / items
 * @param perSkill per skill, items and solved items
 * @param difficult items judged difficult, which the teacher diagnosed
 * @param profile the missing-skill profile, with evidence
 * @param previous the report before this one for the same student and dataset; null for the first
 */
public record SkillGapReport(
    String student, String dataset, Instant createdAt, String job, String studentVersion, String datasetVersion,
    String teacher, int items, int samples, double accuracy, Map<String, SkillScore> perSkill, int difficult,
    MissingSkillProfile profile, Previous previous) {

  /** What the previous report said, for the change. */
  public record Previous(Instant createdAt, String job, double accuracy, Map<String, SkillScore> perSkill) {
    public Previous {
      perSkill = Map.copyOf(perSkill);
    }
  }

  public SkillGapReport {
    Objects.requireNonNull(student, "student");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(createdAt, "createdAt");
    perSkill = Map.copyOf(perSkill);
    Objects.requireNonNull(profile, "profile");
  }

  /** Skills of this report and the previous one, by id. */
  public TreeSet<String> skills() {
    TreeSet<String> skills = new TreeSet<>(perSkill.keySet());
    if (previous != null) {
      skills.addAll(previous.perSkill().keySet());
    }
    return skills;
  }

  /** The change in a skill's accuracy since the previous report; null when either lacks it. */
  public Double change(String skill) {
    if (previous == null || !perSkill.containsKey(skill) || !previous.perSkill().containsKey(skill)) {
      return null;
    }
    return perSkill.get(skill).accuracy() - previous.perSkill().get(skill).accuracy();
  }

  /** This report as the previous one of the next. */
  public Previous asPrevious() {
    return new Previous(createdAt, job, accuracy, perSkill);
  }
}
