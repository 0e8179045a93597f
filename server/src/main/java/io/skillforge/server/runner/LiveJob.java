package io.skillforge.server.runner;

import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.ProgressListener;
import io.skillforge.server.store.JobState;
import io.skillforge.server.store.StageProgress;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A job that has not finished, as this server sees it: its cancellation, the progress of its stages
 * with their rates, the teacher ledgers it opened, and its events. It is the job's {@link
 * ProgressListener}: progress arrives from the job's threads (several at once), is kept here, and
 * goes out as numbered events, at most one progress event per {@value #PUBLISH_EVERY_MILLIS} ms
 * (a stage's first and last report always go out; the rest are sent late by {@link #flushEvents}
 * rather than dropped). The store gets the stages that changed and the notes when the scheduler
 * drains them.
 *
 * <p>Events are numbered and handed to the sink under this object's lock, so they leave in order.
 */
final class LiveJob implements ProgressListener {
  static final long PUBLISH_EVERY_MILLIS = 250;
  /** Rates are measured over at least this long, so that the first report of a stage gives none. */
  private static final long MIN_RATE_NANOS = 200_000_000L;

  /** One stage: its latest report, and where its rate is measured from. */
  private static final class Stage {
    Progress latest;
    Instant updatedAt;
    final long firstNanos;
    final long firstDone;

    Stage(Progress first, long nanos, Instant at) {
      this.latest = first;
      this.updatedAt = at;
      this.firstNanos = nanos;
      this.firstDone = first.done();
    }
  }

  final String id;
  final String kind;
  final Cancellation cancellation = new Cancellation();
  /** The attempt this run is (0 until it runs); in a cluster, its lease is held for this attempt. */
  volatile int attempt;
  /** Set when another node took the job over: this run stops, and stores nothing more. */
  volatile boolean lost;
  private final Consumer<JsonObject> sink;
  private final LongSupplier nanos;
  private final List<TeacherLedger> ledgers = new CopyOnWriteArrayList<>();
  private final Queue<String> notes = new ConcurrentLinkedQueue<>();
  private final Map<String, Stage> stages = new LinkedHashMap<>();
  private final Set<String> unsaved = new LinkedHashSet<>();
  private JobState state = JobState.QUEUED;
  /** What earlier attempts of the job spent; booked into the first ledger it opens. */
  private double carried;
  private boolean carryBooked;
  private long seq;
  private long lastPublishNanos = Long.MIN_VALUE;
  private String unpublished;

  LiveJob(String id, String kind, Consumer<JsonObject> sink, LongSupplier nanos) {
    this(id, kind, sink, nanos, 0);
  }

  /**
   * @param firstSeq the number after which this run's events are numbered: a run taken over by
   *     another node numbers above every event of the earlier runs, so subscribers do not skip them
   */
  LiveJob(String id, String kind, Consumer<JsonObject> sink, LongSupplier nanos, long firstSeq) {
    this.id = id;
    this.kind = kind;
    this.sink = sink;
    this.nanos = nanos;
    this.seq = firstSeq;
  }

  /**
   * Records a teacher ledger the job opened (see {@link io.skillforge.server.teacher.LedgerWatch});
   * the first one is charged with what earlier attempts spent, so that the job's budget counts it.
   */
  void watch(TeacherLedger ledger) {
    synchronized (this) {
      if (carried > 0 && !carryBooked) {
        ledger.spend(carried);
        carryBooked = true;
      }
    }
    ledgers.add(ledger);
  }

  /** What earlier attempts of this job spent on the teacher (a resumed or taken-over job). */
  synchronized void carryOver(double dollars) {
    carried = Math.max(0, dollars);
  }

  /** What this attempt's teachers were asked so far (what earlier attempts spent left out). */
  TeacherTally teacher() {
    TeacherTally tally = TeacherTally.NONE;
    for (TeacherLedger ledger : ledgers) {
      tally = tally.plus(TeacherTally.of(ledger.usage()));
    }
    synchronized (this) {
      return carryBooked ? new TeacherTally(tally.calls(), tally.cacheHits(), tally.httpCalls(),
          Math.max(0, tally.costDollars() - carried)) : tally;
    }
  }

  /** What the job's teachers spent over all its attempts so far. */
  synchronized double spentOverAttempts() {
    return carried + teacher().costDollars();
  }

  @Override
  public void progress(Progress p) {
    long now = nanos.getAsLong();
    synchronized (this) {
      Stage stage = stages.get(p.stage());
      boolean first = stage == null;
      if (first) {
        stage = new Stage(p, now, Instant.now());
        stages.put(p.stage(), stage);
      } else {
        stage.latest = p;
        stage.updatedAt = Instant.now();
      }
      unsaved.add(p.stage());
      boolean last = p.total() >= 0 && p.done() >= p.total();
      if (first || last || now - lastPublishNanos >= PUBLISH_EVERY_MILLIS * 1_000_000L) {
        if (unpublished != null && !unpublished.equals(p.stage())) {
          publish(progressEvent(stages.get(unpublished), now));
        }
        publish(progressEvent(stage, now));
        lastPublishNanos = now;
        unpublished = null;
      } else {
        unpublished = p.stage();
      }
    }
  }

  @Override
  public void note(String message) {
    notes.add(message);
    synchronized (this) {
      publish(new JsonObject().put("type", "note").put("text", message));
    }
  }

  /** Sends the progress that was held back, if any. */
  synchronized void flushEvents() {
    if (unpublished != null) {
      long now = nanos.getAsLong();
      publish(progressEvent(stages.get(unpublished), now));
      lastPublishNanos = now;
      unpublished = null;
    }
  }

  /** A new state; {@code extra} fields (the result, the error) go into its event. */
  synchronized void state(JobState newState, JsonObject extra) {
    flushEvents();
    state = newState;
    JsonObject event = new JsonObject().put("type", "state").put("state", newState.wireName());
    if (extra != null) {
      event.mergeIn(extra);
    }
    publish(event);
  }

  synchronized JobState state() {
    return state;
  }

  /** The stages that changed since the last call, for the store. */
  synchronized List<StageProgress> drainUnsaved() {
    List<StageProgress> out = new ArrayList<>();
    for (String name : unsaved) {
      Stage s = stages.get(name);
      out.add(new StageProgress(name, s.latest.done(), s.latest.total(), s.latest.unit(), s.latest.detail(),
          s.updatedAt));
    }
    unsaved.clear();
    return out;
  }

  /** The notes not yet stored. */
  List<String> drainNotes() {
    List<String> out = new ArrayList<>();
    for (String n; (n = notes.poll()) != null; ) {
      out.add(n);
    }
    return out;
  }

  /**
   * What a new subscriber is told first: the state and every stage's latest progress, as events of
   * the numbers already sent ({@code seq} is the last one), so that it can skip events it has seen.
   */
  synchronized JsonObject snapshot() {
    long now = nanos.getAsLong();
    JsonArray progress = new JsonArray();
    for (Stage s : stages.values()) {
      progress.add(progressEvent(s, now));
    }
    return new JsonObject().put("seq", seq).put("state", state.wireName()).put("progress", progress)
        .put("teacher", teacher().toJson());
  }

  private JsonObject progressEvent(Stage s, long now) {
    Progress p = s.latest;
    JsonObject event = new JsonObject().put("type", "progress").put("stage", p.stage()).put("done", p.done())
        .put("total", p.total()).put("unit", p.unit()).put("detail", p.detail());
    long elapsed = now - s.firstNanos;
    if (elapsed >= MIN_RATE_NANOS && p.done() > s.firstDone) {
      double rate = (p.done() - s.firstDone) / (elapsed / 1e9);
      event.put("rate", rate);
      if (p.total() > p.done()) {
        event.put("etaSeconds", (p.total() - p.done()) / rate);
      } else if (p.total() >= 0) {
        event.put("etaSeconds", 0.0);
      }
    }
    event.put("teacher", teacher().toJson());
    return event;
  }

  /** Numbers and sends an event; called under the lock, so events leave in order. */
  private void publish(JsonObject event) {
    event.put("job", id).put("kind", kind).put("seq", ++seq).put("at", Instant.now().toString());
    sink.accept(event);
  }
}
