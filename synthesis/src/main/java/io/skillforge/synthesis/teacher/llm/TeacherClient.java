package io.skillforge.synthesis.teacher.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.TeacherException;
import io.skillforge.synthesis.teacher.TeacherException.Reason;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.cache.CacheKey;
import io.skillforge.synthesis.teacher.prompt.PromptRole;
import io.skillforge.synthesis.teacher.prompt.TeacherPrompts;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.synthesis.teacher.cache.CachedAnswer;
import io.skillforge.synthesis.teacher.cache.AnswerTier;
import io.skillforge.synthesis.teacher.cache.ResponseCache;
import io.skillforge.skills.resilience.AdaptiveLimiter;
import io.skillforge.skills.resilience.CircuitBreaker;
import io.skillforge.skills.resilience.FailureKind;
import io.skillforge.skills.resilience.RateLimitHeaders;
import io.skillforge.skills.resilience.RateLimiter;
import io.skillforge.skills.resilience.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LangChain4j teacher's call pipeline, shared by every job that uses one configured teacher.
 * Every request the server makes of the teacher passes through one method, {@link #call}: the one
 * place for the cache, the budget, the rate and concurrency limits, the circuit breaker, retries,
 * answer validation, re-asks, accounting and logging. {@link #teacher} gives the {@link Teacher}
 * of one job on top of it. Thread-safe; {@link #call} never blocks its caller.
 *
 * <p>Design notes. A call moves through: cache lookup (a hit is validated again and costs
 * nothing) → admission (breaker open: fail fast; budget: reserve the estimated cost or stop;
 * rate limits: book a slot and wait for it on a timer, not a thread) → the adaptive concurrency
 * limiter → one blocking provider request on a worker thread → the outcome. A valid answer that
 * ended normally is cached under a key of provider, model, messages, schema and sampling
 * parameters without {@code max_tokens}. A malformed answer is re-asked (the bad answer and the
 * validation error are shown to the teacher) up to {@code teacher.max-repairs} times;
 * 429/5xx/time-outs are retried with backoff and jitter, after {@code Retry-After} when sent, and
 * feed the breaker and (429 only) the limiter. Workers are as many as the concurrency ceiling; waiting calls hold no
 * thread. All time (limits, breaker, backoff and rate-limit timers, cache entry times) comes from
 * one {@link TeacherClock}, which tests move by hand.
 *
 * <p>Each attempt books its estimated cost in the job's ledger before it is sent, and that
 * reservation is settled exactly once (by the answer, by the failure, or by {@link #close}, which
 * may race the attempt's own settle): the reserved amount returns to zero and nothing is counted
 * twice. A failed call is an expected event (the budget, a down or closed teacher, retries,
 * invalid answers): it is counted in the ledger by reason, for the one summary line the caller
 * prints ({@link TeacherLedger#failureSummary}), and logged at debug level only; unexpected
 * exceptions in the pipeline log at error.
 */
public final class TeacherClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TeacherClient.class);
  private static final int CHARS_PER_TOKEN = 4;
  private static final int TOKENS_PER_MESSAGE = 4;

  /** Marks a hand-off slot as closed: a permit arriving later goes to a worker. */
  private static final AdaptiveLimiter.Permit NO_PERMIT = outcome -> {};

  private final ChatBackend backend;
  private final TeacherSettings settings;
  private final ResponseCache cache;
  private final AdaptiveLimiter limiter;
  private final RateLimiter rateLimiter;
  private final CircuitBreaker breaker;
  private final RetryPolicy retryPolicy;
  private final ThreadPoolExecutor workers;
  private final TeacherClock clock;
  private final TeacherLedger totals = TeacherLedger.unlimited("all jobs");
  private final LongAdder cacheMisses = new LongAdder();
  private final Map<PromptRole, TokenCalibration> calibration = new ConcurrentHashMap<>();
  private final Set<CallRun<?>> active = ConcurrentHashMap.newKeySet();
  /** Calls waiting on a timer (a backoff or a rate-limit slot), failed at once if the breaker opens. */
  private final Set<CallRun<?>> sleeping = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param clock the time of the limiter, breaker, timers and cache entries; the client shuts it
   *     down when it closes
   */
  TeacherClient(ChatBackend backend, TeacherSettings settings, ResponseCache cache, TeacherClock clock) {
    this(backend, settings, cache, clock, null);
  }

  /**
   * @param pacing the rate limiter to book calls with, shared with other clients of the same
   *     provider account; null for one of this client's own, from the settings' limits
   */
  TeacherClient(ChatBackend backend, TeacherSettings settings, ResponseCache cache, TeacherClock clock,
      RateLimiter pacing) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
    TeacherSettings.Limits limits = settings.limits();
    this.limiter = new AdaptiveLimiter(limits.maxConcurrency(), limits.maxConcurrency());
    this.rateLimiter = pacing != null ? pacing
        : new RateLimiter(limits.requestsPerMinute(), limits.tokensPerMinute(), clock::nanoTime);
    this.breaker =
        new CircuitBreaker(
            settings.breaker().breakerFailures(),
            settings.breaker().openFor(),
            settings.breaker().openFor().multipliedBy(8),
            clock::nanoTime);
    this.retryPolicy = settings.retries().policy();
    int threads = limits.maxConcurrency();
    this.workers =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("teacher-call"));
    this.workers.allowCoreThreadTimeOut(true);
  }

  /**
   * Opens the LLM teacher the settings describe: the provider's LangChain4j model, and the
   * response cache in {@code teacher.cache-dir}.
   *
   * @param env the environment to read the API key from (normally {@link System#getenv()})
   * @throws IllegalArgumentException when the settings name the built-in teacher, or the provider
   *     needs a key that {@code env} lacks
   */
  public static TeacherClient open(TeacherSettings settings, Map<String, String> env) {
    return open(settings, env, null);
  }

  /**
   * Like {@link #open(TeacherSettings, Map)}, with the answers kept in {@code sharedAnswers} (the
   * tier the nodes of a cluster share) instead of {@code teacher.cache-dir}.
   *
   * @param sharedAnswers the persistent tier; null for {@code teacher.cache-dir}
   */
  public static TeacherClient open(TeacherSettings settings, Map<String, String> env, AnswerTier sharedAnswers) {
    return open(settings, env, sharedAnswers, null);
  }

  /**
   * Like {@link #open(TeacherSettings, Map, AnswerTier)}, booking calls with {@code pacing}: a rate
   * limiter (on {@link System#nanoTime}) that every client of the same provider account shares, so
   * that the limits hold for all of them together rather than for each.
   *
   * @param pacing null for a limiter of this client's own
   */
  public static TeacherClient open(TeacherSettings settings, Map<String, String> env, AnswerTier sharedAnswers,
      RateLimiter pacing) {
    ChatBackend backend = LangChainBackend.create(settings, env);
    long inMemory = settings.cache().cacheMemoryEntries();
    ResponseCache cache = sharedAnswers != null ? ResponseCache.over(sharedAnswers, inMemory)
        : ResponseCache.open(settings.cache().directory(), inMemory);
    return new TeacherClient(backend, settings, cache, TeacherClock.system(), pacing);
  }

  /** The {@link Teacher} of one job: its calls are accounted and budgeted in {@code ledger}. */
  public Teacher teacher(TeacherLedger ledger) {
    return new LlmTeacher(this, Objects.requireNonNull(ledger, "ledger"));
  }

  /** A short stable name: provider kind and model, such as {@code openai-compatible:gpt-x}. */
  public String name() {
    return backend.kind() + ":" + backend.model();
  }

  TeacherSettings settings() {
    return settings;
  }

  /** The wall-clock instant now, by this client's clock. */
  Instant now() {
    return clock.instant();
  }

  /** Counts over every job since this client opened. */
  public Stats stats() {
    return new Stats(
        totals.usage(),
        cacheMisses.sum(),
        limiter.limit(),
        limiter.decreases(),
        breaker.state().name().toLowerCase(java.util.Locale.ROOT),
        breaker.timesOpened(),
        cache.stats());
  }

  /**
   * Sends one request through the pipeline.
   *
   * @return the parsed answer; fails with a {@link TeacherException} whose reason says whether the
   *     call's items failed ({@link TeacherException#itemLevel}) or the teacher as a whole did
   */
  <T> Future<T> call(TeacherCall<T> call, TeacherLedger ledger) {
    Promise<T> promise = Promise.promise();
    CallRun<T> run = new CallRun<>(call, ledger, promise);
    if (closed) {
      run.fail(Reason.CLOSED, "the teacher is closed");
      return promise.future();
    }
    active.add(run);
    run.dispatch(run::lookup);
    return promise.future();
  }

  /** The expected cost of labelling {@code items} against {@code catalog}. */
  public CostEstimate estimateLabels(List<Example> items, SkillCatalog catalog) {
    return estimate(new LlmTeacher(this, TeacherLedger.unlimited("estimate")).labelCalls(items, catalog), 0);
  }

  /**
   * The expected cost of building a catalog of at most {@code maxSkills} skills from {@code
   * sample}: the naming calls, plus a merge call guessed at 30 prompt tokens per sampled item.
   */
  public CostEstimate estimateCatalog(List<Example> sample, int maxSkills) {
    CostEstimate naming =
        estimate(new LlmTeacher(this, TeacherLedger.unlimited("estimate")).namingCalls(sample), 1);
    long mergePrompt = 600 + 30L * sample.size();
    long mergeCompletion = 8 + 60L * maxSkills;
    return new CostEstimate(
        naming.calls(),
        naming.cachedCalls(),
        naming.promptTokens() + mergePrompt,
        naming.completionTokens() + mergeCompletion,
        naming.dollars() + settings.costs().cost(mergePrompt, mergeCompletion));
  }

  private CostEstimate estimate(List<TeacherCall<?>> calls, int extraCalls) {
    long cached = 0;
    long prompt = 0;
    long completion = 0;
    for (TeacherCall<?> call : calls) {
      if (cached(call)) {
        cached++;
      } else {
        prompt += estimatePromptTokens(call.request());
        completion += call.expectedCompletionTokens();
      }
    }
    return new CostEstimate(
        calls.size() + extraCalls, cached, prompt, completion, settings.costs().cost(prompt, completion));
  }

  /** Whether the cache already holds a valid-looking answer to {@code call}: it would cost nothing. */
  boolean cached(TeacherCall<?> call) {
    return cache.contains(keyOf(call.request()), call.request().sampling().maxTokens());
  }

  /** Estimated prompt tokens of a request (characters / 4 plus a few per message). */
  static long estimatePromptTokens(ChatRequestSpec request) {
    return (request.characters() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN
        + (long) TOKENS_PER_MESSAGE * request.turns().size();
  }

  /**
   * The cache key of a request: provider kind, model, messages, schema, how the schema is passed,
   * and every sampling parameter except {@code max_tokens} (see {@link CachedAnswer#serves}). The
   * base URL is left out on purpose: the same model behind another address (a restarted local
   * server on a new port) gives the same answers.
   */
  CacheKey keyOf(ChatRequestSpec request) {
    ObjectNode key = JsonAnswers.JSON.createObjectNode();
    key.put("v", 1);
    key.put("provider", backend.kind());
    key.put("model", backend.model());
    ArrayNode turns = key.putArray("messages");
    for (ChatTurn turn : request.turns()) {
      turns.addArray().add(turn.speaker().name().toLowerCase(java.util.Locale.ROOT)).add(turn.text());
    }
    key.put("schemaName", request.schemaName());
    key.put("schema", request.schemaJson());
    key.put("structuredOutput", settings.endpoint().structuredOutput().name());
    Sampling s = request.sampling();
    key.put("temperature", s.temperature());
    if (s.topP() != null) {
      key.put("topP", s.topP());
    }
    if (s.seed() != null) {
      key.put("seed", s.seed());
    }
    return CacheKey.of(key.toString());
  }

  /** Stops accepting calls and fails those still under way. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (CallRun<?> run : List.copyOf(active)) {
      run.fail(Reason.CLOSED, "the teacher was closed while the call was under way");
    }
    clock.shutdown();
    workers.shutdownNow();
    backend.close();
  }

  /**
   * After {@link #close}, waits until no worker runs a step of a call any more (a provider request
   * that was under way has returned or given up).
   *
   * @return false when {@code timeout} passed first
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return workers.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Pipeline counts since the client opened.
   *
   * @param usage calls, cache hits, HTTP calls, tokens, retries, re-asks, failures, cost
   * @param cacheMisses calls the cache could not answer
   * @param concurrencyLimit the adaptive concurrency limit now
   * @param concurrencyDecreases how often a 429 halved it
   * @param breakerState closed, open or half_open
   * @param breakerOpened how often the breaker opened
   * @param cache the response cache's own counts
   */
  public record Stats(
      io.skillforge.synthesis.teacher.TeacherUsage usage,
      long cacheMisses,
      int concurrencyLimit,
      long concurrencyDecreases,
      String breakerState,
      long breakerOpened,
      ResponseCache.CacheStats cache) {}

  /**
   * The life of one call. Its steps run one at a time, each on a worker or the clock's thread;
   * {@link #fail} may also run on the thread that closes the client, at the same time as a step, so
   * the state it shares with the steps (the reservation, whether the call is over) is atomic.
   */
  private final class CallRun<T> {
    private final TeacherCall<T> call;
    private final TeacherLedger ledger;
    private final Promise<T> promise;
    private final CacheKey key;
    private final List<ChatTurn> conversation;
    /** The budget booked for the attempt under way; taken (and settled) exactly once. */
    private final AtomicReference<TeacherLedger.Reservation> reservation = new AtomicReference<>();
    /** Set once, by whichever of success and failure comes first. */
    private final AtomicBoolean over = new AtomicBoolean();
    private int retries;
    private int repairs;
    private long bookedTokens;
    private volatile TeacherClock.Timer pending;
    private long guessedTokens;

    CallRun(TeacherCall<T> call, TeacherLedger ledger, Promise<T> promise) {
      this.call = call;
      this.ledger = ledger;
      this.promise = promise;
      this.key = keyOf(call.request());
      this.conversation = new ArrayList<>(call.request().turns());
    }

    void dispatch(Runnable step) {
      try {
        workers.execute(() -> guarded(step));
      } catch (RejectedExecutionException e) {
        fail(Reason.CLOSED, "the teacher is closed");
      }
    }

    void dispatchAfter(long nanos, Runnable step) {
      if (nanos <= 0) {
        dispatch(step);
        return;
      }
      sleeping.add(this);
      try {
        pending = clock.schedule(nanos, () -> {
          sleeping.remove(this);
          dispatch(step);
        });
      } catch (RejectedExecutionException e) {
        sleeping.remove(this);
        fail(Reason.CLOSED, "the teacher is closed");
        return;
      }
      // The breaker may have opened while this call was deciding to wait; its sweep of the
      // sleeping calls then missed this one.
      if (breaker.isRejecting()) {
        wake();
      }
    }

    /** Ends a wait early because the breaker opened: no use waiting to be refused. */
    void wake() {
      TeacherClock.Timer p = pending;
      if (p != null && p.cancel()) {
        sleeping.remove(this);
        fail(Reason.UNAVAILABLE, unavailableMessage());
      }
    }

    private void guarded(Runnable step) {
      try {
        step.run();
      } catch (RuntimeException | Error e) {
        LOG.error("teacher call failed unexpectedly", e);
        fail(Reason.REJECTED, "unexpected error in the teacher pipeline: " + backend.redact(e.toString()));
      }
    }

    void lookup() {
      count(TeacherLedger::countCall);
      Optional<CachedAnswer> hit = cache.get(key, call.request().sampling().maxTokens());
      if (hit.isPresent()) {
        try {
          T value = call.parser().parse(JsonAnswers.readObject(hit.get().text()));
          count(TeacherLedger::countCacheHit);
          succeed(value);
          return;
        } catch (InvalidAnswerException e) {
          // Validation rules moved on since the answer was stored; ask again.
          LOG.debug("cached answer {} no longer validates: {}", key, e.getMessage());
          cache.invalidate(key);
        }
      }
      cacheMisses.increment();
      admit();
    }

    void admit() {
      if (closed) {
        fail(Reason.CLOSED, "the teacher is closed");
        return;
      }
      if (over.get()) {
        return;
      }
      if (breaker.isRejecting()) {
        fail(Reason.UNAVAILABLE, unavailableMessage());
        return;
      }
      long promptGuess = estimatePromptTokens(new ChatRequestSpec(
          conversation,
          call.request().schemaName(),
          call.request().schemaJson(),
          call.request().sampling()));
      long completionGuess = call.expectedCompletionTokens();
      guessedTokens = promptGuess + completionGuess;
      double scale = calibration(call.role()).scale();
      long promptEstimate = (long) Math.ceil(promptGuess * scale);
      long completionEstimate = (long) Math.ceil(completionGuess * scale);
      bookedTokens = promptEstimate + completionEstimate;
      double estimate = settings.costs().cost(promptEstimate, completionEstimate);
      Optional<TeacherLedger.Reservation> booked = ledger.reserve(estimate);
      if (booked.isEmpty()) {
        fail(
            Reason.BUDGET_EXHAUSTED,
            String.format(
                java.util.Locale.ROOT,
                "budget of $%.4f reached (--budget, or teacher.budget-dollars): $%.4f spent, and"
                    + " the next %s call needs about $%.4f",
                ledger.budgetDollars(),
                ledger.spentDollars(),
                call.role().wireName(),
                estimate));
        return;
      }
      reservation.set(booked.get());
      // close() may have failed this call between the checks above and the booking, and its
      // settle then found nothing to release: release it here (settling is exactly-once).
      if (closed || over.get()) {
        settle(0);
        fail(Reason.CLOSED, "the teacher is closed");
        return;
      }
      long wait = rateLimiter.reserve(bookedTokens);
      if (wait > 0) {
        dispatchAfter(wait, this::acquire);
      } else {
        acquire();
      }
    }

    /**
     * Waits for a concurrency permit without holding a thread. A permit granted at once is used
     * on this thread (one hand-off fewer per call); one granted later, by another call's release,
     * is handed to a worker.
     */
    void acquire() {
      AtomicReference<AdaptiveLimiter.Permit> handoff = new AtomicReference<>();
      limiter.acquire(permit -> {
        if (!handoff.compareAndSet(null, permit)) {
          dispatch(() -> send(permit));
        }
      });
      AdaptiveLimiter.Permit now = handoff.getAndSet(NO_PERMIT);
      if (now != null) {
        send(now);
      }
    }

    void send(AdaptiveLimiter.Permit permit) {
      if (closed || over.get() || !breaker.tryAcquire()) {
        permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
        settle(0);
        fail(closed || over.get() ? Reason.CLOSED : Reason.UNAVAILABLE,
            closed || over.get() ? "the teacher is closed" : unavailableMessage());
        return;
      }
      count(TeacherLedger::countHttpCall);
      ChatRequestSpec request =
          new ChatRequestSpec(
              conversation,
              call.request().schemaName(),
              call.request().schemaJson(),
              call.request().sampling());
      ChatReply reply;
      try {
        reply = backend.send(request);
      } catch (ProviderFailure f) {
        permit.release(
            f.kind() == FailureKind.RATE_LIMITED
                ? AdaptiveLimiter.Outcome.RATE_LIMITED
                : AdaptiveLimiter.Outcome.NEUTRAL);
        if (f.kind().retriable()) {
          if (breaker.onFailure()) {
            LOG.warn("teacher circuit opened after {} failures in a row; failing waiting calls fast",
                breaker.consecutiveFailures());
            for (CallRun<?> waiting : List.copyOf(sleeping)) {
              waiting.wake();
            }
          }
        } else {
          breaker.onNeutral();
        }
        rateLimiter.observe(f.rateLimits());
        settle(0);
        onFailure(f);
        return;
      } catch (RuntimeException e) {
        permit.release(AdaptiveLimiter.Outcome.NEUTRAL);
        breaker.onNeutral();
        settle(0);
        throw e;
      }
      permit.release(AdaptiveLimiter.Outcome.SUCCESS);
      breaker.onSuccess();
      rateLimiter.observe(RateLimitHeaders.parse(reply.headers(), clock.instant()));
      long promptTokens =
          reply.promptTokens() >= 0 ? reply.promptTokens() : estimatePromptTokens(request);
      long completionTokens =
          reply.completionTokens() >= 0
              ? reply.completionTokens()
              : (reply.text().length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
      rateLimiter.adjustTokens(promptTokens + completionTokens - bookedTokens);
      calibration(call.role()).observe(guessedTokens, promptTokens + completionTokens);
      double cost = settings.costs().cost(promptTokens, completionTokens);
      settle(cost);
      totals.spend(cost);
      count(l -> l.countTokens(promptTokens, completionTokens));
      onReply(reply);
    }

    private void onReply(ChatReply reply) {
      T value;
      try {
        value = call.parser().parse(JsonAnswers.readObject(reply.text()));
      } catch (InvalidAnswerException e) {
        String problem =
            reply.finishedNormally()
                ? e.getMessage()
                : e.getMessage() + " (the answer was cut off: finish reason " + reply.finishReason() + ")";
        repair(reply.text(), problem);
        return;
      }
      if (reply.finishedNormally()) {
        cache.put(
            key,
            new CachedAnswer(
                reply.text(),
                call.request().sampling().maxTokens(),
                reply.promptTokens(),
                reply.completionTokens(),
                clock.instant()));
      }
      succeed(value);
    }

    private void repair(String badAnswer, String problem) {
      if (repairs >= settings.requests().maxRepairs()) {
        fail(
            Reason.INVALID_ANSWER,
            "no valid " + call.role().wireName() + " answer after " + repairs + " re-asks: "
                + backend.redact(problem));
        return;
      }
      repairs++;
      count(TeacherLedger::countRepair);
      LOG.debug("re-asking {} call {} ({}): {}", call.role().wireName(), key, repairs, problem);
      conversation.clear();
      conversation.addAll(call.request().turns());
      if (!badAnswer.isBlank()) {
        conversation.add(ChatTurn.assistant(badAnswer));
        conversation.add(ChatTurn.user(TeacherPrompts.repair(call.role(), problem)));
      }
      admit();
    }

    private void onFailure(ProviderFailure f) {
      Duration retryAfter = f.rateLimits().retryAfter();
      if (f.kind() == FailureKind.MALFORMED) {
        repair("", "the response could not be read: " + f.getMessage());
        return;
      }
      if (retryPolicy.allowsRetry(retries, f.kind(), retryAfter)) {
        retries++;
        count(TeacherLedger::countRetry);
        Duration delay = retryPolicy.delay(retries, retryAfter, ThreadLocalRandom.current());
        LOG.debug(
            "{} call {} failed ({}), retry {} in {} ms",
            call.role().wireName(), key, f.getMessage(), retries, delay.toMillis());
        dispatchAfter(delay.toNanos(), this::admit);
        return;
      }
      if (f.kind().retriable()) {
        boolean askedTooLong =
            retryAfter != null && retryAfter.compareTo(settings.retries().maxRetryAfter()) > 0;
        fail(
            askedTooLong ? Reason.UNAVAILABLE : Reason.RETRIES_EXHAUSTED,
            askedTooLong
                ? "the provider asks to wait " + retryAfter.toSeconds() + " s (Retry-After), more than "
                    + settings.retries().maxRetryAfter().toSeconds()
                    + " s (teacher.max-retry-after-seconds): " + f.getMessage()
                : "gave up after " + retries + " retries: " + f.getMessage());
        return;
      }
      fail(
          Reason.REJECTED,
          "the provider rejected the " + call.role().wireName() + " request ("
              + f.kind().name().toLowerCase(java.util.Locale.ROOT) + "): " + f.getMessage());
    }

    private String unavailableMessage() {
      return "teacher unavailable: circuit open after "
          + breaker.consecutiveFailures()
          + " failures in a row (429, 5xx, time-outs); next try in "
          + Math.max(1, breaker.retryIn().toSeconds())
          + " s";
    }

    void succeed(T value) {
      if (over.compareAndSet(false, true)) {
        active.remove(this);
        promise.complete(value);
      }
    }

    /**
     * Settles the attempt's reservation with {@code spent}, or books {@code spent} alone when the
     * reservation was already settled (an answer that arrived after close() released it): the
     * money was spent either way, and counted once.
     */
    private void settle(double spent) {
      TeacherLedger.Reservation r = reservation.getAndSet(null);
      if (r != null) {
        r.settle(spent);
      } else if (spent > 0) {
        ledger.spend(spent);
      }
    }

    /**
     * Ends the call without an answer; later calls only release a reservation still held. An
     * expected failure (budget, a down or closed teacher, retries, invalid answers) is counted in
     * the ledger, whose summary the caller prints once, and logged at debug level only.
     */
    void fail(Reason reason, String message) {
      boolean first = over.compareAndSet(false, true);
      settle(0);
      if (!first) {
        return;
      }
      active.remove(this);
      String safe = backend.redact(message);
      count(l -> l.countFailedCall(reason, safe));
      LOG.debug("teacher {} call failed for {}: {}", call.role().wireName(), call.itemIds(), safe);
      promise.fail(new TeacherException(reason, safe));
    }

    private void count(Consumer<TeacherLedger> counter) {
      counter.accept(ledger);
      counter.accept(totals);
    }
  }

  private TokenCalibration calibration(PromptRole role) {
    return calibration.computeIfAbsent(role, r -> new TokenCalibration());
  }

  /**
   * How far a role's token guesses fall short, learnt from its answered calls: the ratio of all
   * real tokens to all guessed tokens, never below 1, so budget reservations and rate bookings are
   * not fooled by a prompt that tokenizes worse than four characters a token.
   */
  private static final class TokenCalibration {
    private long guessed;
    private long actual;

    synchronized void observe(long guessedTokens, long actualTokens) {
      guessed += guessedTokens;
      actual += actualTokens;
    }

    synchronized double scale() {
      return guessed == 0 ? 1.0 : Math.max(1.0, (double) actual / guessed);
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

}
