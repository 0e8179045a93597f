package io.skillforge.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.errors.ConflictException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest {
  @TempDir Path dir;

  @Test
  void jobLifecycle_survivesReopening() {
    Path file = dir.resolve("jobs.db");
    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      store.create(JobRecord.queued("a", "label", "{\"kind\":\"label\"}", Instant.ofEpochMilli(1000)));
      store.create(JobRecord.queued("b", "probe", "{}", Instant.ofEpochMilli(2000)));
      assertEquals(1, store.start("a").orElseThrow().attempts());
      store.saveProgress("a", List.of(new StageProgress("label", 3, 10, "items", "x", Instant.ofEpochMilli(5))));
      store.saveProgress("a", List.of(new StageProgress("write", 0, -1, "files", "", Instant.ofEpochMilli(6)),
          new StageProgress("label", 7, 10, "items", "y", Instant.ofEpochMilli(7))));
      store.addNote("a", "first");
      store.addNote("a", "second");
      store.saveArtifacts("a", List.of(new Artifact("labelled.jsonl", "application/x-ndjson", 12)));
    }
    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      assertEquals(List.of("a", "b"), store.unfinished().stream().map(JobRecord::id).toList());
      assertEquals(List.of("b", "a"), store.list(null, 10).stream().map(JobRecord::id).toList(), "newest first");
      List<StageProgress> progress = store.progress("a");
      assertEquals(List.of("label", "write"), progress.stream().map(StageProgress::stage).toList(),
          "stages keep the order of their first report");
      assertEquals(7, progress.get(0).done());
      assertEquals("y", progress.get(0).detail());
      assertEquals(List.of("first", "second"), store.notes("a"));
      assertEquals(12, store.artifacts("a").get(0).bytes());

      assertEquals(2, store.start("a").orElseThrow().attempts(), "a resumed run counts again");
      assertTrue(store.finish("a", JobState.SUCCEEDED, "{\"ok\":true}", null));
      assertFalse(store.finish("a", JobState.FAILED, null, "{}"), "an ended job stays ended");
      assertTrue(store.start("a").isEmpty(), "an ended job does not start again");
      JobRecord a = store.get("a").orElseThrow();
      assertEquals(JobState.SUCCEEDED, a.state());
      assertEquals("{\"ok\":true}", a.result());

      assertTrue(store.cancelQueued("b", "{}"));
      assertFalse(store.cancelQueued("a", "{}"), "only a queued job is cancelled this way");
      assertTrue(store.unfinished().isEmpty());
      assertEquals(1L, store.countByState().get(JobState.CANCELLED));
      assertEquals(List.of("b"), store.list(JobState.CANCELLED, 10).stream().map(JobRecord::id).toList());
    }
  }

  @Test
  void unknownJob_updatesNothing() {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"))) {
      assertTrue(store.get("nope").isEmpty());
      assertTrue(store.start("nope").isEmpty());
      assertFalse(store.finish("nope", JobState.FAILED, null, null));
      store.addNote("nope", "lost");
      assertTrue(store.notes("nope").isEmpty());
    }
  }

  @Test
  void open_fileOfANewerSchema_isRefused() throws Exception {
    Path file = dir.resolve("jobs.db");
    SqliteJobStore.open(file).close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version=99");
    }
    ConflictException e = assertThrows(ConflictException.class, () -> SqliteJobStore.open(file));
    assertTrue(e.getMessage().contains("newer version"), e.getMessage());
  }

  @Test
  void open_usesWriteAheadLogging() throws Exception {
    Path file = dir.resolve("jobs.db");
    SqliteJobStore.open(file).close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
        var r = s.executeQuery("PRAGMA journal_mode")) {
      assertTrue(r.next());
      assertEquals("wal", r.getString(1));
    }
  }

  @Test
  void aFileOfSchema1_isMigrated_andKeepsWhatJobsSpent() throws Exception {
    Path file = dir.resolve("jobs.db");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
          + " params TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
          + " started_at INTEGER, finished_at INTEGER, result TEXT, error TEXT)");
      s.execute("INSERT INTO jobs (id, kind, params, state, created_at) VALUES ('old', 'label', '{}', 'running', 1)");
      s.execute("PRAGMA user_version=1");
    }
    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      assertEquals(0.0, store.spent("old"));
      store.saveSpend("old", 0.25);
      store.saveSpend("old", 0.1);
      assertEquals(0.25, store.spent("old"), "a smaller amount changes nothing");
      assertEquals(1, store.unfinished().size());
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
        var r = s.executeQuery("PRAGMA user_version")) {
      assertEquals(2, r.getInt(1));
    }
  }
}
