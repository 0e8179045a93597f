package io.skillforge.server.store.pg;

import io.skillforge.synthesis.teacher.cache.AnswerTier;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teacher's answers in PostgreSQL, shared by every node of a cluster: an answer one node paid
 * for is a cache hit on every other. Each node keeps Caffeine in front of it. A write is one
 * statement, so an entry is whole or absent; a failed write is logged and costs a call later.
 */
public final class PgAnswerTier implements AnswerTier {
  private static final Logger LOG = LoggerFactory.getLogger(PgAnswerTier.class);

  private final PgDatabase db;

  /** The tier in {@code db}, migrated to the latest schema. */
  public static PgAnswerTier open(PgDatabase db) {
    PgSchema.migrate(db);
    return new PgAnswerTier(db);
  }

  private PgAnswerTier(PgDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<byte[]> read(String hash) {
    try {
      for (Row row : db.query("SELECT entry FROM teacher_answers WHERE key = $1", Tuple.of(hash))) {
        return Optional.of(row.getBuffer(0).getBytes());
      }
      return Optional.empty();
    } catch (UncheckedIOException e) {
      LOG.warn("could not read teacher answer {}: {}", hash.substring(0, 12), e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void write(String hash, byte[] entry) {
    try {
      db.query("INSERT INTO teacher_answers (key, entry, stored_at) VALUES ($1, $2, $3)"
          + " ON CONFLICT (key) DO UPDATE SET entry = excluded.entry, stored_at = excluded.stored_at",
          Tuple.of(hash, Buffer.buffer(entry), System.currentTimeMillis()));
    } catch (UncheckedIOException e) {
      LOG.warn("could not store teacher answer {}: {}", hash.substring(0, 12), e.getMessage());
    }
  }

  @Override
  public void delete(String hash) {
    try {
      db.query("DELETE FROM teacher_answers WHERE key = $1", Tuple.of(hash));
    } catch (UncheckedIOException e) {
      LOG.warn("could not delete teacher answer {}: {}", hash.substring(0, 12), e.getMessage());
    }
  }

  @Override
  public String describe() {
    return "table teacher_answers of " + db.where();
  }
}
