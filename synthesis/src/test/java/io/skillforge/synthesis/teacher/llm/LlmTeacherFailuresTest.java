package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.SkillforgeException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.synthesis.teacher.CatalogRequest;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.TeacherException;
import io.skillforge.synthesis.teacher.TeacherException.Reason;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.cache.ResponseCache;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What callers of the LLM {@link io.skillforge.synthesis.teacher.Teacher} see when calls fail: the
 * typed errors of {@code io.skillforge.skills.errors} for a failure of the whole request, each with
 * the pipeline's reason as its cause, and per-item failures for failures of the call's items.
 */
class LlmTeacherFailuresTest {
  private final FakeClock clock = new FakeClock();
  private final List<Example> items =
      new WorldGenerator(41, SkillMix.uniform(), 0.3).examples(6, "fail", "train");

  private TeacherClient client(ScriptedBackend backend, Map<String, Object> changes) {
    TeacherSettings settings = TeacherSettings.defaults()
        .with(Map.of("kind", "openai-compatible", "cache-dir", "", "label-batch-size", 2,
            "requests-per-minute", 0, "tokens-per-minute", 0, "max-retries", 1))
        .with(changes);
    return new TeacherClient(backend, settings, ResponseCache.open(null, 100), clock);
  }

  private <E extends SkillforgeException> E failure(Class<E> type, Future<?> future, Reason reason)
      throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> clock.await(future));
    E typed = assertInstanceOf(type, e.getCause());
    assertEquals(reason, assertInstanceOf(TeacherException.class, typed.getCause()).reason());
    return typed;
  }

  @Test
  void label_budgetSpent_isABudgetSpentException() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{}"));
    try (TeacherClient client = client(backend, Map.of(
        "price-per-million-prompt-tokens", 1000, "price-per-million-completion-tokens", 1000))) {
      BudgetSpentException e = failure(BudgetSpentException.class,
          client.teacher(TeacherLedger.withBudget("b", 0.0001)).label(items, SkillWorld.catalog()),
          Reason.BUDGET_EXHAUSTED);
      assertTrue(e.getMessage().contains("--budget") && e.getMessage().contains("teacher.budget-dollars"),
          e.getMessage());
      assertEquals(0, backend.calls());
    }
  }

  @Test
  void label_keyRejected_isATeacherUnavailableExceptionWithTheDetail() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      throw ScriptedBackend.status(401, null);
    });
    try (TeacherClient client = client(backend, Map.of())) {
      TeacherUnavailableException e = failure(TeacherUnavailableException.class,
          client.teacher(TeacherLedger.unlimited("k")).label(items, SkillWorld.catalog()), Reason.REJECTED);
      assertTrue(e.getMessage().contains("rejected the label request") && e.getMessage().contains("HTTP 401"),
          e.getMessage());
    }
  }

  @Test
  void label_afterClose_isATeacherUnavailableException() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> ScriptedBackend.ok("{}"));
    TeacherClient client = client(backend, Map.of());
    client.close();
    failure(TeacherUnavailableException.class,
        client.teacher(TeacherLedger.unlimited("c")).label(items, SkillWorld.catalog()), Reason.CLOSED);
  }

  @Test
  void label_retriesExhausted_failsTheItemsNotTheRequest() throws Exception {
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      throw ScriptedBackend.status(500, null);
    });
    TeacherLedger ledger = TeacherLedger.unlimited("r");
    try (TeacherClient client = client(backend, Map.of())) {
      List<Label> labels = clock.await(client.teacher(ledger).label(items, SkillWorld.catalog()));
      assertEquals(items.size(), labels.size());
      for (Label label : labels) {
        assertFalse(label.ok());
        assertTrue(label.error().startsWith("gave up after 1 retries"), label.error());
      }
      assertEquals(items.size(), ledger.failures().size());
    }
  }

  /** A valid naming answer for the items the prompt shows: one made-up skill each. */
  private String namingAnswer(String prompt) {
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (Example item : items) {
      if (prompt.contains("\"" + item.id() + "\"")) {
        json.append(json.charAt(json.length() - 1) == '[' ? "" : ",")
            .append("{\"id\":\"").append(item.id()).append("\",\"skills\":[\"adding numbers\"]}");
      }
    }
    return json.append("]}").toString();
  }

  @Test
  void catalog_mergeOutOfRetries_isATeacherUnavailableException() throws Exception {
    // Naming answers are valid; the merge call (the last request) keeps failing.
    ScriptedBackend backend = new ScriptedBackend((r, n) -> {
      if (r.schemaName().contains("merge")) {
        throw ScriptedBackend.status(503, null);
      }
      return ScriptedBackend.ok(namingAnswer(r.turns().get(1).text()));
    });
    try (TeacherClient client = client(backend, Map.of())) {
      failure(TeacherUnavailableException.class,
          client.teacher(TeacherLedger.unlimited("m")).catalog(new CatalogRequest(items, 4)),
          Reason.RETRIES_EXHAUSTED);
    }
  }
}
