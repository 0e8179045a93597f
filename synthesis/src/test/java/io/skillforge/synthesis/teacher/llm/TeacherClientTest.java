package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.synthesis.teacher.TeacherException;
import io.skillforge.synthesis.teacher.TeacherException.Reason;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.TeacherUsage;
import io.skillforge.synthesis.teacher.cache.ResponseCache;
import io.skillforge.synthesis.teacher.prompt.PromptRole;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call pipeline against a scripted provider. Time is a {@link FakeClock}: backoffs, rate-limit
 * waits and the breaker's open period pass when a test moves the clock, never by sleeping.
 */
class TeacherClientTest {
  /** Where the test logging configuration writes every line (see simplelogger.properties). */
  private static final Path LOG_FILE = Path.of("target", "skillforge-test.log");

  @TempDir Path dir;
  private final List<TeacherClient> clients = new ArrayList<>();
  private FakeClock clock = new FakeClock();

  @AfterEach
  void close() {
    clients.forEach(TeacherClient::close);
  }

  /** The bundled defaults with this test's base values, then {@code changes} (YAML key, value, ...). */
  private TeacherSettings settings(Object... changes) {
    Map<String, Object> keys = new HashMap<>(Map.of(
        "kind", "openai-compatible",
        "max-concurrency", 4,
        "requests-per-minute", 0,
        "tokens-per-minute", 0,
        "max-retries", 3,
        "retry-base-ms", 1,
        "retry-max-ms", 5,
        "breaker-failures", 50,
        "max-repairs", 2,
        "cache-dir", dir.toString()));
    for (int i = 0; i < changes.length; i += 2) {
      keys.put((String) changes[i], changes[i + 1]);
    }
    return TeacherSettings.defaults().with(keys);
  }

  private TeacherClient client(ScriptedBackend backend, TeacherSettings settings) {
    TeacherClient client = new TeacherClient(
        backend, settings, ResponseCache.open(settings.cache().directory(), 100), clock);
    clients.add(client);
    return client;
  }

  /** A request for {@code itemId} whose valid answer is an object with an integer "v". */
  private static TeacherCall<Integer> call(String prompt, Integer maxTokens, double temperature, String itemId) {
    ChatRequestSpec spec = new ChatRequestSpec(
        List.of(ChatTurn.system("schema skillforge.label.v1"), ChatTurn.user(prompt)),
        "skillforge_label_v1", "{\"type\":\"object\"}", new Sampling(temperature, maxTokens, null, null));
    return new TeacherCall<>(PromptRole.LABEL, List.of(itemId), spec, 10, answer -> {
      if (!answer.path("v").isInt()) {
        throw new InvalidAnswerException("field 'v' must be an integer");
      }
      return answer.get("v").asInt();
    });
  }

  private static TeacherCall<Integer> call(String prompt, Integer maxTokens, double temperature) {
    return call(prompt, maxTokens, temperature, "item-1");
  }

  private static TeacherCall<Integer> call(String prompt) {
    return call(prompt, 256, 0.0);
  }

  private <T> T await(Future<T> future) throws Exception {
    return clock.await(future);
  }

