package io.skillforge.server.store.pg;

import io.skillforge.skills.errors.ConflictException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The versioned schema of the shared database. Migrations run in order at start, each once, in
 * one transaction under an advisory lock, so that nodes starting together apply each exactly once;
 * {@code skillforge_schema} records which ran. A database of a newer schema is refused.
 */
final class PgSchema {
  /** Any fixed number shared by every node: the advisory lock that serialises migrations. */
  private static final long MIGRATION_LOCK = 0x5f_6b_69_6c_6cL;

  /** Migration {@code i + 1}; append, never edit one that shipped. */
  private static final List<String> MIGRATIONS = List.of(
      // 1: jobs, with the node that holds each running one and until when
      """
      CREATE TABLE jobs (
        seq BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        started_at BIGINT,
        finished_at BIGINT,
        result TEXT,
        error TEXT,
        node TEXT,
        lease_until BIGINT,
        cancel_reason TEXT);
      CREATE INDEX jobs_unfinished ON jobs (seq) WHERE state IN ('queued', 'running');
      CREATE TABLE job_progress (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        stage TEXT NOT NULL,
        done BIGINT NOT NULL,
        total BIGINT NOT NULL,
        unit TEXT NOT NULL,
        detail TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (job_id, stage));
      CREATE TABLE job_notes (
        seq BIGSERIAL PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        at BIGINT NOT NULL,
        text TEXT NOT NULL);
      CREATE INDEX job_notes_job ON job_notes (job_id, seq);
      CREATE TABLE job_artifacts (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        bytes BIGINT NOT NULL,
        PRIMARY KEY (job_id, name))""",
      // 2: the teacher's answers, shared by every node
      """
      CREATE TABLE teacher_answers (
        key TEXT PRIMARY KEY,
        entry BYTEA NOT NULL,
        stored_at BIGINT NOT NULL)""",
      // 3: the indexed examples, the source of every node's index; change orders the change log
      """
      CREATE SEQUENCE example_changes;
      CREATE TABLE examples (
        id TEXT PRIMARY KEY,
        body TEXT,
        change BIGINT NOT NULL);
      CREATE INDEX examples_change ON examples (change)""",
      // 4: what a job's teachers spent over its attempts, so that a resumed job keeps to its budget
      """
      ALTER TABLE jobs ADD COLUMN spent_dollars DOUBLE PRECISION NOT NULL DEFAULT 0""");

  private PgSchema() {}

  /** The newest version this code knows. */
  static int latest() {
    return MIGRATIONS.size();
  }

  /**
   * Applies the migrations the database lacks.
   *
   * @return the version the database had before
   * @throws ConflictException when the database was migrated by a newer version of Skillforge
   */
  static int migrate(PgDatabase db) {
    return db.inTransaction("apply the schema", c -> db.counted(c, "SELECT pg_advisory_xact_lock($1)",
            Tuple.of(MIGRATION_LOCK))
        .compose(v -> c.query("SELECT to_regclass('skillforge_schema') IS NOT NULL").execute())
        .compose(exists -> exists.iterator().next().getBoolean(0) ? Future.succeededFuture()
            : c.query("CREATE TABLE skillforge_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)")
                .execute().mapEmpty())
        .compose(v -> c.query("SELECT COALESCE(MAX(version), 0) FROM skillforge_schema").execute())
        .compose(rows -> {
          Row row = rows.iterator().next();
          int version = row.getInteger(0);
          if (version > latest()) {
            return Future.failedFuture(new ConflictException("the database at " + db.where()
                + " has schema " + version + ", written by a newer version of Skillforge (this one knows "
                + latest() + "); use that version, or another store.url"));
          }
          Future<Void> chain = Future.succeededFuture();
          for (int v = version + 1; v <= latest(); v++) {
            int next = v;
            chain = chain.compose(x -> c.query(MIGRATIONS.get(next - 1)).execute())
                .compose(x -> c.preparedQuery("INSERT INTO skillforge_schema (version, applied_at) VALUES ($1, $2)")
                    .execute(Tuple.of(next, System.currentTimeMillis())))
                .mapEmpty();
          }
          return chain.map(x -> version);
        }));
  }
}
