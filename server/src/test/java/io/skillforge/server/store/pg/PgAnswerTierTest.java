package io.skillforge.server.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.server.cluster.LocalPostgres;
import io.skillforge.synthesis.teacher.cache.CacheKey;
import io.skillforge.synthesis.teacher.cache.CachedAnswer;
import io.skillforge.synthesis.teacher.cache.ResponseCache;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes' response caches over one PostgreSQL: what one stored, the other serves. */
class PgAnswerTierTest {
  private static Vertx vertx;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void anAnswerStoredByOneNode_isAHitOnAnother() {
    String url = LocalPostgres.shared().newDatabase();
    PgDatabase first = PgDatabase.connect(vertx, url, null, 2);
    PgDatabase second = PgDatabase.connect(vertx, url, null, 2);
    ResponseCache one = ResponseCache.over(PgAnswerTier.open(first), 100);
    ResponseCache two = ResponseCache.over(PgAnswerTier.open(second), 100);
    CacheKey key = CacheKey.of("label these items");
    assertTrue(two.get(key, null).isEmpty());
    one.put(key, new CachedAnswer("{\"labels\":[]}", 512, 40, 7, Instant.ofEpochMilli(1)));

    CachedAnswer shared = two.get(key, 256).orElseThrow();
    assertEquals("{\"labels\":[]}", shared.text());
    assertEquals(7, shared.completionTokens());
    assertEquals(1, two.stats().hits());

    CacheKey broken = CacheKey.of("another request");
    first.query("INSERT INTO teacher_answers (key, entry, stored_at) VALUES ($1, $2, 0)",
        Tuple.of(broken.hash(), Buffer.buffer("not json")));
    assertTrue(two.get(broken, null).isEmpty(), "an unreadable entry is a miss");
    assertEquals(1, two.stats().corrupt());
    assertEquals(0L, first.query("SELECT COUNT(*) FROM teacher_answers WHERE key = $1", Tuple.of(broken.hash()))
        .iterator().next().getLong(0), "and is deleted");
  }
}
