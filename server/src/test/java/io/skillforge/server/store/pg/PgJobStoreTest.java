package io.skillforge.server.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.cluster.LocalPostgres;
import io.skillforge.server.store.Artifact;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.JobState;
import io.skillforge.server.store.SharedJobStore;
import io.skillforge.server.store.StageProgress;
import io.skillforge.skills.errors.ConflictException;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job store on a real PostgreSQL (see {@link LocalPostgres}): the same lifecycle as the embedded store, and leases. */
class PgJobStoreTest {
  private static Vertx vertx;
  private PgDatabase db;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @BeforeEach
  void database() {
    db = PgDatabase.connect(vertx, LocalPostgres.shared().newDatabase(), null, 8);
  }

  @Test
  void jobLifecycle_likeTheEmbeddedStore() {
    PgJobStore store = PgJobStore.open(db, "n1");
    store.create(JobRecord.queued("a", "label", "{\"kind\":\"label\"}", Instant.ofEpochMilli(1000)));
    store.create(JobRecord.queued("b", "probe", "{}", Instant.ofEpochMilli(2000)));
    JobRecord started = store.start("a").orElseThrow();
    assertEquals(1, started.attempts());
    assertEquals("n1", started.node(), "the store says which node runs the job");
    store.saveProgress("a", List.of(new StageProgress("label", 3, 10, "items", "x", Instant.ofEpochMilli(5))));
    store.saveProgress("a", List.of(new StageProgress("write", 0, -1, "files", "", Instant.ofEpochMilli(6)),
        new StageProgress("label", 7, 10, "items", "y", Instant.ofEpochMilli(7))));
    store.addNote("a", "first");
    store.addNote("a", "second");
    store.saveArtifacts("a", List.of(new Artifact("labelled.jsonl", "application/x-ndjson", 12)));
    store.saveArtifacts("a", List.of(new Artifact("labelled.jsonl", "application/x-ndjson", 13)));
    store.saveSpend("a", 0.4);
    store.saveSpend("a", 0.2);

    PgJobStore again = PgJobStore.open(db, "n2");
    assertEquals(List.of("a", "b"), again.unfinished().stream().map(JobRecord::id).toList());
    assertEquals(List.of("b", "a"), again.list(null, 10).stream().map(JobRecord::id).toList(), "newest first");
    List<StageProgress> progress = again.progress("a");
    assertEquals(List.of("label", "write"), progress.stream().map(StageProgress::stage).toList(),
        "stages keep the order of their first report");
    assertEquals(7, progress.get(0).done());
    assertEquals("y", progress.get(0).detail());
    assertEquals(List.of("first", "second"), again.notes("a"));
    assertEquals(List.of(new Artifact("labelled.jsonl", "application/x-ndjson", 13)), again.artifacts("a"));
    assertEquals(0.4, again.spent("a"), 1e-12, "what the job spent, never lowered");
    assertEquals(0.0, again.spent("b"));

    assertTrue(again.finish("a", JobState.SUCCEEDED, "{\"ok\":true}", null));
    assertFalse(again.finish("a", JobState.FAILED, null, "{}"), "an ended job stays ended");
    assertTrue(again.start("a").isEmpty(), "an ended job does not start again");
    assertEquals("{\"ok\":true}", again.get("a").orElseThrow().result());
    assertTrue(again.cancelQueued("b", "{}"));
    assertFalse(again.cancelQueued("a", "{}"), "only a queued job is cancelled this way");
    assertTrue(again.unfinished().isEmpty());
    assertEquals(1L, again.countByState().get(JobState.CANCELLED));
    assertEquals(List.of("b"), again.list(JobState.CANCELLED, 10).stream().map(JobRecord::id).toList());
    assertTrue(again.get("missing").isEmpty());
  }

