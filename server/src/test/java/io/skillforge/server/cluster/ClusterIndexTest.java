package io.skillforge.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.server.runner.SharedIndexes;
import io.skillforge.server.store.pg.PgDatabase;
import io.skillforge.server.store.pg.PgExamples;
import io.skillforge.skills.Example;
import io.skillforge.skills.index.AddResult;
import io.skillforge.skills.index.DuplicatePolicy;
import io.skillforge.skills.index.IndexCounts;
import io.skillforge.skills.index.IndexOptions;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.index.SearchRequest;
import io.skillforge.skills.world.SkillMix;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes' indexes derived from the examples in PostgreSQL: what one node indexes, the others
 * index from the change log (deletions included); a new node builds its index from zero; a
 * restarted node goes on from where it was.
 */
class ClusterIndexTest {
  private static Vertx vertx;

  @TempDir Path dir;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void everyNodesIndex_followsTheExamplesInTheDatabase() throws Exception {
    dbUrl = LocalPostgres.shared().newDatabase();
    PgDatabase db = PgDatabase.connect(vertx, dbUrl, null, 4);
    PgExamples examples = PgExamples.open(db);
    List<Example> items = new WorldData(new NearDuplicateSet(0.8))
        .draw(400, 5, SkillMix.uniform(), 0.2, "ex", "train", false);
    List<Example> batch = new ArrayList<>(items);
    Example copy = items.get(0);
    batch.add(new Example("copy-of-ex", copy.question(), copy.rationale(), copy.answer(), copy.skills(),
        copy.source(), copy.split(), copy.provenance(), copy.weight()));

    SharedIndexes a = node("a");
    SharedIndexes b = node("b");
    try {
      List<AddResult> results;
      try (var lease = a.forWriting(dir.resolve("a"), IndexOptions.defaults())) {
        results = lease.index().addAll(batch, DuplicatePolicy.REJECT);
        lease.index().commit();
      }
      assertEquals(AddResult.Status.REJECTED, results.get(results.size() - 1).status(), "the copy is a near-duplicate");
      long stored = results.stream().filter(r -> r.status() != AddResult.Status.REJECTED).count();
      assertEquals(stored, examples.changesAfter(0, 1000).size(), "what a node refused is not shared");

      awaitPosition(b, examples.latest());
      assertEquals(counts(a, "a"), counts(b, "b"));
      assertEquals(stored, counts(b, "b").documents());

      try (var lease = a.forWriting(dir.resolve("a"), IndexOptions.defaults())) {
        assertTrue(lease.index().delete(items.get(1).id()));
        lease.index().commit();
      }
      awaitPosition(b, examples.latest());
      assertEquals(stored - 1, counts(b, "b").documents(), "the deletion reached the other node");
      try (var lease = b.forReading(dir.resolve("b"))) {
        assertTrue(lease.index().get(items.get(1).id()).isEmpty());
        assertEquals(items.get(2).question(), lease.index().get(items.get(2).id()).orElseThrow().question());
      }

      SharedIndexes c = node("c"); // a node that joins later builds its index from the whole log
      try {
        awaitPosition(c, examples.latest());
        assertEquals(counts(a, "a"), counts(c, "c"));
      } finally {
        c.close();
      }

      long before = b.changePosition();
      b.close();
      b = node("b"); // restarted: goes on from its stored place in the log
      assertEquals(before, b.changePosition());
      assertEquals(stored - 1, counts(b, "b").documents());
    } finally {
      a.close();
      b.close();
      db.close();
    }
  }

  private SharedIndexes node(String name) throws Exception {
    PgExamples examples = PgExamples.open(PgDatabase.connect(vertx, dbUrl, null, 2));
    SharedIndexes indexes = new SharedIndexes(dir.resolve(name), IndexOptions.defaults(), examples);
    indexes.startFollowing();
    return indexes;
  }

  private String dbUrl;

  private IndexCounts counts(SharedIndexes node, String name) throws Exception {
    try (var lease = node.forReading(dir.resolve(name))) {
      lease.index().refresh();
      return lease.index().counts(SearchRequest.all());
    }
  }

  private static void awaitPosition(SharedIndexes node, long position) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (node.changePosition() < position) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the node stayed at change " + node.changePosition() + " of " + position);
      }
      TimeUnit.MILLISECONDS.sleep(50); // the follower runs on its own thread every second; polled
    }
  }
}
