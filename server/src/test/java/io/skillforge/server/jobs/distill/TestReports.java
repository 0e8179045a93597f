package io.skillforge.server.jobs.distill;

import io.skillforge.server.jobs.distill.RoundReport.DataSummary;
import io.skillforge.server.jobs.distill.RoundReport.TrainingSummary;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfile.Evidence;
import io.skillforge.skills.MissingSkillProfile.SkillScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Round reports for tests, built field by field from a plain default. */
final class TestReports {
  /** Markup, an ampersand, both quotes and a closing pre: text that breaks a page if left unescaped. */
  static final String NASTY = "</pre><script>alert(\"x & y\")</script><img src='http://evil.test/a.png'>";

  private TestReports() {}

  static Builder report() {
    return new Builder();
  }

  /**
   * Four skills with different gains, a profile of three skills with evidence (one of them
   * {@link #NASTY}), losses, rejections and files.
   */
  static RoundReport full() {
    return report()
        .skill("add_carry", 200, 80, 130)
        .skill("sub_borrow", 150, 60, 66)
        .skill("remainder", 100, 50, 45)
        .skill("compare", 120, 108, 108)
        .overall(0.40, 0.525)
        .probed(1400, 512)
        .count("add_carry", 40, 200, 80)
        .count("sub_borrow", 25, 150, 60)
        .count("remainder", 9, 100, 50)
        .difficultQuestions(500)
        .evidence("add_carry", new Evidence("q-17", "What is 58 + 67?", "58 + 67 = 115", "Drops the carry."))
        .evidence("sub_borrow", new Evidence("q-3", "Compute 5 < 7 && 9 > 2 ? \"yes\" : 'no'", NASTY,
            "Treats <b> as a tag & forgets the borrow."))
        .data(new DataSummary(3_900, 9_500, 7_600, 1_900, 0,
            Map.of("disagreeing solutions", 31, "near an evaluation item", 4), List.of("training.jsonl", "mix.jsonl")))
        .training(new TrainingSummary("built-in", 600, 2.3071, 0.4112, 184.5, "runs/r1/round-1/student"))
        .build();
  }

  /** Nothing measured, nothing diagnosed, no evidence, an external fine-tuning. */
  static RoundReport empty() {
    return report().overall(0, 0).probed(0, 0)
        .training(new TrainingSummary("external: ./train.sh", 0, Double.NaN, Double.NaN, 12, "student-v2"))
        .build();
  }

  static final class Builder {
    private String run = "nightly-2025-03";
    private int round = 2;
    private Instant finishedAt = Instant.parse("2025-03-04T05:06:07Z");
    private String student = "builtin-small";
    private String teacher = "sim-teacher";
    private String method = "syn";
    private String difficulty = "graded";
    private String evaluation = "validation (1,400 items)";
    private final Map<String, SkillScore> before = new LinkedHashMap<>();
    private final Map<String, SkillScore> after = new LinkedHashMap<>();
    private double overallBefore;
    private double overallAfter;
    private int probed;
    private int difficult;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int difficultQuestions;
    private final Map<String, SkillScore> probeAccuracy = new LinkedHashMap<>();
    private final Map<String, List<Evidence>> evidence = new LinkedHashMap<>();
    private DataSummary data = new DataSummary(0, 0, 0, 0, 0, Map.of(), List.of());
    private TrainingSummary training = new TrainingSummary("built-in", 1, 1.0, 0.5, 1.0, "ckpt");

    Builder run(String run) {
      this.run = run;
      return this;
    }

    Builder names(String student, String teacher, String method, String difficulty, String evaluation) {
      this.student = student;
      this.teacher = teacher;
      this.method = method;
      this.difficulty = difficulty;
      this.evaluation = evaluation;
      return this;
    }

    /** A skill measured before and after on the same items. */
    Builder skill(String id, int items, int correctBefore, int correctAfter) {
      before.put(id, new SkillScore(items, correctBefore));
      after.put(id, new SkillScore(items, correctAfter));
      return this;
    }

    Builder onlyBefore(String id, int items, int correct) {
      before.put(id, new SkillScore(items, correct));
      return this;
    }

    Builder overall(double before, double after) {
      overallBefore = before;
      overallAfter = after;
      return this;
    }

    Builder probed(int probed, int difficult) {
      this.probed = probed;
      this.difficult = difficult;
      return this;
    }

    /** c(s) of a profile skill, with the probe's accuracy on its items. */
    Builder count(String id, int count, int probeItems, int probeCorrect) {
      counts.put(id, count);
      probeAccuracy.put(id, new SkillScore(probeItems, probeCorrect));
      return this;
    }

    /** c(s) of a profile skill the probe has no accuracy for. */
    Builder count(String id, int count) {
      counts.put(id, count);
      return this;
    }

    Builder difficultQuestions(int n) {
      difficultQuestions = n;
      return this;
    }

    Builder evidence(String skill, Evidence e) {
      evidence.computeIfAbsent(skill, s -> new ArrayList<>()).add(e);
      return this;
    }

    Builder data(DataSummary data) {
      this.data = data;
      return this;
    }

    Builder training(TrainingSummary training) {
      this.training = training;
      return this;
    }

    RoundReport build() {
      return new RoundReport(run, round, finishedAt, student, teacher, method, difficulty, evaluation, before, after,
          overallBefore, overallAfter, probed, difficult,
          new MissingSkillProfile(counts, difficultQuestions, probeAccuracy, evidence), data, training);
    }
  }
}