  @Test
  void claims_neverHandTheSameJobToTwoNodes() throws Exception {
    List<PgJobStore> nodes = List.of(PgJobStore.open(db, "n1"), PgJobStore.open(db, "n2"), PgJobStore.open(db, "n3"));
    for (int i = 0; i < 60; i++) {
      nodes.get(0).create(JobRecord.queued("j" + i, "label", "{}", Instant.ofEpochMilli(i)));
    }
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    List<String> twice = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> claimers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        SharedJobStore node = nodes.get(t % 3);
        claimers.add(pool.submit(() -> {
          Optional<JobRecord> job;
          while ((job = node.claim(Duration.ofMinutes(1))).isPresent()) {
            if (!claimed.add(job.get().id())) {
              synchronized (twice) {
                twice.add(job.get().id());
              }
            }
          }
        }));
      }
      for (Future<?> f : claimers) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(List.of(), twice, "no job claimed twice");
    assertEquals(60, claimed.size());
    assertTrue(nodes.get(1).claim(Duration.ofMinutes(1)).isEmpty(), "running jobs with live leases are not claimable");
  }

  @Test
  void anExpiredLease_letsAnotherNodeTakeTheJobOver() throws Exception {
    PgJobStore dead = PgJobStore.open(db, "dead");
    PgJobStore alive = PgJobStore.open(db, "alive");
    dead.create(JobRecord.queued("a", "label", "{}", Instant.now()));
    assertEquals("dead", dead.claim(Duration.ofMillis(300)).orElseThrow().node());
    assertTrue(alive.claim(Duration.ofSeconds(5)).isEmpty(), "held while the lease lasts");
    assertEquals(Set.of(), dead.renew(Map.of("a", 1), Duration.ofMillis(300)).lost(), "renewed in time");
    Thread.sleep(500); // the dead node stops renewing

    JobRecord taken = alive.claim(Duration.ofSeconds(5)).orElseThrow();
    assertEquals("alive", taken.node());
    assertEquals(2, taken.attempts(), "the takeover counts as another attempt");
    assertEquals(Set.of("a"), dead.renew(Map.of("a", 1), Duration.ofSeconds(5)).lost(),
        "the old node learns that it lost the job");
    assertFalse(dead.finishHeld("a", 1, JobState.SUCCEEDED, "{}", null), "and cannot end it");
    assertFalse(alive.finishHeld("a", 1, JobState.SUCCEEDED, "{}", null), "nor can an older attempt on the new node");
    assertTrue(alive.renew(Map.of("a", 1), Duration.ofSeconds(5)).lost().contains("a"),
        "a lease is held for one attempt");
    assertTrue(alive.finishHeld("a", 2, JobState.SUCCEEDED, "{}", null));
  }

  @Test
  void releaseAndCancelRequests_reachTheOtherNodes() {
    PgJobStore a = PgJobStore.open(db, "a");
    PgJobStore b = PgJobStore.open(db, "b");
    a.create(JobRecord.queued("x", "label", "{}", Instant.now()));
    a.claim(Duration.ofMinutes(5)).orElseThrow();
    assertTrue(b.requestCancel("x", "cancelled by the user"));
    assertEquals("cancelled by the user", a.renew(Map.of("x", 1), Duration.ofMinutes(5)).cancels().get("x"),
        "the owner sees the request at its next renewal");
    a.release(List.of("x"));
    assertEquals("b", b.claim(Duration.ofMinutes(5)).orElseThrow().node(), "a released job moves at once");
    assertFalse(a.requestCancel("missing", "x"));
  }

  @Test
  void migrations_runOnceAndRefuseANewerSchema() {
    PgJobStore.open(db, "n1");
    PgJobStore.open(db, "n2");
    assertEquals(PgSchema.latest(), db.query("SELECT COUNT(*) FROM skillforge_schema").iterator().next().getInteger(0));
    db.query("INSERT INTO skillforge_schema (version, applied_at) VALUES ($1, 0)", Tuple.of(PgSchema.latest() + 1));
    ConflictException e = assertThrows(ConflictException.class, () -> PgJobStore.open(db, "n3"));
    assertTrue(e.getMessage().contains("newer version"), e.getMessage());
  }
}
