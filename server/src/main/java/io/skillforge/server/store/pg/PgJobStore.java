package io.skillforge.server.store.pg;

import io.skillforge.server.store.Artifact;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.JobState;
import io.skillforge.server.store.SharedJobStore;
import io.skillforge.server.store.StageProgress;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The job store in PostgreSQL, shared by the nodes of a cluster. A job is claimed with {@code
 * SELECT ... FOR UPDATE SKIP LOCKED}: two nodes claiming at once each get a different job, never
 * the same one, and neither waits for the other. A claim holds the job for a lease that its node
 * renews; a job whose lease ran out is claimable again, which is how a dead node's work moves on.
 *
 * <p>Claims, renewals, releases and ends of held jobs go through a database handle of their own
 * ({@code leases}), with a time-out well under the lease, so that they neither queue behind the
 * other work on the pool nor outlast the lease they keep.
 *
 * <p>Times are epoch milliseconds of the database's clock ({@code now()}), so that nodes with
 * skewed clocks agree on when a lease expires; the clock given at construction only stamps notes
 * and progress. Blocking: call it from worker threads.
 */
public final class PgJobStore implements SharedJobStore {
  private static final String COLUMNS =
      "id, kind, params, state, attempts, created_at, started_at, finished_at, result, error, node";
  private static final String NOW = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

  private final PgDatabase db;
  private final PgDatabase leases;
  private final String node;
  private final Clock clock;

  private PgJobStore(PgDatabase db, PgDatabase leases, String node, Clock clock) {
    this.db = db;
    this.leases = leases;
    this.node = node;
    this.clock = clock;
  }

  /**
   * The store in {@code db}, migrated to the latest schema, for the node named {@code node}.
   *
   * @throws io.skillforge.skills.errors.ConflictException when the database has a newer schema
   * @throws java.io.UncheckedIOException when the database cannot be reached
   */
  public static PgJobStore open(PgDatabase db, String node) {
    return open(db, db, node);
  }

