package io.skillforge.server.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.skills.concurrent.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoJobTest {
  @TempDir Path dir;

  @Test
  void tinyDemo_runsTheLoopOverHttp_andWritesTheReport() throws Exception {
    List<String> stages = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public synchronized void progress(Progress p) {
        if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(p.stage())) {
          stages.add(p.stage());
        }
      }
    };
    JobServices services = new JobServices(() -> SkillforgeConfig.load(Map.of(), null), Map.of(),
        IndexAccess.perJob());
    // A relative --work, as the README's command gives it, in a directory that does not exist yet.
    Path work = Path.of("").toAbsolutePath().relativize(dir.resolve("demo"));
    DemoJob.Result result = new DemoJob(services).run(new DemoJob.Request(work, 3, "zipf:1.2", 300, 40, 20, 4, 80),
        new JobContext(listener, new Cancellation()));
    assertTrue(Files.isRegularFile(result.reportHtml()), "no report at " + result.reportHtml());
    assertEquals(1, result.report().round());
    assertTrue(result.report().teacher().startsWith("openai-compatible"), result.report().teacher());
    assertTrue(Files.readString(dir.resolve("demo/distill.yaml")).contains("method: \"syn\""));
    assertEquals(List.of("baseline", "import", "round 1: probe", "round 1: diagnose", "round 1: evaluate before",
        "round 1: synthesize", "round 1: train", "round 1: evaluate after"), stages);
  }
}
