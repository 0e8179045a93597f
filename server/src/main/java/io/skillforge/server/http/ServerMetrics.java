package io.skillforge.server.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.skillforge.server.runner.JobScheduler;
import io.skillforge.server.store.SharedJobStore;
import io.skillforge.server.runner.TeacherTally;
import io.skillforge.server.store.JobState;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The server's own metrics, beside the requests Vert.x records in the same registry: jobs by
 * state (in the store) and by how they ended (on this server), the queue, teacher calls, cache
 * hits, HTTP calls and cost, the cache hit ratio, and the event loops' delay (how late a timer due
 * every {@value #PROBE_MILLIS} ms fires: a blocked loop shows here first).
 */
final class ServerMetrics {
  static final long PROBE_MILLIS = 100;

  private final PrometheusMeterRegistry registry;
  private final Timer eventLoopDelay;

  ServerMetrics(PrometheusMeterRegistry registry, JobScheduler scheduler) {
    this.registry = registry;
    for (JobState state : JobState.values()) {
      Gauge.builder("skillforge.jobs", scheduler, s -> s.counts().getOrDefault(state, 0L))
          .description("Jobs in the store by state").tag("state", state.wireName()).register(registry);
      if (state.finished()) {
        FunctionCounter.builder("skillforge.jobs.ended", scheduler,
                s -> s.finishedCounts().getOrDefault(state, 0L))
            .description("Jobs that ended on this server since it started").tag("state", state.wireName())
            .register(registry);
      }
    }
    Gauge.builder("skillforge.jobs.waiting", scheduler, JobScheduler::waiting)
        .description("Jobs waiting for a worker").register(registry);
    teacher("skillforge.teacher.calls", "Calls through the teacher pipeline", scheduler, TeacherTally::calls);
    teacher("skillforge.teacher.cache.hits", "Teacher calls answered by the response cache", scheduler,
        TeacherTally::cacheHits);
    teacher("skillforge.teacher.http.calls", "Teacher requests that reached the provider", scheduler,
        TeacherTally::httpCalls);
    teacher("skillforge.teacher.cost.dollars", "Estimated teacher cost", scheduler, TeacherTally::costDollars);
    Gauge.builder("skillforge.teacher.cache.hit.ratio", scheduler, s -> {
      TeacherTally t = s.teacher();
      return t.calls() == 0 ? 0 : (double) t.cacheHits() / t.calls();
    }).description("Share of teacher calls answered by the response cache").register(registry);
    this.eventLoopDelay = Timer.builder("skillforge.event.loop.delay")
        .description("How late a timer on an event loop fires").maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** Counts the round trips to a cluster's shared store (for the cluster benchmark's per-item figure). */
  void storeRoundTrips(SharedJobStore store) {
    FunctionCounter.builder("skillforge.store.round.trips", store, SharedJobStore::roundTrips)
        .description("Round trips to the shared store (jobs and teacher answers)").register(registry);
  }

  private void teacher(String name, String description, JobScheduler scheduler,
      ToDoubleFunction<TeacherTally> value) {
    FunctionCounter.builder(name, scheduler, s -> value.applyAsDouble(s.teacher())).description(description)
        .register(registry);
  }

  /**
   * Measures the delay of the event loop of the calling context until {@code vertx} stops
   * scheduling; returns a handle that stops it.
   */
  Runnable watchEventLoop(Vertx vertx) {
    long[] timer = {0};
    boolean[] stopped = {false};
    Runnable[] arm = new Runnable[1];
    arm[0] = () -> {
      long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
      timer[0] = vertx.setTimer(PROBE_MILLIS, id -> {
        eventLoopDelay.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
        if (!stopped[0]) {
          arm[0].run();
        }
      });
    };
    arm[0].run();
    return () -> {
      stopped[0] = true;
      vertx.cancelTimer(timer[0]);
    };
  }

  String scrape() {
    return registry.scrape();
  }
}
