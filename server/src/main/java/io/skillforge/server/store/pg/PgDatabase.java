package io.skillforge.server.store.pg;

import io.skillforge.skills.errors.SkillforgeException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A PostgreSQL database reached through Vert.x's reactive client, with blocking calls for the
 * worker threads that the job store and the teacher cache run on. Counts the round trips it makes
 * (a statement, or a transaction's statements each), for the cluster benchmark.
 *
 * <p>Never call the blocking methods from an event loop: they wait for the answer.
 */
public final class PgDatabase implements AutoCloseable {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Pool pool;
  private final String where;
  private final long timeoutMillis;
  private final LongAdder roundTrips = new LongAdder();

  private PgDatabase(Pool pool, String where, Duration timeout) {
    this.pool = pool;
    this.where = where;
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * A pool of connections to {@code url}.
   *
   * @param url {@code postgresql://user@host:port/database}; the password, when one is needed,
   *     comes from {@code password}
   * @param password the password, or null
   * @param size the most connections open at once
   * @throws IllegalArgumentException for a URL that is not a PostgreSQL URL (said with the setting
   *     it came from by the caller)
   */
  public static PgDatabase connect(Vertx vertx, String url, String password, int size) {
    return connect(vertx, url, password, size, DEFAULT_TIMEOUT);
  }

  /**
   * Like {@link #connect(Vertx, String, String, int)}, with every call failing when the database has
   * not answered within {@code timeout}.
   */
  public static PgDatabase connect(Vertx vertx, String url, String password, int size, Duration timeout) {
    Objects.requireNonNull(vertx, "vertx");
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + url + "' is not a PostgreSQL URL (postgresql://user@host:port/database)");
    }
    if (password != null && !password.isEmpty()) {
      options.setPassword(password);
    }
    options.setReconnectAttempts(2).setReconnectInterval(500);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(options).using(vertx).build();
    return new PgDatabase(pool, options.getHost() + ":" + options.getPort() + "/" + options.getDatabase(), timeout);
  }

  /** Host, port and database, for messages (never the password). */
  public String where() {
    return where;
  }

  /** Round trips made since the pool opened. */
  public long roundTrips() {
    return roundTrips.sum();
  }

  /** Runs one statement. */
  public RowSet<Row> query(String sql, Tuple args) {
    roundTrips.increment();
    return await(pool.preparedQuery(sql).execute(args), sql);
  }

  /** Runs one statement without parameters (DDL). */
  public RowSet<Row> query(String sql) {
    roundTrips.increment();
    return await(pool.query(sql).execute(), sql);
  }

  /**
   * Runs {@code work} in one transaction: committed when its future succeeds, rolled back when it
   * fails. Count its statements with {@link #counted}.
   */
  public <T> T inTransaction(String what, Function<SqlConnection, Future<T>> work) {
    return await(pool.withTransaction(work), what);
  }

  /** One statement run for each of {@code rows} inside {@link #inTransaction}, counted as one round trip. */
  public Future<RowSet<Row>> countedBatch(SqlConnection connection, String sql, List<Tuple> rows) {
    roundTrips.increment();
    return connection.preparedQuery(sql).executeBatch(rows);
  }

  /** A statement inside {@link #inTransaction}, counted as a round trip. */
  public Future<RowSet<Row>> counted(SqlConnection connection, String sql, Tuple args) {
    roundTrips.increment();
    return connection.preparedQuery(sql).execute(args);
  }

  /** Whether the database answers a trivial query within two seconds. */
  public boolean reachable() {
    try {
      pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(what, "interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof SkillforgeException known) {
        throw known;
      }
      throw failure(what, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    } catch (TimeoutException e) {
      throw failure(what, "no answer in " + timeoutMillis + " ms");
    }
  }

  private UncheckedIOException failure(String what, String why) {
    String statement = what.length() > 80 ? what.substring(0, 80) + "..." : what;
    return new UncheckedIOException(new IOException(
        "the database at " + where + " failed (" + statement.replaceAll("\\s+", " ").trim() + "): " + why));
  }

  @Override
  public void close() {
    try {
      pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the connections go with the process anyway
    }
  }
}