  private TeacherException failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return assertInstanceOf(TeacherException.class, e.getCause());
    }
    throw new AssertionError("the call succeeded");
  }

  /** Waits until every future is complete while the clock stands still. */
  private void awaitAllWithoutTimePassing(List<? extends Future<?>> futures) throws Exception {
    futures.forEach(f -> f.onComplete(ignored -> clock.poke()));
    clock.awaitState(() -> futures.stream().allMatch(Future::isComplete));
  }

  @Test
  void call_validAnswer_isParsedAndTheRepeatIsACacheHit() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{\"v\": 7}"));
    TeacherClient client = client(backend, settings());
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(7, await(client.call(call("q"), ledger)));
    assertEquals(7, await(client.call(call("q"), ledger)));
    assertEquals(1, backend.calls());
    TeacherUsage usage = ledger.usage();
    assertEquals(2, usage.calls());
    assertEquals(1, usage.cacheHits());
    assertEquals(1, usage.httpCalls());
  }

  @Test
  void call_afterRestart_isServedFromDisk() throws Exception {
    ScriptedBackend first = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{\"v\": 1}"));
    await(client(first, settings()).call(call("q"), TeacherLedger.unlimited("a")));
    ScriptedBackend second = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{\"v\": 2}"));
    assertEquals(1, await(client(second, settings()).call(call("q"), TeacherLedger.unlimited("b"))));
    assertEquals(0, second.calls());
  }

  @Test
  void call_maxTokensGrew_isStillACacheHit_temperatureChanged_isNot() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{\"v\": " + n + "}"));
    TeacherClient client = client(backend, settings());
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(0, await(client.call(call("q", 256, 0.0), ledger)));
    assertEquals(0, await(client.call(call("q", 4096, 0.0), ledger)));
    assertEquals(1, await(client.call(call("q", 256, 0.5), ledger)));
    assertEquals(2, backend.calls());
  }

  @Test
  void call_rateLimitedWithRetryAfter_waitsAtLeastThatLong() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      if (n == 0) {
        throw ScriptedBackend.status(429, Duration.ofMillis(150));
      }
      return ScriptedBackend.ok("{\"v\": 1}");
    });
    TeacherClient client = client(backend, settings());
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    Future<Integer> f = client.call(call("q"), ledger);
    clock.awaitState(() -> clock.pending() == 1);
    Duration wait = clock.delays().get(0);
    assertTrue(wait.compareTo(Duration.ofMillis(150)) >= 0, "honoured Retry-After: " + wait);
    clock.advance(Duration.ofMillis(149));
    assertEquals(1, backend.calls(), "no retry before Retry-After");
    assertFalse(f.isComplete());
    assertEquals(1, await(f));
    assertEquals(1, ledger.usage().retries());
    assertEquals(2, ledger.usage().httpCalls());
    assertEquals(1, client.stats().concurrencyDecreases(), "a 429 shrinks the concurrency limit");
  }

  @Test
  void call_requestsPerMinute_secondCallWaitsOnTheClock() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{\"v\": " + n + "}"));
    // 60 a minute: one a second, and a burst of one.
    TeacherClient client = client(backend, settings("requests-per-minute", 60));
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(0, await(client.call(call("a"), ledger)));
    Future<Integer> second = client.call(call("b"), ledger);
    clock.awaitState(() -> clock.pending() == 1);
    assertEquals(Duration.ofSeconds(1), clock.delays().get(0));
    assertFalse(second.isComplete());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, await(second));
    assertEquals(Duration.ofSeconds(1), clock.elapsed());
  }

  @Test
  void call_serverErrorsThenSuccess_isRetried() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      if (n < 2) {
        throw ScriptedBackend.status(503, null);
      }
      return ScriptedBackend.ok("{\"v\": 3}");
    });
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(3, await(client(backend, settings()).call(call("q"), ledger)));
    assertEquals(2, ledger.usage().retries());
    assertEquals(2, clock.delays().size(), "each retry waited on the clock");
  }

  @Test
  void call_retriesExhausted_failsForItsItemsOnly() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      throw ScriptedBackend.status(500, null);
    });
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    TeacherException e = failure(client(backend, settings()).call(call("q"), ledger));
    assertEquals(Reason.RETRIES_EXHAUSTED, e.reason());
    assertTrue(e.itemLevel());
    assertEquals(4, backend.calls(), "first attempt and three retries");
    assertEquals(1, ledger.usage().failedCalls());
  }

  @Test
  void call_authenticationFailure_isRejectedWithoutRetry() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      throw ScriptedBackend.status(401, null);
    });
    TeacherException e = failure(client(backend, settings()).call(call("q"), TeacherLedger.unlimited("j")));
    assertEquals(Reason.REJECTED, e.reason());
    assertEquals(1, backend.calls());
  }

  @Test
  void call_malformedThenValid_reAsksWithTheBadAnswerAndTheProblem() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) ->
        ScriptedBackend.ok(n == 0 ? "{\"v\": \"seven\"}" : "{\"v\": 7}"));
    TeacherClient client = client(backend, settings());
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(7, await(client.call(call("q"), ledger)));
    List<ChatTurn> reAsk = backend.requests.get(1).turns();
    assertEquals(4, reAsk.size());
    assertEquals(ChatTurn.Speaker.ASSISTANT, reAsk.get(2).speaker());
    assertEquals("{\"v\": \"seven\"}", reAsk.get(2).text());
    assertTrue(reAsk.get(3).text().contains("field 'v' must be an integer"), reAsk.get(3).text());
    assertTrue(reAsk.get(3).text().contains("skillforge.label.v1"), reAsk.get(3).text());
    assertEquals(1, ledger.usage().repairs());
    assertEquals(7, await(client.call(call("q"), ledger)), "the repaired answer is cached for the original request");
    assertEquals(2, backend.calls());
  }

  @Test
  void call_chatterAroundTheJson_isRepairedLocally() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) ->
        ScriptedBackend.ok("Sure! Here it is:\n```json\n{\"v\": 5}\n```\nAnything else?"));
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(5, await(client(backend, settings()).call(call("q"), ledger)));
    assertEquals(0, ledger.usage().repairs());
  }

  @Test
  void call_alwaysMalformed_failsAfterTheAllowedReAsksAndCachesNothing() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> ScriptedBackend.ok("no json here"));
    TeacherClient client = client(backend, settings("max-repairs", 2));
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    TeacherException e = failure(client.call(call("q"), ledger));
    assertEquals(Reason.INVALID_ANSWER, e.reason());
    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    assertEquals(3, backend.calls());
    assertEquals(2, ledger.usage().repairs());
    assertEquals(0, client.stats().cache().writes());
  }

  @Test
  void call_answerCutOffAtMaxTokens_isUsedButNotCached() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) ->
        new ChatReply("{\"v\": 9}", false, "length", 100, 256, Map.of()));
    TeacherClient client = client(backend, settings());
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    assertEquals(9, await(client.call(call("q"), ledger)));
    assertEquals(9, await(client.call(call("q"), ledger)));
    assertEquals(2, backend.calls());
  }

  @Test
  void call_sustained429s_breakerFailsFastThenRecoversByItself() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      if (down.get()) {
        throw ScriptedBackend.status(429, null);
      }
      return ScriptedBackend.ok("{\"v\": 1}");
    });
    TeacherClient client = client(backend,
        settings("breaker-failures", 5, "max-retries", 6, "breaker-open-seconds", 1));
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(client.call(call("q" + i), ledger));
    }
    // Every call ends while the clock stands still: none waits out a backoff once the breaker opens.
    awaitAllWithoutTimePassing(calls);
    int unavailable = 0;
    for (Future<Integer> f : calls) {
      if (failure(f).reason() == Reason.UNAVAILABLE) {
        unavailable++;
      }
    }
    assertTrue(unavailable > 150, unavailable + " calls failed fast");
    assertTrue(backend.calls() < 60, backend.calls() + " requests reached the provider");
    assertEquals("open", client.stats().breakerState());

    down.set(false);
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, await(client.call(call("after"), ledger)), "the half-open probe succeeds");
    assertEquals("closed", client.stats().breakerState());
  }

  @Test
  void call_breakerOpens_callsWaitingOutARetryAfterFailAtOnce() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      throw ScriptedBackend.status(429, Duration.ofSeconds(20));
    });
    TeacherClient client = client(backend,
        settings("breaker-failures", 4, "max-concurrency", 8, "breaker-open-seconds", 30));
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(client.call(call("q" + i), ledger));
    }
    awaitAllWithoutTimePassing(calls);
    for (Future<Integer> f : calls) {
      assertEquals(Reason.UNAVAILABLE, failure(f).reason());
    }
    assertEquals(Duration.ZERO, clock.elapsed(), "the 20 s Retry-After was not waited out");
    assertEquals(0, clock.pending(), "no retry is left waiting");
    assertTrue(backend.calls() <= 8, backend.calls() + " requests");
  }

  @Test
  void call_budget_stopsHardAndKeepsWhatWasPaidFor() throws Exception {
    // 1 dollar per 1000 tokens; each answer costs 110 tokens = $0.11.
    ScriptedBackend backend = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{\"v\": " + n + "}"));
    TeacherSettings o = settings("max-concurrency", 1,
        "price-per-million-prompt-tokens", 1000, "price-per-million-completion-tokens", 1000);
    TeacherClient client = client(backend, o);
    TeacherLedger ledger = TeacherLedger.withBudget("j", 0.5);
    int done = 0;
    int stopped = 0;
    for (int i = 0; i < 10; i++) {
      try {
        await(client.call(call("q" + i), ledger));
        done++;
      } catch (ExecutionException e) {
        assertEquals(Reason.BUDGET_EXHAUSTED, ((TeacherException) e.getCause()).reason());
        stopped++;
      }
    }
    assertTrue(done >= 2 && stopped >= 1, done + " done, " + stopped + " stopped");
    assertTrue(ledger.usage().costDollars() <= 0.5, "spent " + ledger.usage().costDollars());
    assertEquals(done, backend.calls(), "no call was sent beyond the budget");
    assertEquals(0, ledger.reservedDollars());
    assertEquals(0, ledger.openReservations());
    assertEquals(stopped, ledger.failedCalls().get(0).count());
    assertEquals(Reason.BUDGET_EXHAUSTED, ledger.failedCalls().get(0).reason());
    TeacherLedger broke = TeacherLedger.withBudget("k", 0);
    assertEquals(0, await(client.call(call("q0"), broke)), "paid answers stay usable at no cost");
  }

  @Test
  void call_accounting_countsTokensAndCostAtConfiguredPrices() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) ->
        new ChatReply("{\"v\": 1}", true, "stop", 1000, 500, Map.of()));
    TeacherSettings o = settings("price-per-million-prompt-tokens", 2, "price-per-million-completion-tokens", 10);
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    await(client(backend, o).call(call("q"), ledger));
    assertEquals(1000, ledger.usage().promptTokens());
    assertEquals(500, ledger.usage().completionTokens());
    assertEquals(0.007, ledger.usage().costDollars(), 1e-12);
  }

  @Test
  void call_manyAtOnce_neverExceedTheConcurrencyCeiling() throws Exception {
    // Requests are held until four are in flight at once, so the ceiling is reached, not guessed.
    CountDownLatch fourInFlight = new CountDownLatch(4);
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      fourInFlight.countDown();
      try {
        assertTrue(fourInFlight.await(20, TimeUnit.SECONDS), "four requests in flight");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptedBackend.ok("{\"v\": 1}");
    });
    TeacherClient client = client(backend, settings("max-concurrency", 4));
    TeacherLedger ledger = TeacherLedger.unlimited("j");
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(client.call(call("q" + i), ledger));
    }
    for (Future<Integer> f : calls) {
      await(f);
    }
    assertEquals(4, backend.peak());
  }

  @Test
  void keyOf_ignoresMaxTokensButNotMessagesOrSampling() {
    TeacherClient client = client(new ScriptedBackend((r, n) -> null), settings());
    assertEquals(client.keyOf(call("q", 100, 0).request()), client.keyOf(call("q", 9000, 0).request()));
    assertNotEquals(client.keyOf(call("q", 100, 0).request()), client.keyOf(call("r", 100, 0).request()));
    assertNotEquals(client.keyOf(call("q", 100, 0).request()), client.keyOf(call("q", 100, 1).request()));
  }

  @Test
  void close_failsCallsUnderWay() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      entered.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        // close() interrupts the workers; the request ends as a transport failure would.
        Thread.currentThread().interrupt();
      }
      throw ScriptedBackend.status(500, null);
    });
    TeacherClient client = client(backend, settings());
    Future<Integer> f = client.call(call("q"), TeacherLedger.unlimited("j"));
    assertTrue(entered.await(20, TimeUnit.SECONDS));
    client.close();
    assertEquals(Reason.CLOSED, failure(f).reason());
    assertEquals(Reason.CLOSED, failure(client.call(call("r"), TeacherLedger.unlimited("j"))).reason());
  }

  /**
   * close() fails every call under way while the calls settle their own reservations on worker
   * threads: answers arriving, retries booking again, calls queued for a permit. Whoever comes
   * first, each reservation is settled once: nothing stays reserved, and every answer the provider
   * gave is paid exactly once.
   */
  @Test
  void close_racingCallsInFlight_settlesEveryReservationExactlyOnce() throws Exception {
    for (int round = 0; round < 40; round++) {
      clock = new FakeClock();
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger answered = new AtomicInteger();
      ScriptedBackend backend = new ScriptedBackend((r, n) -> {
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw ScriptedBackend.status(503, null);
        }
        if (n % 3 == 0) {
          throw ScriptedBackend.status(503, null);
        }
        answered.incrementAndGet();
        return ScriptedBackend.ok("{\"v\": 1}");
      });
      // 110 tokens an answer at $1000 per million: $0.11 each.
      FakeClock roundClock = clock;
      backend.onInFlightChange = roundClock::poke;
      TeacherClient client = client(backend, settings("max-concurrency", 4, "max-retries", 20,
          "price-per-million-prompt-tokens", 1000, "price-per-million-completion-tokens", 1000));
      TeacherLedger ledger = TeacherLedger.withBudget("race", 1_000);
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add(client.call(call("race " + round + " " + i), ledger));
      }
      clock.awaitState(() -> backend.inFlight() == 4);
      Thread closer = new Thread(client::close);
      release.countDown();
      closer.start();
      clock.advance(Duration.ofMillis(10));
      closer.join(20_000);
      awaitAllWithoutTimePassing(calls);
      assertTrue(client.awaitTermination(Duration.ofSeconds(20)), "the workers stopped");

      assertEquals(0, ledger.openReservations(), "round " + round + ": unsettled reservations");
      assertEquals(0.0, ledger.reservedDollars(), "round " + round);
      assertEquals(answered.get() * 0.11, ledger.spentDollars(), 1e-9,
          "round " + round + ": each of " + answered.get() + " answers paid once");
    }
  }

  @Test
  void call_expectedFailures_logNothingAtWarnAndAddUpInTheLedger() throws Exception {
    String marker = "quiet-" + UUID.randomUUID();
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      String prompt = r.turns().get(1).text();
      if (prompt.startsWith("junk")) {
        return ScriptedBackend.ok("no json here");
      }
      if (prompt.startsWith("down")) {
        throw ScriptedBackend.status(503, null);
      }
      return ScriptedBackend.ok("{\"v\": 1}");
    });
    TeacherClient client = client(backend, settings("max-concurrency", 1,
        "price-per-million-prompt-tokens", 1000, "price-per-million-completion-tokens", 1000));
    // Three attempts of the junk call cost $0.33; the budget then stops the paid calls after four.
    TeacherLedger ledger = TeacherLedger.withBudget("quiet", 0.8);
    assertEquals(Reason.INVALID_ANSWER, failure(client.call(call("junk", 256, 0, marker + "-junk"), ledger)).reason());
    assertEquals(Reason.RETRIES_EXHAUSTED, failure(client.call(call("down", 256, 0, marker + "-down"), ledger)).reason());
    List<Future<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(client.call(call("ok " + i, 256, 0, marker + "-" + i), ledger));
    }
    int stopped = 0;
    for (Future<Integer> f : calls) {
      try {
        await(f);
      } catch (ExecutionException e) {
        assertEquals(Reason.BUDGET_EXHAUSTED, assertInstanceOf(TeacherException.class, e.getCause()).reason());
        stopped++;
      }
    }
    assertTrue(stopped > 0, "the budget stopped some calls");

    List<String> lines = Files.readAllLines(LOG_FILE, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(marker))
        .toList();
    assertTrue(lines.stream().anyMatch(l -> l.contains(" DEBUG ")), "the failures are logged at debug:\n" + lines);
    for (String line : lines) {
      assertFalse(line.contains(" WARN ") || line.contains(" ERROR "), line);
    }
    Map<Reason, Long> byReason = new HashMap<>();
    ledger.failedCalls().forEach(f -> byReason.put(f.reason(), f.count()));
    assertEquals(1, byReason.get(Reason.INVALID_ANSWER));
    assertEquals(1, byReason.get(Reason.RETRIES_EXHAUSTED));
    assertEquals(stopped, byReason.get(Reason.BUDGET_EXHAUSTED));
    String summary = ledger.failureSummary().orElseThrow();
    assertTrue(summary.matches("\\d+ teacher calls failed: .*stopped by the budget.*; first: .*"), summary);
    assertTrue(summary.contains("1 got no valid answer") && summary.contains("1 failed through every retry"), summary);
  }
}
