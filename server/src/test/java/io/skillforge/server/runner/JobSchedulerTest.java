package io.skillforge.server.runner;

import io.skillforge.server.workspace.Workspace;
import io.skillforge.server.workspace.Students;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.config.SkillforgeConfig;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.jobs.Progress;
import io.skillforge.server.jobs.index.IndexAccess;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.JobState;
import io.skillforge.server.store.SqliteJobStore;
import io.skillforge.server.teacher.TeacherChoice;
import io.skillforge.server.teacher.TeacherSession;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.ConflictException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSchedulerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Gates the test kind's jobs: a job reports it started, then waits for its gate or its cancel. */
  private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
  private static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();

  @TempDir Path dir;

  record Params(String name, Integer steps) {}

  /** Says that the job {@code name} started, then waits for its gate or its cancel. */
  private static void startAndWait(String name, JobContext context) {
    STARTED.computeIfAbsent(name, k -> new CountDownLatch(1)).countDown();
    CountDownLatch gate = GATES.computeIfAbsent(name, k -> new CountDownLatch(1));
    try (var unused = context.cancellation().onCancel(gate::countDown)) {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts {@code steps} steps after its gate opens; waits in a cancellable way. */
  static final JobKind<Params, Params, Integer> GATED = JobKind.of("gated", Params.class,
      (p, place) -> {
        if (p.name() == null) {
          throw new BadInputException("parameter 'name' is required");
        }
        return p;
      },
      services -> (p, context) -> {
        startAndWait(p.name(), context);
        int steps = p.steps() == null ? 3 : p.steps();
        for (int i = 1; i <= steps; i++) {
          context.checkCancelled();
          context.progress(Progress.of("count", i, steps, "steps"));
        }
        return steps;
      },
      (p, steps, place) -> new JobOutcome(JSON.createObjectNode().put("steps", steps), List.of()));

  record Spend(String name, double dollars, double budget) {}

  /** Pays {@code dollars} of a {@code budget} on the teacher's ledger if it may, then waits for its gate. */
  static final JobKind<Spend, Spend, Boolean> SPENDER = JobKind.of("spender", Spend.class, (p, place) -> p,
      services -> (p, context) -> {
        TeacherSettings settings = services.config().teacher("builtin");
        try (TeacherSession session = new TeacherChoice("builtin", p.budget()).open(settings, "spend", services)) {
          boolean paid = session.ledger().reserve(p.dollars()).map(r -> r.settle(p.dollars())).orElse(false);
          startAndWait(p.name(), context);
          context.checkCancelled();
          return paid;
        }
      },
      (p, paid, place) -> new JobOutcome(JSON.createObjectNode().put("paid", paid), List.of()));

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();

  private void received(JsonObject event) {
    synchronized (events) {
      events.add(event);
      events.notifyAll();
    }
  }

  private JobScheduler scheduler(SqliteJobStore store, int workers, int capacity) {
    Workspace ws = new Workspace(dir);
    JobServices services = new JobServices(() -> SkillforgeConfig.load(Map.of(), null), Map.of(),
        IndexAccess.perJob());
    JobScheduler s = new JobScheduler(store, new JobKinds().register(GATED).register(SPENDER), ws, new Students(ws),
        services,
        this::received, new JobScheduler.Settings(workers, capacity));
    s.start();
    return s;
  }

  private static ObjectNode body(String name) {
    return JSON.createObjectNode().put("kind", "gated").put("name", name);
  }

  private static void open(String name) {
    GATES.computeIfAbsent(name, k -> new CountDownLatch(1)).countDown();
  }

  private static void awaitStarted(String name) throws InterruptedException {
    assertTrue(STARTED.computeIfAbsent(name, k -> new CountDownLatch(1)).await(10, TimeUnit.SECONDS),
        name + " never started");
  }

  private JsonObject awaitEvent(Predicate<JsonObject> match) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (events) {
      while (true) {
        for (JsonObject e : events) {
          if (match.test(e)) {
            return e;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("no such event among " + events);
        }
        events.wait(left);
      }
    }
  }

  private static Predicate<JsonObject> state(String job, String state) {
    return e -> job.equals(e.getString("job")) && "state".equals(e.getString("type"))
        && state.equals(e.getString("state"));
  }

  @Test
  void submit_runsTheJob_andSendsNumberedEventsInOrder() throws Exception {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
        JobScheduler s = scheduler(store, 1, 4)) {
      String id = s.submit(body("ordered")).id();
      open("ordered");
      awaitEvent(state(id, "succeeded"));
      List<JsonObject> mine = events.stream().filter(e -> id.equals(e.getString("job"))).toList();
      for (int i = 0; i < mine.size(); i++) {
        assertEquals(i + 1, mine.get(i).getLong("seq"), "events " + mine);
      }
      assertEquals(List.of("queued", "running"), mine.stream().filter(e -> e.getString("type").equals("state"))
          .limit(2).map(e -> e.getString("state")).toList());
      List<Long> done = mine.stream().filter(e -> e.getString("type").equals("progress"))
          .map(e -> e.getLong("done")).toList();
      assertEquals(1L, done.get(0), "a stage's first report goes out");
      assertEquals(3L, done.get(done.size() - 1), "a stage's last report goes out");
      JobView view = s.view(id).orElseThrow();
      assertEquals(JobState.SUCCEEDED, view.record().state());
      assertEquals("{\"steps\":3}", view.record().result());
      assertEquals(3, view.progress().get(0).done(), "the last progress is stored");
    }
  }

  @Test
  void submit_queueFull_isRefused_andNothingIsStored() throws Exception {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
        JobScheduler s = scheduler(store, 1, 1)) {
      s.submit(body("busy"));
      awaitStarted("busy");
      s.submit(body("waits"));
      assertThrows(QueueFullException.class, () -> s.submit(body("refused")));
      assertEquals(2, store.list(null, 10).size());
      open("busy");
      open("waits");
    }
  }

  @Test
  void submit_badParameters_areRefusedBeforeAnythingIsStored() throws Exception {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
        JobScheduler s = scheduler(store, 1, 4)) {
      BadInputException unknown = assertThrows(BadInputException.class,
          () -> s.submit(JSON.createObjectNode().put("kind", "nope")));
      assertTrue(unknown.getMessage().contains("unknown job kind 'nope'; the kinds are gated"), unknown.getMessage());
      BadInputException extra = assertThrows(BadInputException.class,
          () -> s.submit(body("x").put("colour", "red")));
      assertTrue(extra.getMessage().contains("no parameter 'colour'"), extra.getMessage());
      BadInputException type = assertThrows(BadInputException.class,
          () -> s.submit(body("x").put("steps", "many")));
      assertTrue(type.getMessage().contains("'steps'"), type.getMessage());
      assertThrows(BadInputException.class, () -> s.submit(JSON.createObjectNode().put("kind", "gated")));
      assertTrue(store.list(null, 10).isEmpty());
    }
  }

  @Test
  void cancel_runningAndQueuedJobs_endCancelled() throws Exception {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobs.db"));
        JobScheduler s = scheduler(store, 1, 4)) {
      String running = s.submit(body("cancel-running")).id();
      awaitStarted("cancel-running");
      String queued = s.submit(body("cancel-queued")).id();
      s.cancel(queued);
      s.cancel(running);
      awaitEvent(state(running, "cancelled"));
      assertEquals(JobState.CANCELLED, store.get(queued).orElseThrow().state());
      assertEquals(JobState.CANCELLED, store.get(running).orElseThrow().state());
      assertTrue(store.get(running).orElseThrow().error().contains("cancelled by the user"));
      assertThrows(ConflictException.class, () -> s.cancel(running));
    }
  }

  @Test
  void stop_leavesTheRunningJobUnfinished_andTheNextStartResumesIt() throws Exception {
    Path db = dir.resolve("jobs.db");
    String id;
    try (SqliteJobStore store = SqliteJobStore.open(db)) {
      JobScheduler first = scheduler(store, 1, 4);
      id = first.submit(body("resume")).id();
      awaitStarted("resume");
      first.close();
      JobRecord left = store.get(id).orElseThrow();
      assertEquals(JobState.RUNNING, left.state(), "a stop is not an end");
    }
    events.clear();
    open("resume");
    try (SqliteJobStore store = SqliteJobStore.open(db); JobScheduler second = scheduler(store, 1, 4)) {
      awaitEvent(state(id, "succeeded"));
      JobRecord done = store.get(id).orElseThrow();
      assertEquals(2, done.attempts());
      assertTrue(store.notes(id).stream().anyMatch(n -> n.contains("resumed")), store.notes(id).toString());
    }
  }

  @Test
  void aResumedJob_keepsToItsBudget_countingWhatItsFirstAttemptSpent() throws Exception {
    Path db = dir.resolve("jobs.db");
    ObjectNode spend = JSON.createObjectNode().put("kind", "spender").put("name", "spend").put("dollars", 0.3)
        .put("budget", 0.5);
    String id;
    try (SqliteJobStore store = SqliteJobStore.open(db)) {
      JobScheduler first = scheduler(store, 1, 4);
      id = first.submit(spend).id();
      awaitStarted("spend");
      first.close(); // the first attempt paid 0.3 and is interrupted
      assertEquals(0.3, store.spent(id), 1e-9);
    }
    open("spend");
    try (SqliteJobStore store = SqliteJobStore.open(db); JobScheduler second = scheduler(store, 1, 4)) {
      awaitEvent(state(id, "succeeded"));
      JobRecord done = store.get(id).orElseThrow();
      assertEquals(2, done.attempts());
      assertEquals(false, new JsonObject(done.result()).getBoolean("paid"),
          "0.3 more would have taken the job past its 0.5 budget");
      assertEquals(0.3, store.spent(id), 1e-9, "nothing more was spent");
    }
  }
}
