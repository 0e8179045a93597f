package io.skillforge.server.jobs.distill;

import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one distillation round did and what it changed: the student's per-skill accuracy before and
 * after, the missing-skill profile with its evidence, the data made and the fine-tuning. Saved as
 * {@code report.json} and rendered as the self-contained {@code report.html}.
 *
 * @param run the run's name (its directory)
 * @param round the round, from 1
 * @param finishedAt when the round ended
 * @param student the student's name before the round
 * @param teacher the teacher's name
 * @param method sel or syn
 * @param difficulty the difficulty rule's name
 * @param evaluation what before and after were measured on, such as {@code validation (1,400 items)}
 * @param before per-skill accuracy before the round
 * @param after per-skill accuracy after it
 * @param overallBefore accuracy over every evaluated item before
 * @param overallAfter and after
 * @param probed items probed for the profile
 * @param difficult of which difficult
 * @param profile the missing-skill profile, with evidence
 * @param data what the round's training set holds
 * @param training what the fine-tuning did
 */
public record RoundReport(
    String run, int round, Instant finishedAt, String student, String teacher, String method,
    String difficulty, String evaluation, Map<String, SkillScore> before, Map<String, SkillScore> after,
    double overallBefore, double overallAfter, int probed, int difficult, MissingSkillProfile profile,
    DataSummary data, TrainingSummary training) {

  public RoundReport {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(finishedAt, "finishedAt");
    before = Map.copyOf(before);
    after = Map.copyOf(after);
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(training, "training");
  }

  /**
   * The round's training set.
   *
   * @param examples distinct examples
   * @param draws examples counting repeats (the budget)
   * @param targeted draws that target the missing skills
   * @param mixedBack draws from the original pool
   * @param synthesized new items the teacher wrote and the round kept (STAT-Syn; 0 for Sel)
   * @param rejected the teacher's items the round dropped, by reason (disagreeing solutions, near an
   *     evaluation item, near an indexed item)
   * @param files the files written, such as {@code training.jsonl}
   */
  public record DataSummary(int examples, int draws, int targeted, int mixedBack, int synthesized,
      Map<String, Integer> rejected, List<String> files) {
    public DataSummary {
      rejected = Map.copyOf(rejected);
      files = List.copyOf(files);
    }
  }

  /**
   * The round's fine-tuning.
   *
   * @param how {@code built-in} or the external command that ran
   * @param steps optimizer steps (0 when external)
   * @param firstLoss loss of the first step (NaN when external)
   * @param finalLoss loss of the last step (NaN when external)
   * @param seconds wall time
   * @param checkpoint where the new student is: a directory, or the endpoint's model
   */
  public record TrainingSummary(String how, int steps, double firstLoss, double finalLoss, double seconds,
      String checkpoint) {}

  /** Skills of before and after, sorted by the gain, smallest first. */
  public List<String> skillsByGain() {
    return before.keySet().stream()
        .sorted((a, b) -> Double.compare(gain(a), gain(b)) != 0 ? Double.compare(gain(a), gain(b)) : a.compareTo(b))
        .toList();
  }

  /** after - before accuracy of {@code skill}; 0 when it was not measured after. */
  public double gain(String skill) {
    SkillScore b = before.get(skill);
    SkillScore a = after.get(skill);
    return a == null || b == null ? 0 : a.accuracy() - b.accuracy();
  }
}
