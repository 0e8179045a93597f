package io.skillforge.server.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.index.ImportDatasetJob;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.server.jobs.student.ProbeStudentJob;
import io.skillforge.server.jobs.student.StudentChoice;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.skills.dataset.DatasetLayout;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.student.openai.OpenAiStudent;
import io.skillforge.student.probe.ProbeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps of a round as jobs of their own: probe, profile, then STAT-Sel and STAT-Syn data. */
class ProfileAndDataJobsTest {
  @TempDir Path dir;

  @Test
  void probeThenProfileThenSelAndSyn_chainThroughTheirFiles() throws Exception {
    DistillFixture fixture = DistillFixture.create(dir, "student");
    JobServices services = DistillFixture.services(Map.of());
    Path probe = dir.resolve("probe.jsonl");
    new ProbeStudentJob().run(new ProbeStudentJob.Request(StudentChoice.Checkpoint.named(fixture.student),
        OpenAiStudent.Api.CHAT, fixture.validation, DatasetLayout.DEFAULT, null,
        ProbeSettings.greedy().withMaxTokens(40), probe, null), JobContext.silent());
    StatSettings stat = DistillConfig.load(fixture.runFile("settings", 1, "student:\n  checkpoint: student\n"),
        services.config()).stat();
    TeacherChoice builtin = new TeacherChoice("builtin", null);
    ProfileStep.Profiled profiled = new ProfileJob(services).run(new ProfileJob.Request(probe, fixture.validation,
        DatasetLayout.DEFAULT, null, builtin, stat, dir.resolve("profile")), JobContext.silent());
    assertTrue(profiled.profile().difficultQuestions() > 0);
    assertTrue(Files.exists(dir.resolve("profile/profile.json")));

    Path index = dir.resolve("index");
    new ImportDatasetJob(IndexAccess.perJob()).run(new ImportDatasetJob.Request(fixture.train, index,
        DatasetLayout.DEFAULT, "train", null, DuplicatePolicy.ALLOW, 0.8, 10_000), JobContext.silent());
    for (String method : List.of("sel", "syn")) {
      RoundReport.DataSummary data = new TargetedDataJob(services).run(new TargetedDataJob.Request(method,
          dir.resolve("profile"), fixture.validation, DatasetLayout.DEFAULT, index, null, builtin,
          List.of(fixture.validation, fixture.test), stat, dir.resolve(method), false), JobContext.silent());
      assertEquals(stat.budget(), data.draws());
      assertEquals(method.equals("syn"), data.synthesized() > 0, data.toString());
      assertTrue(Files.readAllLines(dir.resolve(method).resolve("training.jsonl")).size() > 0);
    }
  }
}
