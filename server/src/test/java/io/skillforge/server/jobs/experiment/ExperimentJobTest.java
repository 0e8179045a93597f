package io.skillforge.server.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.student.ModelShape;
import io.skillforge.server.jobs.arte.ArteRun;
import io.skillforge.synthesis.arte.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment's wiring on a tiny student: every arm of every seed, and the summary over seeds. */
class ExperimentJobTest {
  @TempDir Path dir;

  @Test
  void twoSeedsOnATinyStudent_scoreEveryArm_andSummariseOverSeeds() throws Exception {
    ExperimentJob.Request request = new ExperimentJob.Request(2, 7, "zipf:1.2", 300, 60, 70, 0.2,
        new ModelShape(32, 1, 2, 96, null), 20, 120, 4, 0.25, null, 1, dir, false, EnumSet.allOf(Arm.class),
        new ArteRun.Settings(4, Strategy.DEFAULTS, 2, 1e-3, 0.4, 8, 5, 10));
    ExperimentJob.Result result = new ExperimentJob().run(request, JobContext.silent());
    assertEquals(2, result.seeds().size());
    for (SeedResult seed : result.seeds()) {
      assertEquals(Arm.values().length, seed.scores().size());
      assertFalse(seed.flagged().isEmpty(), "a tiny student misses skills");
      assertEquals(seed.flagged().size(), seed.oracleSkills().size());
      for (Arm arm : Arm.values()) {
        ArmScore score = seed.scores().get(arm);
        assertTrue(score.overall() >= 0 && score.overall() <= 1, arm + ": " + score);
        assertEquals(arm == Arm.BASELINE, score.trainingExamples() == 0, arm + " trained on nothing");
      }
      for (String skill : seed.flagged()) {
        assertTrue(seed.profile().share(skill) >= 1.0 / 14, skill + " is below the flag share");
      }
    }
    ExperimentJob.Stat overall = result.summary().get(Arm.STAT_SYN).overall();
    double a = result.seeds().get(0).scores().get(Arm.STAT_SYN).overall();
    double b = result.seeds().get(1).scores().get(Arm.STAT_SYN).overall();
    assertEquals((a + b) / 2, overall.mean(), 1e-12);
    assertEquals(Math.abs(a - b) / Math.sqrt(2), overall.std(), 1e-12);
    assertTrue(Files.readAllLines(dir.resolve("seed-7001/arte-data/dpo-rationales.jsonl")).size() > 0,
        "the arte arm wrote its preference pairs");
    JsonNode json = ExperimentJson.summary(result);
    for (Arm arm : Arm.values()) {
      for (String measure : new String[] {"overall", "missingSkills", "otherSkills"}) {
        assertTrue(json.path(arm.key()).path(measure).has("mean") && json.path(arm.key()).path(measure).has("std"),
            arm.key() + "." + measure);
      }
    }
  }

  @Test
  void chosenArms_runAlone_withTheBaseline() throws Exception {
    ExperimentJob.Request request = new ExperimentJob.Request(1, 7, "zipf:1.2", 300, 60, 70, 0.2,
        new ModelShape(32, 1, 2, 96, null), 20, 120, 4, 0.25, null, 1, dir, false, EnumSet.of(Arm.SFT),
        ArteRun.Settings.DEFAULTS);
    ExperimentJob.Result result = new ExperimentJob().run(request, JobContext.silent());
    assertEquals(java.util.Set.of(Arm.BASELINE, Arm.SFT), result.summary().keySet());
    assertEquals(java.util.Set.of(Arm.BASELINE, Arm.SFT), result.seeds().get(0).scores().keySet());
    assertFalse(ExperimentJson.summary(result).has("arte"));
  }
}
