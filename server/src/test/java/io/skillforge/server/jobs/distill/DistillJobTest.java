package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.index.TextSimilarity;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static DistillFixture fixture;

  @BeforeAll
  static void data() throws Exception {
    fixture = DistillFixture.create(dir, "student");
  }

  @Test
  void twoRounds_writeEveryFile_andTrainFromTheRoundBefore_andKeepEvaluationItemsOut() throws Exception {
    Path runFile = fixture.runFile("two", 2, "method: syn\nteacher: builtin\nstudent:\n  kind: builtin\n"
        + "  checkpoint: student\nexport-prompt-completion: true\n");
    JobServices services = DistillFixture.services(Map.of());
    DistillJob.Result result = new DistillJob(services).run(DistillConfig.load(runFile, services.config()),
        JobContext.silent());
    assertEquals(2, result.rounds().size());
    for (int round = 1; round <= 2; round++) {
      RoundFiles files = new RoundFiles(result.runDir().resolve("round-" + round));
      for (Path f : List.of(files.probe(), files.profile(), files.diagnoses(), files.training(),
          files.trainingPromptCompletion(), files.trainingFull(), files.data(), files.checkpoint().resolve("config.json"),
          files.trained(), files.after(), files.reportJson(), files.reportHtml())) {
        assertTrue(Files.exists(f), "round " + round + " lacks " + f.getFileName());
      }
      RoundReport report = RoundReportJson.fromJson(JSON.readTree(files.reportJson().toFile()));
      assertEquals(round, report.round());
      assertTrue(report.difficult() > 0 && report.profile().difficultQuestions() > 0, report.toString());
      assertTrue(Files.readString(files.reportHtml()).contains("<svg"));
      for (String line : Files.readAllLines(files.training())) {
        assertTrue(JSON.readTree(line).path("messages").isArray(), line);
      }
      for (String line : Files.readAllLines(files.trainingFull())) {
        Example e = ExampleJson.fromNode(JSON.readTree(line));
        for (Example held : fixture.evaluation) {
          assertTrue(TextSimilarity.similarity(held.question(), e.question()) < 0.8,
              "trained on " + e.question() + ", near the evaluation item " + held.question());
        }
      }
    }
    RoundReport second = result.rounds().get(1);
    assertEquals(result.runDir().resolve("round-1").resolve("checkpoint").toString(), second.student(),
        "round 2 starts from round 1's student");
    assertEquals(result.rounds().get(0).overallAfter(), second.overallBefore(), 1e-12,
        "round 2's before is round 1's after");
  }

  @Test
  void killedDuringSynthesisAndRunAgain_redoesNoFinishedStep_andPaysTheTeacherOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults());
    try {
      Await.result(sim.start());
      // A run that is never stopped, with a cache of its own: what the teacher is asked in all.
      DistillConfig whole = simRun(sim, "whole", "cache-whole");
      new DistillJob(servicesFor(sim, "cache-whole")).run(whole, JobContext.silent());
      long askedByTheWholeRun = sim.stats().chatCalls();

      JobServices services = servicesFor(sim, "cache-resumed");
      DistillConfig resumed = simRun(sim, "resumed", "cache-resumed");
      Cancellation kill = new Cancellation();
      ProgressListener killAfterTheFirstWindow = new ProgressListener() {
        @Override
        public void progress(Progress p) {
          if (p.stage().equals("round 1: synthesize") && p.done() > 0 && p.done() < p.total()) {
            kill.cancel("killed");
          }
        }
      };
      assertThrows(CancelledException.class,
          () -> new DistillJob(services).run(resumed, new JobContext(killAfterTheFirstWindow, kill)));
      RoundFiles files = new RoundFiles(resumed.runDir().resolve("round-1"));
      assertFalse(Files.exists(files.training()), "the kill came before the training set");
      Map<Path, FileTime> finished = new HashMap<>();
      for (Path f : List.of(files.probe(), files.evaluationBefore(), files.diagnoses(), files.profile())) {
        finished.put(f, Files.getLastModifiedTime(f));
      }

      new DistillJob(services).run(resumed, JobContext.silent());
      assertEquals(2 * askedByTheWholeRun, sim.stats().chatCalls(),
          "the stopped run and its rerun asked the teacher more than one whole run does");
      for (Map.Entry<Path, FileTime> f : finished.entrySet()) {
        assertEquals(f.getValue(), Files.getLastModifiedTime(f.getKey()), f.getKey() + " was written again");
      }
      assertEquals(Files.readAllLines(new RoundFiles(whole.runDir().resolve("round-1")).training()),
          Files.readAllLines(files.training()), "the resumed run made another training set");
      assertTrue(Files.exists(files.reportHtml()));
    } finally {
      Await.result(sim.close());
      Await.result(vertx.close());
    }
  }

  private static JobServices servicesFor(TeacherSim sim, String cache) {
    Map<String, String> env = new HashMap<>();
    env.put("SKILLFORGE_TEACHER_KIND", "openai-compatible");
    env.put("SKILLFORGE_TEACHER_BASE_URL", sim.baseUrl());
    env.put("SKILLFORGE_TEACHER_CACHE_DIR", dir.resolve(cache).toString());
    return DistillFixture.services(env);
  }

  private static DistillConfig simRun(TeacherSim sim, String name, String cache) throws Exception {
    Path runFile = fixture.runFile(name, 1, "method: syn\nstudent:\n  kind: builtin\n  checkpoint: student\n");
    return DistillConfig.load(runFile, servicesFor(sim, cache).config());
  }

  @Test
  void selRound_drawsFromThePool() throws Exception {
    Path runFile = fixture.runFile("sel", 1, "method: sel\nteacher: builtin\nstudent:\n  kind: builtin\n"
        + "  checkpoint: student\n");
    JobServices services = DistillFixture.services(Map.of());
    DistillJob.Result result = new DistillJob(services).run(DistillConfig.load(runFile, services.config()),
        JobContext.silent());
    RoundReport report = result.rounds().get(0);
    assertEquals(0, report.data().synthesized());
    assertEquals(120, report.data().draws());
    JsonNode first = JSON.readTree(Files.readAllLines(new RoundFiles(result.runDir().resolve("round-1"))
        .trainingFull()).get(0));
    assertEquals("train", first.path("split").asText());
  }
}
