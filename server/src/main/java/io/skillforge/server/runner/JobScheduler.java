package io.skillforge.server.runner;

import io.skillforge.server.workspace.Workspace;
import io.skillforge.server.workspace.Students;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.server.store.Artifact;
import io.skillforge.server.store.JobRecord;
import io.skillforge.server.store.JobState;
import io.skillforge.server.store.JobStore;
import io.skillforge.server.store.SharedJobStore;
import io.skillforge.server.teacher.LedgerWatch;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.errors.NotFoundException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server's jobs: accepts them into a bounded queue (the job is stored before it is
 * acknowledged), runs them on its own worker threads (never an event loop), cancels them, and
 * resumes unfinished ones after a restart by running them again from their stored parameters (the
 * jobs are written so that a rerun continues: see each kind).
 *
 * <p>Events ({@code state}, {@code progress}, {@code note}, as JSON objects with the job's id and a
 * number per job) go to the sink given at construction, in order per job; the HTTP server fans them
 * out to subscribers. Progress and notes reach the store at most once a second per job, and when a
 * job ends.
 *
 * <p>Stopping ({@link #close}) interrupts running jobs without marking them ended, so the next
 * start resumes them, as it does after a crash.
 *
 * <p>Over a {@link SharedJobStore} (a cluster's nodes), jobs are not run where they were submitted:
 * every node claims queued jobs, and jobs whose node died, from the store as it has free workers,
 * and renews the leases of the jobs it runs every second. A job this node lost (its lease ran out
 * and another node took it over) is stopped here without storing an end. Cancelling a job another
 * node runs asks that node through the store. A stopping node gives its jobs' leases back, so
 * that another node takes them over at once. Events then carry the node's name.
 *
 * <p>Every public method may block on the store: call it from a worker thread, never an event loop.
 */
public final class JobScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String STOPPING = "the server is stopping";
  private static final String TAKEN_OVER = "taken over by another node";
  private static final long CLAIM_EVERY_MILLIS = 250;

  /**
   * @param workers jobs run at once
   * @param queueCapacity jobs that may wait for a worker; one more is refused
   * @param lease how long a node of a cluster holds a job without renewing it (a shared store only)
   */
  public record Settings(int workers, int queueCapacity, Duration lease) {
    public Settings {
      if (workers < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("server.workers and server.queue-capacity must be >= 1");
      }
      if (lease.toMillis() < 500) {
        throw new IllegalArgumentException("cluster.lease-seconds must be at least 0.5 but was " + lease);
      }
    }

    public Settings(int workers, int queueCapacity) {
      this(workers, queueCapacity, Duration.ofSeconds(15));
    }
  }

  private final JobStore store;
  private final JobKinds kinds;
  private final Workspace workspace;
  private final Students students;
  private final JobServices services;
  private final Consumer<JsonObject> events;
  private final Settings settings;
  private final ThreadPoolExecutor workers;
  /** On a single server: the threads of sharded jobs' parts, so that a job waiting for its parts never holds the threads they need. */
  private final ThreadPoolExecutor partWorkers;
  private final ScheduledExecutorService flusher;
  private final Map<String, LiveJob> live = new ConcurrentHashMap<>();
  /** The shared store when this node is one of a cluster; null on a single server. */
  private final SharedJobStore shared;
  /** Jobs claimed from the shared store and not yet ended here. */
  private final AtomicInteger claimed = new AtomicInteger();
  private volatile long lastRenewedNanos = System.nanoTime();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Map<JobState, Long> finishedCounts = new ConcurrentHashMap<>();
  private volatile TeacherTally retired = TeacherTally.NONE;
  private volatile Map<JobState, Long> counts = Map.of();
  private volatile boolean closing;

  public JobScheduler(JobStore store, JobKinds kinds, Workspace workspace, Students students, JobServices services,
      Consumer<JsonObject> events, Settings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    this.students = Objects.requireNonNull(students, "students");
    this.services = Objects.requireNonNull(services, "services");
    this.shared = store instanceof SharedJobStore s ? s : null;
    this.events = shared == null ? Objects.requireNonNull(events, "events")
        : event -> events.accept(event.put("node", shared.node()));
    this.settings = Objects.requireNonNull(settings, "settings");
    AtomicInteger threads = new AtomicInteger();
    // Over a shared store the claims bound the jobs that run (a job waiting for its parts gives its
    // claim back), so a thread is there for every claimed job; here the pool's size is the bound.
    this.workers = shared != null
        ? new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            r -> daemon(r, "skillforge-job-" + threads.incrementAndGet()))
        : new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> daemon(r, "skillforge-job-" + threads.incrementAndGet()));
    AtomicInteger partThreads = new AtomicInteger();
    this.partWorkers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> daemon(r, "skillforge-part-" + partThreads.incrementAndGet()));
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "skillforge-job-store"));
    services.attachShards(new JobShards(this, store, workspace));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Resumes the jobs a stopped or crashed server left unfinished, oldest first, and starts flushing;
   * over a shared store, starts claiming jobs instead (a dead node's jobs among them, once their
   * leases run out).
   */
  public void start() {
    if (shared != null) {
      refreshCounts();
      flusher.scheduleWithFixedDelay(this::flushAll, 1, 1, TimeUnit.SECONDS);
      flusher.scheduleWithFixedDelay(this::claimWork, 0, CLAIM_EVERY_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    List<JobRecord> unfinished = store.unfinished();
    for (JobRecord job : unfinished) {
      LiveJob j = new LiveJob(job.id(), job.kind(), events, System::nanoTime);
      live.put(job.id(), j);
      waiting.incrementAndGet();
      (JobShards.isPart(job.id()) ? partWorkers : workers).execute(() -> run(j));
    }
    if (!unfinished.isEmpty()) {
      LOG.info("resuming {} unfinished job(s)", unfinished.size());
    }
    refreshCounts();
    flusher.scheduleWithFixedDelay(this::flushAll, 1, 1, TimeUnit.SECONDS);
  }

  public JobKinds kinds() {
    return kinds;
  }

  /**
   * Accepts a job: checks its parameters, stores it, queues it.
   *
   * @param body {@code kind} and the kind's parameters
   * @return the stored job
   * @throws BadInputException for an unknown kind or parameters that cannot be used (a dataset,
   *     catalog or student they name that does not exist included)
   * @throws QueueFullException when the queue is full or the server is stopping; nothing is stored
   */
  public JobRecord submit(ObjectNode body) throws IOException {
    if (closing) {
      throw new QueueFullException(STOPPING + "; submit the job again once it is back");
    }
    JsonNode kindNode = body.get("kind");
    JobKind<?, ?, ?> kind = kinds.get(kindNode == null || !kindNode.isTextual() ? null : kindNode.asText());
    String id = newId();
    try {
      kind.check(body, place(id, 1));
    } catch (NotFoundException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    if (shared != null) {
      return submitShared(id, kind, body);
    }
    if (waiting.incrementAndGet() > settings.queueCapacity()) {
      waiting.decrementAndGet();
      throw new QueueFullException("the job queue is full (" + settings.queueCapacity() + " jobs waiting,"
          + " server.queue-capacity); submit it again once some have started");
    }
    JobRecord record = JobRecord.queued(id, kind.name(), body.toString(), Instant.now());
    LiveJob job = new LiveJob(id, kind.name(), events, System::nanoTime);
    try {
      store.create(record);
    } catch (RuntimeException e) {
      waiting.decrementAndGet();
      throw e;
    }
    live.put(id, job);
    job.state(JobState.QUEUED, null);
    workers.execute(() -> run(job));
    return record;
  }

  /**
   * Accepts a part of a sharded job under the id its job gave it, outside the queue's capacity
   * (its job already holds a place).
   */
  JobRecord submitPart(String id, ObjectNode body) throws IOException {
    if (closing) {
      throw new QueueFullException(STOPPING);
    }
    JsonNode kindNode = body.get("kind");
    JobKind<?, ?, ?> kind = kinds.get(kindNode == null || !kindNode.isTextual() ? null : kindNode.asText());
    kind.check(body, place(id, 1));
    JobRecord record = JobRecord.queued(id, kind.name(), body.toString(), Instant.now());
    if (shared != null) {
      store.create(record);
      new LiveJob(id, kind.name(), events, System::nanoTime).state(JobState.QUEUED, null);
      flusher.execute(this::claimWork);
      return record;
    }
    LiveJob job = new LiveJob(id, kind.name(), events, System::nanoTime);
    store.create(record);
    live.put(id, job);
    waiting.incrementAndGet();
    job.state(JobState.QUEUED, null);
    partWorkers.execute(() -> run(job));
    return record;
  }

  /**
   * Whether a job's cancellation came from a user (its parts are then cancelled too), not from this
   * node stopping or losing the job (its parts then go on, and the job finds them when it runs again).
   */
  boolean cancelledByUser(String id) {
    LiveJob job = live.get(id);
    return !closing && job != null && !job.lost;
  }

  /**
   * A job starts or stops waiting for its parts: in a cluster its claim is given back meanwhile, so
   * that its node's workers run parts rather than wait.
   */
  void waitingForParts(boolean waiting) {
    if (shared == null) {
      return;
    }
    if (waiting) {
      claimed.decrementAndGet();
      flusher.execute(this::claimWork);
    } else {
      claimed.incrementAndGet();
    }
  }

  /** Stores a job for any node of the cluster to claim, and wakes this node's claimer. */
  private JobRecord submitShared(String id, JobKind<?, ?, ?> kind, ObjectNode body) {
    long queued = counts.getOrDefault(JobState.QUEUED, 0L);
    if (queued >= settings.queueCapacity()) {
      throw new QueueFullException("the job queue is full (" + queued + " jobs waiting in the cluster,"
          + " server.queue-capacity); submit it again once some have started");
    }
    JobRecord record = JobRecord.queued(id, kind.name(), body.toString(), Instant.now());
    store.create(record);
    counts = plusOne(counts, JobState.QUEUED);
    new LiveJob(id, kind.name(), events, System::nanoTime).state(JobState.QUEUED, null);
    flusher.execute(this::claimWork);
    return record;
  }

  private static Map<JobState, Long> plusOne(Map<JobState, Long> counts, JobState state) {
    Map<JobState, Long> more = new EnumMap<>(JobState.class);
    more.putAll(counts);
    more.merge(state, 1L, Long::sum);
    return more;
  }

  /**
   * Cancels a job: a queued one at once, a running one at its next check (it then ends cancelled).
   *
   * @throws NotFoundException for an unknown job
   * @throws ConflictException when the job has ended already
   */
  public JobRecord cancel(String id) {
    JobRecord record = store.get(id).orElseThrow(() -> new NotFoundException("no job " + id));
    if (record.state().finished()) {
      throw new ConflictException("job " + id + " has ended already (" + record.state().wireName() + ")");
    }
    String reason = "cancelled by the user";
    LiveJob job = live.get(id);
    if (store.cancelQueued(id, Problem.of(new CancelledException(reason)).toJson()
        .encode())) {
      count(JobState.CANCELLED);
      if (job != null) {
        job.state(JobState.CANCELLED, null);
        live.remove(id);
      }
    } else if (job != null) {
      job.cancellation.cancel(reason);
    } else if (shared != null) {
      shared.requestCancel(id, reason); // the node running it sees this within a second
    }
    if (job == null && shared != null && store.get(id).map(r -> r.state() == JobState.CANCELLED).orElse(false)) {
      new LiveJob(id, record.kind(), events, System::nanoTime).state(JobState.CANCELLED, null);
    }
    return store.get(id).orElseThrow();
  }

  /** Everything known about a job; empty for an unknown one. */
  public Optional<JobView> view(String id) {
    Optional<JobRecord> record = store.get(id);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    LiveJob job = live.get(id);
    return Optional.of(new JobView(record.get(), store.progress(id), store.notes(id), store.artifacts(id),
        job == null ? null : job.snapshot()));
  }

  /**
   * What a new event subscriber is told first: the job's snapshot while it is unfinished here (with
   * {@code seq}, the number of the last event sent), else its stored end.
   *
   * @throws NotFoundException for an unknown job
   */
  public JsonObject snapshot(String id) {
    LiveJob job = live.get(id);
    if (job != null) {
      return job.snapshot().put("job", id).put("kind", job.kind);
    }
    JobView view = view(id).orElseThrow(() -> new NotFoundException("no job " + id));
    JobRecord r = view.record();
    JsonObject snapshot = new JsonObject().put("job", id).put("kind", r.kind()).put("seq", 0)
        .put("state", r.state().wireName());
    List<JsonObject> progress = new ArrayList<>();
    view.progress().forEach(p -> progress.add(new JsonObject().put("type", "progress").put("job", id)
        .put("stage", p.stage()).put("done", p.done()).put("total", p.total()).put("unit", p.unit())
        .put("detail", p.detail())));
    snapshot.put("progress", new JsonArray(progress));
    if (r.error() != null) {
      snapshot.put("error", new JsonObject(r.error()));
    }
    return snapshot;
  }

  /** Queued and running jobs of {@code kind}, oldest first. */
  public List<JobRecord> unfinished(String kind) {
    return store.unfinished().stream().filter(r -> r.kind().equals(kind)).toList();
  }

  /** The artifacts of a finished job. */
  public List<Artifact> artifacts(String id) {
    return store.artifacts(id);
  }

  /** Jobs, newest first. */
  public List<JobRecord> list(JobState state, int limit) {
    return store.list(state, limit);
  }

  /** Jobs in each state, as of the last flush (about a second old). */
  public Map<JobState, Long> counts() {
    return counts;
  }

  /** Jobs that ended on this server since it started, by how they ended. */
  public Map<JobState, Long> finishedCounts() {
    return Map.copyOf(finishedCounts);
  }

  /** Jobs waiting for a worker. */
  public int waiting() {
    return Math.max(0, waiting.get());
  }

  /** Teacher use of every job this server ran or runs. */
  public TeacherTally teacher() {
    TeacherTally tally = retired;
    for (LiveJob job : live.values()) {
      tally = tally.plus(job.teacher());
    }
    return tally;
  }

  // ---- running ---------------------------------------------------------------------------------

  private JobPlace place(String id, int attempt) {
    return new JobPlace(id, workspace.jobDir(id), workspace, students, services, attempt);
  }

  private void run(LiveJob job) {
    waiting.decrementAndGet();
    if (closing) {
      return; // stays queued in the store: the next start runs it
    }
    Optional<JobRecord> started = store.start(job.id);
    if (started.isEmpty()) {
      live.remove(job.id); // cancelled while it waited
      return;
    }
    execute(job, started.get());
  }

  /** Claims jobs from the shared store while this node has free workers. */
  private void claimWork() {
    try {
      while (!closing && claimed.get() < settings.workers()) {
        Optional<JobRecord> next = shared.claim(settings.lease());
        if (next.isEmpty()) {
          return;
        }
        JobRecord record = next.get();
        LiveJob job = new LiveJob(record.id(), record.kind(), events, System::nanoTime,
            (record.attempts() - 1) * 1_000_000_000L);
        live.put(record.id(), job);
        claimed.incrementAndGet();
        workers.execute(() -> {
          try {
            execute(job, record);
          } finally {
            claimed.decrementAndGet();
          }
        });
      }
    } catch (RuntimeException e) {
      LOG.warn("could not claim jobs from the store: {}", e.getMessage());
    }
  }

  /** Renews the leases of the jobs this node runs; stops the ones it lost, cancels the ones users cancelled. */
  private void renewLeases() {
    Map<String, Integer> held = new HashMap<>();
    for (LiveJob job : live.values()) {
      if (job.attempt > 0) {
        held.put(job.id, job.attempt);
      }
    }
    try {
      SharedJobStore.Renewal renewal = shared.renew(held, settings.lease());
      lastRenewedNanos = System.nanoTime();
      for (String id : renewal.lost()) {
        LiveJob job = live.get(id);
        if (job != null && !job.lost) {
          LOG.warn("job {} was taken over by another node; stopping it here", id);
          job.lost = true;
          job.cancellation.cancel(TAKEN_OVER);
        }
      }
      renewal.cancels().forEach((id, reason) -> {
        LiveJob job = live.get(id);
        if (job != null) {
          job.cancellation.cancel(reason);
        }
      });
    } catch (RuntimeException e) {
      long silentMillis = (System.nanoTime() - lastRenewedNanos) / 1_000_000L;
      LOG.warn("could not renew job leases for {} ms: {}", silentMillis, e.getMessage());
      if (silentMillis >= settings.lease().toMillis()) {
        // Another node may hold these jobs by now: stop them rather than run them twice.
        for (String id : held.keySet()) {
          LiveJob job = live.get(id);
          if (job != null && !job.lost) {
            job.lost = true;
            job.cancellation.cancel(TAKEN_OVER);
          }
        }
      }
    }
  }

  /** Runs a started job and stores its end; whatever happens, it leaves this node's live jobs. */
  private void execute(LiveJob job, JobRecord record) {
    try {
      runAndEnd(job, record);
    } catch (RuntimeException e) {
      LOG.error("job {} could not run here; it runs again at the next start (or on another node)", job.id, e);
    } finally {
      retire(job);
    }
  }

  private void runAndEnd(LiveJob job, JobRecord record) {
    job.attempt = record.attempts();
    if (record.attempts() > 1) {
      job.carryOver(store.spent(job.id)); // its budget counts what the interrupted attempts spent
    }
    job.state(JobState.RUNNING, new JsonObject().put("attempt", record.attempts()));
    if (record.attempts() > 1) {
      job.note("resumed after an interrupted run (attempt " + record.attempts() + ")");
    }
    JobState end;
    String result = null;
    String error = null;
    JobOutcome outcome = null;
    try (LedgerWatch.Scope unused = LedgerWatch.watch(job::watch)) {
      ObjectNode params = (ObjectNode) JSON.readTree(record.params());
      JobPlace place = place(record.id(), record.attempts());
      outcome = kinds.get(record.kind()).bind(params, place).run(new JobContext(job, job.cancellation));
      end = JobState.SUCCEEDED;
      result = outcome.result().toString();
    } catch (Throwable t) {
      if (job.lost) {
        LOG.info("job {} stopped here: {}", job.id, TAKEN_OVER);
        return;
      }
      if (closing && job.cancellation.isCancelled()) {
        flush(job);
        LOG.info("job {} interrupted by the stop; it resumes at the next start", job.id);
        return;
      }
      Problem problem = job.cancellation.isCancelled()
          ? Problem.of(new CancelledException(job.cancellation.reason(), t))
          : Problem.of(t);
      end = job.cancellation.isCancelled() ? JobState.CANCELLED : JobState.FAILED;
      error = problem.toJson().encode();
      if (problem.serverSide()) {
        LOG.error("job {} ({}) failed", job.id, job.kind, t);
      } else {
        LOG.debug("job {} ({}) ended {}: {}", job.id, job.kind, end.wireName(), problem.detail());
      }
    }
    if (job.lost) {
      LOG.warn("job {} ended here after another node took it over; its end here is not stored", job.id);
      return;
    }
    try {
      flush(job);
      if (outcome != null) {
        store.saveArtifacts(job.id, outcome.artifacts());
      }
      if (shared != null && !shared.finishHeld(job.id, job.attempt, end, result, error)) {
        LOG.warn("job {} ended here after another node took it over; its end here is not stored", job.id);
        return;
      }
      if (shared == null) {
        store.finish(job.id, end, result, error);
      }
      count(end);
      JsonObject extra = new JsonObject();
      if (error != null) {
        extra.put("error", new JsonObject(error));
      }
      job.state(end, extra);
    } catch (RuntimeException e) {
      LOG.error("job {} ended but its end could not be stored; it runs again at the next start", job.id, e);
    }
  }

  /** Removes this run of the job (not a newer run of the same job) from the live jobs. */
  private synchronized void retire(LiveJob job) {
    if (live.remove(job.id, job)) {
      retired = retired.plus(job.teacher());
    }
  }

  private void count(JobState state) {
    finishedCounts.merge(state, 1L, Long::sum);
  }

  private void flushAll() {
    try {
      if (shared != null) {
        renewLeases();
      }
      for (LiveJob job : live.values()) {
        flush(job);
      }
      refreshCounts();
    } catch (RuntimeException e) {
      LOG.warn("could not store job progress: {}", e.getMessage());
    }
  }

  private void flush(LiveJob job) {
    job.flushEvents();
    store.saveProgress(job.id, job.drainUnsaved());
    for (String note : job.drainNotes()) {
      store.addNote(job.id, note);
    }
    double spent = job.spentOverAttempts();
    if (spent > 0) {
      store.saveSpend(job.id, spent);
    }
  }

  private void refreshCounts() {
    Map<JobState, Long> fresh = new EnumMap<>(JobState.class);
    fresh.putAll(store.countByState());
    counts = fresh;
  }

  private static String newId() {
    byte[] random = new byte[5];
    RANDOM.nextBytes(random);
    StringBuilder id = new StringBuilder(Long.toString(System.currentTimeMillis(), 36)).append('-');
    for (byte b : random) {
      id.append(String.format(Locale.ROOT, "%02x", b));
    }
    return id.toString();
  }

  /**
   * Stops taking jobs, interrupts the running ones (they stay unfinished in the store, so the next
   * start resumes them), and waits up to {@code timeoutSeconds} for the workers to stop.
   */
  public void close(long timeoutSeconds) {
    closing = true;
    for (LiveJob job : live.values()) {
      job.cancellation.cancel(STOPPING);
    }
    List<String> running = List.copyOf(live.keySet());
    workers.shutdown();
    partWorkers.shutdown();
    try {
      if (!workers.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)
          || !partWorkers.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)) {
        LOG.warn("jobs still running after {} s of stopping; they resume at the next start", timeoutSeconds);
        workers.shutdownNow();
        partWorkers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (shared != null) {
      try {
        shared.release(running); // another node takes them over now rather than when the leases run out
      } catch (RuntimeException e) {
        LOG.warn("could not give back the leases of {} job(s); they move once the leases run out: {}",
            running.size(), e.getMessage());
      }
    }
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(30);
  }
}
