package io.skillforge.skills.index;

import static io.skillforge.skills.index.TestExamples.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.errors.NotFoundException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Read-only access beside a writer that holds the index's write lock. */
class ReadOnlySkillIndexTest {
  @TempDir Path dir;

  private static IndexOptions manualRefresh() {
    return IndexOptions.defaults().withRefreshInterval(Duration.ZERO);
  }

  /**
   * A writer with {@code committed} examples c0.. committed (skill "even" or "odd"), then c0
   * deleted and {@code pending} examples u0.. added, refreshed but not committed.
   */
  private SkillIndex writerWithPendingChanges(Path path, int committed, int pending) throws IOException {
    SkillIndex writer = SkillIndex.open(path, manualRefresh());
    for (int i = 0; i < committed; i++) {
      writer.add(example("c" + i, "committed question " + i + " " + Integer.toString(i * 7919, 36),
          i % 2 == 0 ? "even" : "odd"));
    }
    writer.commit();
    writer.delete("c0");
    for (int i = 0; i < pending; i++) {
      writer.add(example("u" + i, "uncommitted question " + i + " " + Integer.toString(i * 104729, 36),
          "even"));
    }
    writer.refresh();
    return writer;
  }

  // ---- what it sees

  @Test
  void openReadOnly_writerHoldsUncommittedChanges_seesExactlyTheCommittedExamples() throws IOException {
    Path path = dir.resolve("index");
    try (SkillIndex writer = writerWithPendingChanges(path, 40, 25);
        SkillIndex reader = SkillIndex.openReadOnly(path, manualRefresh())) {
      assertEquals(39 + 25, writer.stats().documents(), "the writer sees its own changes");

      IndexCounts stats = reader.stats();
      assertEquals(40, stats.documents());
      assertEquals(20, stats.skill("even"));
      assertEquals(20, stats.skill("odd"));
      assertTrue(reader.get("c0").isPresent(), "the uncommitted delete must not show");
      assertTrue(reader.get("c39").isPresent());
      assertFalse(reader.get("u0").isPresent());
      assertEquals(0, reader.search(SearchRequest.builder().text("uncommitted").build()).size());
      assertEquals(10, reader.search(SearchRequest.builder().text("committed question").limit(10).build()).size());
      Set<String> visited = new HashSet<>();
      assertEquals(40, reader.forEach(SearchRequest.all(), e -> visited.add(e.id())));
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 40; i++) {
        expected.add("c" + i);
      }
      assertEquals(expected, visited);
      List<Example> exemplars = reader.exemplars(ExemplarRequest.of("even", 5, 3));
      assertEquals(5, exemplars.size());
      assertTrue(exemplars.stream().allMatch(e -> e.id().startsWith("c")), "exemplars " + exemplars);
      assertEquals("c7", reader.findNearDuplicate(
          "committed question 7 " + Integer.toString(7 * 7919, 36), null).orElseThrow().id());
      assertTrue(reader.findNearDuplicate(
          "uncommitted question 3 " + Integer.toString(3 * 104729, 36), null).isEmpty());
    }
  }

  @Test
  void refresh_afterTheWriterCommits_movesToTheNewCommit() throws IOException {
    Path path = dir.resolve("index");
    try (SkillIndex writer = writerWithPendingChanges(path, 10, 5);
        SkillIndex reader = SkillIndex.openReadOnly(path, manualRefresh())) {
      writer.commit();
      assertEquals(10, reader.stats().documents(), "no refresh yet");

      reader.refresh();

      assertEquals(9 + 5, reader.stats().documents());
      assertFalse(reader.get("c0").isPresent());
      assertTrue(reader.get("u4").isPresent());
    }
  }

  @Test
  void openReadOnly_whileAnotherThreadKeepsCommitting_alwaysSeesACommitPoint() throws Exception {
    Path path = dir.resolve("index");
    int batch = 50;
    int batches = 30;
    try (SkillIndex writer = SkillIndex.open(path, manualRefresh())) {
      AtomicBoolean writing = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      Thread writerThread = new Thread(() -> {
        try {
          for (int n = 0; n < batch * batches; ) {
            for (int i = 0; i < batch; i++, n++) {
              writer.add(example("w" + n, "written question " + n), DuplicatePolicy.ALLOW);
            }
            writer.commit();
          }
        } catch (Throwable e) {
          failures.add(e);
        } finally {
          writing.set(false);
        }
      });
      writerThread.start();
      long last = 0;
      int opened = 0;
      try (SkillIndex kept = SkillIndex.openReadOnly(path, manualRefresh())) {
        while (writing.get() || opened == 0) {
          // A fresh instance per round races its open with the writer's commits; the kept one
          // races its reopen.
          try (SkillIndex reader = SkillIndex.openReadOnly(path, manualRefresh())) {
            long n = reader.stats().documents();
            assertEquals(0, n % batch, "not a commit point: " + n);
            assertEquals(n, reader.forEach(SearchRequest.all(), e -> {}));
            opened++;
          }
          kept.refresh();
          long n = kept.stats().documents();
          assertTrue(n >= last && n % batch == 0, "went from " + last + " to " + n);
          last = n;
        }
        writerThread.join();
        kept.refresh();
        assertEquals(batch * batches, kept.stats().documents());
      }
      assertTrue(failures.isEmpty(), () -> "writer failed: " + failures.peek());
      assertTrue(opened > 0);
    }
  }

  // ---- another process holds the writer

  @Test
  void openReadOnly_writerInAnotherProcess_seesExactlyTheCommittedExamples() throws Exception {
    Path path = dir.resolve("index");
    Process child = CrashingWriter.start("fixed", path.toString(), "200", "150");
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("READY", out.readLine());
      IOException locked = assertThrows(IOException.class, () -> SkillIndex.open(path, manualRefresh()));
      assertTrue(locked.getMessage().contains("already open"), locked.getMessage());

      assertTrue(SkillIndex.exists(path));
      try (SkillIndex reader = SkillIndex.openReadOnly(path, manualRefresh())) {
        assertEquals(200, reader.stats().documents());
        assertTrue(reader.get("c0").isPresent(), "the uncommitted delete must not show");
        assertTrue(reader.get("c199").isPresent());
        assertFalse(reader.get("u0").isPresent());
        assertEquals(200, reader.forEach(SearchRequest.all(), e -> assertTrue(e.id().startsWith("c"))));
        assertEquals(0, reader.search(SearchRequest.builder().text("uncommitted").build()).size());
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
    }
  }

  // ---- exists, writes, lifecycle

  @Test
  void exists_whileAWriterHoldsTheLock_isTrue() throws IOException {
    Path path = dir.resolve("index");
    try (SkillIndex writer = SkillIndex.open(path, manualRefresh())) {
      assertTrue(Files.exists(path.resolve("write.lock")));

      assertTrue(SkillIndex.exists(path));
    }
    assertFalse(SkillIndex.exists(dir.resolve("none")));
  }

  @Test
  void writes_onAReadOnlyIndex_failWithAClearMessageAndChangeNothing() throws IOException {
    Path path = dir.resolve("index");
    try (SkillIndex writer = writerWithPendingChanges(path, 4, 0)) {
      writer.commit();
    }
    try (SkillIndex reader = SkillIndex.openReadOnly(path, manualRefresh())) {
      Example e = example("new", "a new question");
      List<Executable> writes = List.of(
          () -> reader.add(e),
          () -> reader.add(e, DuplicatePolicy.ALLOW),
          () -> reader.addAll(List.of(e), DuplicatePolicy.ALLOW),
          () -> reader.delete("c1"),
          reader::commit);
      for (Executable write : writes) {
        ConflictException thrown = assertThrows(ConflictException.class, write);
        assertEquals("the index at " + path + " was opened read-only, so it cannot be changed",
            thrown.getMessage());
      }
      assertEquals(3, reader.stats().documents());
      // It holds no lock: a writer opens beside it, and finds nothing changed.
      try (SkillIndex writer = SkillIndex.open(path, manualRefresh())) {
        assertEquals(3, writer.stats().documents());
        assertFalse(writer.get("new").isPresent());
      }
    }
  }

  @Test
  void openReadOnly_noIndex_failsAsNotFoundAndCreatesNothing() {
    Path missing = dir.resolve("missing");

    NotFoundException e = assertThrows(NotFoundException.class, () -> SkillIndex.openReadOnly(missing));

    assertEquals("no index at " + missing, e.getMessage());
    assertFalse(Files.exists(missing));
  }

  @Test
  void close_readOnly_isIdempotentAndLeavesTheWriterWorking() throws IOException {
    Path path = dir.resolve("index");
    try (SkillIndex writer = writerWithPendingChanges(path, 3, 2)) {
      SkillIndex reader = SkillIndex.openReadOnly(path, manualRefresh());
      reader.close();
      reader.close();

      writer.add(example("after", "a question after the reader closed"));
      writer.commit();
      assertEquals(2 + 2 + 1, writer.stats().documents());
      List<String> ids = new ArrayList<>();
      writer.forEach(SearchRequest.all(), e -> ids.add(e.id()));
      assertTrue(ids.contains("after"));
    }
  }
}
