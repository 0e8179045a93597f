package io.skillforge.server.store;

import io.skillforge.skills.errors.ConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job store in one SQLite file in the data directory, in write-ahead-log mode: readers never
 * wait for the writer, and a commit is one append to the log, durable when the process is killed
 * ({@code synchronous=NORMAL} can lose the last commits only to a power cut, never to a crash).
 *
 * <p>Design notes. One connection, used under this object's lock: the store sees a handful of small
 * writes per second (job transitions, progress at most once a second per job), so a pool would add
 * nothing but a second writer for SQLite to serialise anyway. Times are epoch milliseconds. The
 * schema's version is SQLite's {@code user_version}; a file of a newer version is refused rather
 * than misread.
 */
public final class SqliteJobStore implements JobStore {
  private static final int SCHEMA_VERSION = 2;
  private static final String COLUMNS =
      "id, kind, params, state, attempts, created_at, started_at, finished_at, result, error";

  private final Connection connection;
  private final Clock clock;

  private SqliteJobStore(Connection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /**
   * Opens (creating when missing) the store in {@code file}.
   *
   * @throws ConflictException when the file belongs to a newer version of Skillforge
   * @throws UncheckedIOException when the database cannot be opened
   */
  public static SqliteJobStore open(Path file) {
    return open(file, Clock.systemUTC());
  }

  static SqliteJobStore open(Path file, Clock clock) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try {
        prepare(connection, file);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
      return new SqliteJobStore(connection, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of the job store " + file, e);
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot open the job store " + file + ": " + e.getMessage(), e));
    }
  }

  private static void prepare(Connection connection, Path file) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA busy_timeout=10000");
      s.execute("PRAGMA foreign_keys=ON");
      int version;
      try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
        version = r.next() ? r.getInt(1) : 0;
      }
      if (version > SCHEMA_VERSION) {
        throw new ConflictException("the job store " + file + " was written by a newer version of Skillforge"
            + " (schema " + version + "); use that version, or another --data-dir");
      }
      if (version == 0) {
        s.execute("""
            CREATE TABLE IF NOT EXISTS jobs (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              id TEXT NOT NULL UNIQUE,
              kind TEXT NOT NULL,
              params TEXT NOT NULL,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              created_at INTEGER NOT NULL,
              started_at INTEGER,
              finished_at INTEGER,
              result TEXT,
              error TEXT)""");
        s.execute("CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, seq)");
        s.execute("""
            CREATE TABLE IF NOT EXISTS job_progress (
              job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              stage TEXT NOT NULL,
              done INTEGER NOT NULL,
              total INTEGER NOT NULL,
              unit TEXT NOT NULL,
              detail TEXT NOT NULL,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (job_id, stage))""");
        s.execute("""
            CREATE TABLE IF NOT EXISTS job_notes (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
              at INTEGER NOT NULL,
              text TEXT NOT NULL)""");
        s.execute("CREATE INDEX IF NOT EXISTS job_notes_job ON job_notes(job_id, seq)");
        s.execute("""
            CREATE TABLE IF NOT EXISTS job_artifacts (
              job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
              name TEXT NOT NULL,
              media_type TEXT NOT NULL,
              bytes INTEGER NOT NULL,
              PRIMARY KEY (job_id, name))""");
      }
      if (version < 2) {
        // 2: what a job's teachers spent over its attempts, so that a resumed job keeps to its budget.
        // The column and the version change together, or not at all.
        connection.setAutoCommit(false);
        try {
          s.execute("ALTER TABLE jobs ADD COLUMN spent_dollars REAL NOT NULL DEFAULT 0");
          s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
          connection.commit();
        } catch (SQLException e) {
          connection.rollback();
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      }
    }
  }

  @Override
  public synchronized void create(JobRecord job) {
    String sql = "INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, job.id());
      s.setString(2, job.kind());
      s.setString(3, job.params());
      s.setString(4, job.state().wireName());
      s.setInt(5, job.attempts());
      s.setLong(6, job.createdAt().toEpochMilli());
      setInstant(s, 7, job.startedAt());
      setInstant(s, 8, job.finishedAt());
      s.setString(9, job.result());
      s.setString(10, job.error());
      s.executeUpdate();
    } catch (SQLException e) {
      throw failed("store job " + job.id(), e);
    }
  }

  @Override
  public synchronized Optional<JobRecord> get(String id) {
    try (PreparedStatement s = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
      s.setString(1, id);
      List<JobRecord> found = records(s);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    } catch (SQLException e) {
      throw failed("read job " + id, e);
    }
  }

  @Override
  public synchronized List<JobRecord> list(JobState state, int limit) {
    String sql = "SELECT " + COLUMNS + " FROM jobs" + (state == null ? "" : " WHERE state = ?")
        + " ORDER BY seq DESC LIMIT ?";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      int i = 1;
      if (state != null) {
        s.setString(i++, state.wireName());
      }
      s.setInt(i, Math.max(0, limit));
      return records(s);
    } catch (SQLException e) {
      throw failed("list jobs", e);
    }
  }

  @Override
  public synchronized List<JobRecord> unfinished() {
    String sql = "SELECT " + COLUMNS + " FROM jobs WHERE state IN ('queued', 'running') ORDER BY seq";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      return records(s);
    } catch (SQLException e) {
      throw failed("list unfinished jobs", e);
    }
  }

  @Override
  public synchronized Optional<JobRecord> start(String id) {
    String sql = "UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = ?"
        + " WHERE id = ? AND state IN ('queued', 'running')";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setLong(1, clock.millis());
      s.setString(2, id);
      if (s.executeUpdate() == 0) {
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("start job " + id, e);
    }
    return get(id);
  }

  @Override
  public synchronized boolean finish(String id, JobState state, String result, String error) {
    if (!state.finished()) {
      throw new IllegalArgumentException("a job ends succeeded, failed or cancelled, not " + state.wireName());
    }
    String sql = "UPDATE jobs SET state = ?, finished_at = ?, result = ?, error = ?"
        + " WHERE id = ? AND state IN ('queued', 'running')";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, state.wireName());
      s.setLong(2, clock.millis());
      s.setString(3, result);
      s.setString(4, error);
      s.setString(5, id);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failed("end job " + id, e);
    }
  }

  @Override
  public synchronized boolean cancelQueued(String id, String error) {
    String sql = "UPDATE jobs SET state = 'cancelled', finished_at = ?, error = ? WHERE id = ? AND state = 'queued'";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setLong(1, clock.millis());
      s.setString(2, error);
      s.setString(3, id);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failed("cancel job " + id, e);
    }
  }

  @Override
  public synchronized void saveProgress(String id, List<StageProgress> stages) {
    if (stages.isEmpty()) {
      return;
    }
    // A new stage goes after every stage the job has reported, so the order is the order of first report.
    String sql = """
        INSERT INTO job_progress (job_id, position, stage, done, total, unit, detail, updated_at)
        VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM job_progress WHERE job_id = ?), ?, ?, ?, ?, ?, ?)
        ON CONFLICT (job_id, stage) DO UPDATE SET done = excluded.done, total = excluded.total,
          unit = excluded.unit, detail = excluded.detail, updated_at = excluded.updated_at""";
    inTransaction("save the progress of job " + id, () -> {
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        for (StageProgress p : stages) {
          s.setString(1, id);
          s.setString(2, id);
          s.setString(3, p.stage());
          s.setLong(4, p.done());
          s.setLong(5, p.total());
          s.setString(6, p.unit());
          s.setString(7, p.detail());
          s.setLong(8, p.updatedAt().toEpochMilli());
          s.addBatch();
        }
        s.executeBatch();
      }
    });
  }

  @Override
  public synchronized List<StageProgress> progress(String id) {
    String sql = "SELECT stage, done, total, unit, detail, updated_at FROM job_progress WHERE job_id = ?"
        + " ORDER BY position";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, id);
      List<StageProgress> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new StageProgress(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4), r.getString(5),
              Instant.ofEpochMilli(r.getLong(6))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed("read the progress of job " + id, e);
    }
  }

  @Override
  public synchronized void addNote(String id, String note) {
    try (PreparedStatement s = connection.prepareStatement(
        "INSERT INTO job_notes (job_id, at, text) SELECT id, ?, ? FROM jobs WHERE id = ?")) {
      s.setLong(1, clock.millis());
      s.setString(2, note);
      s.setString(3, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failed("add a note to job " + id, e);
    }
  }

  @Override
  public synchronized List<String> notes(String id) {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT text FROM job_notes WHERE job_id = ? ORDER BY seq")) {
      s.setString(1, id);
      List<String> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed("read the notes of job " + id, e);
    }
  }

  @Override
  public synchronized void saveArtifacts(String id, List<Artifact> artifacts) {
    String sql = "INSERT OR REPLACE INTO job_artifacts (job_id, name, media_type, bytes) VALUES (?, ?, ?, ?)";
    inTransaction("record the artifacts of job " + id, () -> {
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        for (Artifact a : artifacts) {
          s.setString(1, id);
          s.setString(2, a.name());
          s.setString(3, a.mediaType());
          s.setLong(4, a.bytes());
          s.addBatch();
        }
        s.executeBatch();
      }
    });
  }

  @Override
  public synchronized List<Artifact> artifacts(String id) {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT name, media_type, bytes FROM job_artifacts WHERE job_id = ? ORDER BY name")) {
      s.setString(1, id);
      List<Artifact> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new Artifact(r.getString(1), r.getString(2), r.getLong(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed("read the artifacts of job " + id, e);
    }
  }

  @Override
  public synchronized void saveSpend(String id, double dollars) {
    try (PreparedStatement s = connection.prepareStatement(
        "UPDATE jobs SET spent_dollars = MAX(spent_dollars, ?) WHERE id = ?")) {
      s.setDouble(1, dollars);
      s.setString(2, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failed("record the spending of job " + id, e);
    }
  }

  @Override
  public synchronized double spent(String id) {
    try (PreparedStatement s = connection.prepareStatement("SELECT spent_dollars FROM jobs WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getDouble(1) : 0;
      }
    } catch (SQLException e) {
      throw failed("read the spending of job " + id, e);
    }
  }

  @Override
  public synchronized Map<JobState, Long> countByState() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT state, COUNT(*) FROM jobs GROUP BY state")) {
      while (r.next()) {
        counts.put(JobState.fromWire(r.getString(1)), r.getLong(2));
      }
      return counts;
    } catch (SQLException e) {
      throw failed("count jobs", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failed("close the job store", e);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private interface Work {
    void run() throws SQLException;
  }

  private void inTransaction(String what, Work work) {
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private static List<JobRecord> records(PreparedStatement s) throws SQLException {
    List<JobRecord> out = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(new JobRecord(r.getString(1), r.getString(2), r.getString(3), JobState.fromWire(r.getString(4)),
            r.getInt(5), Instant.ofEpochMilli(r.getLong(6)), instant(r, 7), instant(r, 8), r.getString(9),
            r.getString(10), null));
      }
    }
    return out;
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    long millis = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setLong(index, value.toEpochMilli());
    }
  }

  private static UncheckedIOException failed(String what, SQLException e) {
    return new UncheckedIOException(new IOException("the job store could not " + what + ": " + e.getMessage(), e));
  }
}