  /**
   * Like {@link #open(PgDatabase, String)}, with the lease operations on {@code leases} (the same
   * database through a handle of their own).
   */
  public static PgJobStore open(PgDatabase db, PgDatabase leases, String node) {
    Objects.requireNonNull(node, "node");
    PgSchema.migrate(db);
    return new PgJobStore(db, leases, node, Clock.systemUTC());
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public void create(JobRecord job) {
    db.query("INSERT INTO jobs (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        Tuple.from(new Object[] {job.id(), job.kind(), job.params(), job.state().wireName(), job.attempts(),
            job.createdAt().toEpochMilli(), millis(job.startedAt()), millis(job.finishedAt()), job.result(),
            job.error(), job.node()}));
  }

  @Override
  public Optional<JobRecord> get(String id) {
    List<JobRecord> found = records(db.query("SELECT " + COLUMNS + " FROM jobs WHERE id = $1", Tuple.of(id)));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<JobRecord> list(JobState state, int limit) {
    if (state == null) {
      return records(db.query("SELECT " + COLUMNS + " FROM jobs ORDER BY seq DESC LIMIT $1",
          Tuple.of(Math.max(0, limit))));
    }
    return records(db.query("SELECT " + COLUMNS + " FROM jobs WHERE state = $1 ORDER BY seq DESC LIMIT $2",
        Tuple.of(state.wireName(), Math.max(0, limit))));
  }

  @Override
  public List<JobRecord> unfinished() {
    return records(db.query("SELECT " + COLUMNS + " FROM jobs WHERE state IN ('queued', 'running') ORDER BY seq",
        Tuple.tuple()));
  }

  /** Marks a job running on this node, with a lease of a minute (a single node's resume). */
  @Override
  public Optional<JobRecord> start(String id) {
    RowSet<Row> rows = db.query("UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = " + NOW
        + ", node = $2, lease_until = " + NOW + " + 60000 WHERE id = $1 AND state IN ('queued', 'running')"
        + " RETURNING " + COLUMNS, Tuple.of(id, node));
    List<JobRecord> started = records(rows);
    return started.isEmpty() ? Optional.empty() : Optional.of(started.get(0));
  }

  @Override
  public Optional<JobRecord> claim(Duration lease) {
    // One statement: the row lock taken by the sub-select is skipped by every other claimer.
    RowSet<Row> rows = leases.query("""
        UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = %1$s, node = $1,
          lease_until = %1$s + $2
        WHERE id = (
          SELECT id FROM jobs
          WHERE state = 'queued' OR (state = 'running' AND (lease_until IS NULL OR lease_until < %1$s))
          ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING %2$s""".formatted(NOW, COLUMNS), Tuple.of(node, lease.toMillis()));
    List<JobRecord> claimed = records(rows);
    return claimed.isEmpty() ? Optional.empty() : Optional.of(claimed.get(0));
  }

  @Override
  public Renewal renew(Map<String, Integer> held, Duration lease) {
    if (held.isEmpty()) {
      return new Renewal(Set.of(), Map.of());
    }
    String[] ids = held.keySet().toArray(String[]::new);
    Integer[] attempts = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      attempts[i] = held.get(ids[i]);
    }
    RowSet<Row> rows = leases.query("UPDATE jobs SET lease_until = " + NOW + " + $3"
        + " WHERE node = $2 AND state = 'running'"
        + " AND (id, attempts) IN (SELECT * FROM unnest($1::text[], $4::int[])) RETURNING id, cancel_reason",
        Tuple.of(ids, node, lease.toMillis(), attempts));
    Set<String> lost = new HashSet<>(held.keySet());
    Map<String, String> cancels = new HashMap<>();
    for (Row row : rows) {
      lost.remove(row.getString(0));
      if (row.getString(1) != null) {
        cancels.put(row.getString(0), row.getString(1));
      }
    }
    return new Renewal(lost, cancels);
  }

  @Override
  public void release(Collection<String> ids) {
    if (!ids.isEmpty()) {
      leases.query("UPDATE jobs SET lease_until = NULL WHERE id = ANY($1) AND node = $2 AND state = 'running'",
          Tuple.of(ids.toArray(String[]::new), node));
    }
  }

  @Override
  public boolean requestCancel(String id, String reason) {
    return db.query("UPDATE jobs SET cancel_reason = $2 WHERE id = $1 AND state = 'running'",
        Tuple.of(id, reason)).rowCount() == 1;
  }

  @Override
  public boolean finish(String id, JobState state, String result, String error) {
    return end(id, state, result, error, 0);
  }

  @Override
  public boolean finishHeld(String id, int attempt, JobState state, String result, String error) {
    return end(id, state, result, error, attempt);
  }

  /** @param heldAttempt the attempt this node must hold the job for; 0 for none */
  private boolean end(String id, JobState state, String result, String error, int heldAttempt) {
    if (!state.finished()) {
      throw new IllegalArgumentException("a job ends succeeded, failed or cancelled, not " + state.wireName());
    }
    String sql = "UPDATE jobs SET state = $1, finished_at = " + NOW + ", result = $2, error = $3,"
        + " lease_until = NULL WHERE id = $4 AND state IN ('queued', 'running')"
        + (heldAttempt > 0 ? " AND node = $5 AND attempts = $6" : "");
    Tuple args = Tuple.of(state.wireName(), result, error, id);
    if (heldAttempt > 0) {
      args.addString(node).addInteger(heldAttempt);
    }
    return (heldAttempt > 0 ? leases : db).query(sql, args).rowCount() == 1;
  }

  @Override
  public boolean cancelQueued(String id, String error) {
    return db.query("UPDATE jobs SET state = 'cancelled', finished_at = " + NOW + ", error = $2"
        + " WHERE id = $1 AND state = 'queued'", Tuple.of(id, error)).rowCount() == 1;
  }

  @Override
  public void saveProgress(String id, List<StageProgress> stages) {
    if (stages.isEmpty()) {
      return;
    }
    // A new stage goes after every stage the job has reported, so the order is the order of first report.
    String sql = """
        INSERT INTO job_progress (job_id, position, stage, done, total, unit, detail, updated_at)
        SELECT $1, (SELECT COALESCE(MAX(position), 0) + 1 FROM job_progress WHERE job_id = $1), $2, $3, $4, $5, $6, $7
        ON CONFLICT (job_id, stage) DO UPDATE SET done = excluded.done, total = excluded.total,
          unit = excluded.unit, detail = excluded.detail, updated_at = excluded.updated_at""";
    db.inTransaction("save the progress of job " + id, c -> {
      Future<?> chain = Future.succeededFuture();
      for (StageProgress p : stages) {
        chain = chain.compose(v -> db.counted(c, sql, Tuple.from(new Object[] {id, p.stage(), p.done(), p.total(),
            p.unit(), p.detail(), p.updatedAt().toEpochMilli()})));
      }
      return chain.mapEmpty();
    });
  }

  @Override
  public List<StageProgress> progress(String id) {
    List<StageProgress> out = new ArrayList<>();
    for (Row r : db.query("SELECT stage, done, total, unit, detail, updated_at FROM job_progress"
        + " WHERE job_id = $1 ORDER BY position", Tuple.of(id))) {
      out.add(new StageProgress(r.getString(0), r.getLong(1), r.getLong(2), r.getString(3), r.getString(4),
          Instant.ofEpochMilli(r.getLong(5))));
    }
    return out;
  }

  @Override
  public void addNote(String id, String note) {
    db.query("INSERT INTO job_notes (job_id, at, text) SELECT id, $2, $3 FROM jobs WHERE id = $1",
        Tuple.of(id, clock.millis(), note));
  }

  @Override
  public List<String> notes(String id) {
    List<String> out = new ArrayList<>();
    for (Row r : db.query("SELECT text FROM job_notes WHERE job_id = $1 ORDER BY seq", Tuple.of(id))) {
      out.add(r.getString(0));
    }
    return out;
  }

  @Override
  public void saveArtifacts(String id, List<Artifact> artifacts) {
    if (artifacts.isEmpty()) {
      return;
    }
    String sql = "INSERT INTO job_artifacts (job_id, name, media_type, bytes) VALUES ($1, $2, $3, $4)"
        + " ON CONFLICT (job_id, name) DO UPDATE SET media_type = excluded.media_type, bytes = excluded.bytes";
    db.inTransaction("record the artifacts of job " + id, c -> {
      Future<?> chain = Future.succeededFuture();
      for (Artifact a : artifacts) {
        chain = chain.compose(v -> db.counted(c, sql, Tuple.of(id, a.name(), a.mediaType(), a.bytes())));
      }
      return chain.mapEmpty();
    });
  }

  @Override
  public List<Artifact> artifacts(String id) {
    List<Artifact> out = new ArrayList<>();
    for (Row r : db.query("SELECT name, media_type, bytes FROM job_artifacts WHERE job_id = $1 ORDER BY name",
        Tuple.of(id))) {
      out.add(new Artifact(r.getString(0), r.getString(1), r.getLong(2)));
    }
    return out;
  }

  @Override
  public void saveSpend(String id, double dollars) {
    db.query("UPDATE jobs SET spent_dollars = GREATEST(spent_dollars, $2) WHERE id = $1", Tuple.of(id, dollars));
  }

  @Override
  public double spent(String id) {
    for (Row r : db.query("SELECT spent_dollars FROM jobs WHERE id = $1", Tuple.of(id))) {
      return r.getDouble(0);
    }
    return 0;
  }

  @Override
  public Map<JobState, Long> countByState() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (Row r : db.query("SELECT state, COUNT(*) FROM jobs GROUP BY state", Tuple.tuple())) {
      counts.put(JobState.fromWire(r.getString(0)), r.getLong(1));
    }
    return counts;
  }

  @Override
  public boolean reachable() {
    return db.reachable();
  }

  @Override
  public long roundTrips() {
    return leases == db ? db.roundTrips() : db.roundTrips() + leases.roundTrips();
  }

  /** The database stays open: its owner closes it. */
  @Override
  public void close() {
    // nothing of its own to close
  }

  private static List<JobRecord> records(RowSet<Row> rows) {
    List<JobRecord> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new JobRecord(r.getString(0), r.getString(1), r.getString(2), JobState.fromWire(r.getString(3)),
          r.getInteger(4), Instant.ofEpochMilli(r.getLong(5)), instant(r.getLong(6)), instant(r.getLong(7)),
          r.getString(8), r.getString(9), r.getString(10)));
    }
    return out;
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }
}
