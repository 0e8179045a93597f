package io.skillforge.skills.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that holds the index open for writing (no close, no shutdown hooks: SIGKILL)
 * and checks that the index reopens at its last commit. The child keeps the write.lock; the
 * operating system releases it with the process.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  private static void kill(Process child) throws InterruptedException {
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
  }

  @Test
  void open_afterWriterProcessKilled_seesExactlyTheCommittedExamples() throws Exception {
    Path index = dir.resolve("index");
    Process child = CrashingWriter.start("fixed", index.toString(), "200", "150");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("READY", out.readLine());
      assertTrue(Files.exists(index.resolve("write.lock")));
      kill(child);
    } finally {
      child.destroyForcibly();
    }

    try (SkillIndex reopened = SkillIndex.open(index, IndexOptions.defaults().withRefreshInterval(Duration.ZERO))) {
      IndexCounts stats = reopened.stats();
      assertEquals(200, stats.documents());
      assertTrue(reopened.get("c0").isPresent(), "the uncommitted delete must be lost");
      assertTrue(reopened.get("c199").isPresent());
      assertFalse(reopened.get("u0").isPresent());
      assertFalse(reopened.get("u149").isPresent());
      assertEquals(0, reopened.search(SearchRequest.builder().text("uncommitted").build()).size());
      // The reopened index takes writes again.
      reopened.add(TestExamples.example("after", "a question written after the crash"));
      reopened.commit();
      assertEquals(201, reopened.stats().documents());
    }
  }

  @Test
  void open_afterWriterKilledMidBatch_seesACommitPoint() throws Exception {
    Path index = dir.resolve("loop");
    int batch = 250;
    Process child = CrashingWriter.start("loop", index.toString(), String.valueOf(batch));
    long lastReported;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = null;
      for (int i = 0; i < 4; i++) {
        line = out.readLine();
      }
      assertTrue(line != null && line.startsWith("COMMITTED "), "child said " + line);
      lastReported = Long.parseLong(line.substring("COMMITTED ".length()));
      // Let it run on into its next batches, then kill it at whatever point it has reached.
      Thread.sleep(150);
      kill(child);
    } finally {
      child.destroyForcibly();
    }

    try (SkillIndex reopened = SkillIndex.open(index, IndexOptions.defaults().withRefreshInterval(Duration.ZERO))) {
      long documents = reopened.stats().documents();
      assertTrue(documents >= lastReported, documents + " < last reported commit " + lastReported);
      assertEquals(0, documents % batch, "not a commit point: " + documents);
      assertTrue(reopened.get("l" + (documents - 1)).isPresent());
      assertFalse(reopened.get("l" + documents).isPresent());
    }
  }
}
