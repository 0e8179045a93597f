package io.skillforge.server.store.pg;

import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.ExampleJson;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The indexed examples of a cluster in PostgreSQL: the source of truth that every node's Lucene
 * index is derived from. Every write (a new or replaced example, a deletion) takes the next number
 * of the change log, and writers take turns (a transaction-level advisory lock), so changes become
 * visible in the order of their numbers: a node that has applied every change up to {@code n} never
 * misses an earlier one. A deleted example stays as a row without a body, so that nodes learn of
 * the deletion.
 */
public final class PgExamples {
  /** Any fixed number shared by every node: the lock writers of examples take turns on. */
  private static final long WRITE_LOCK = 0x5f_65_78_61_6dL;
  private static final String UPSERT = "INSERT INTO examples (id, body, change) VALUES ($1, $2, nextval('example_changes'))"
      + " ON CONFLICT (id) DO UPDATE SET body = excluded.body, change = excluded.change";

  /**
   * One entry of the change log.
   *
   * @param position its number
   * @param id the example's id
   * @param example the example as now stored; null when it was deleted
   */
  public record Change(long position, String id, Example example) {}

  private final PgDatabase db;

  private PgExamples(PgDatabase db) {
    this.db = db;
  }

  /** The examples in {@code db}, migrated to the latest schema. */
  public static PgExamples open(PgDatabase db) {
    PgSchema.migrate(db);
    return new PgExamples(db);
  }

  /** Stores (or replaces, by id) {@code examples}, in one transaction. */
  public void put(Collection<Example> examples) {
    if (examples.isEmpty()) {
      return;
    }
    List<Tuple> rows = new ArrayList<>();
    for (Example e : examples) {
      rows.add(Tuple.of(e.id(), ExampleJson.toJson(e)));
    }
    write("store " + examples.size() + " examples", rows);
  }

  /** Marks {@code id} deleted. */
  public void delete(String id) {
    List<Tuple> rows = new ArrayList<>();
    rows.add(Tuple.tuple().addString(id).addString(null));
    write("delete example " + id, rows);
  }

  private void write(String what, List<Tuple> rows) {
    db.inTransaction(what, c -> db.counted(c, "SELECT pg_advisory_xact_lock($1)", Tuple.of(WRITE_LOCK))
        .compose(v -> db.countedBatch(c, UPSERT, rows)).mapEmpty());
  }

  /** Up to {@code limit} changes after {@code position}, in order. */
  public List<Change> changesAfter(long position, int limit) {
    List<Change> out = new ArrayList<>();
    for (Row row : db.query("SELECT change, id, body FROM examples WHERE change > $1 ORDER BY change LIMIT $2",
        Tuple.of(position, limit))) {
      String body = row.getString(2);
      out.add(new Change(row.getLong(0), row.getString(1), body == null ? null : ExampleJson.fromJson(body)));
    }
    return out;
  }

  /** The number of the latest change; 0 when there is none. */
  public long latest() {
    return db.query("SELECT COALESCE(MAX(change), 0) FROM examples", Tuple.tuple()).iterator().next().getLong(0);
  }

}
