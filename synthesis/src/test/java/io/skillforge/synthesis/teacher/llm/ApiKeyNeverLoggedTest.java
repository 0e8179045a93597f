package io.skillforge.synthesis.teacher.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.TeacherException;
import io.skillforge.synthesis.teacher.TeacherFailure;
import io.skillforge.synthesis.teacher.TeacherLedger;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API key set in the environment reaches the provider and nothing else: no log line (ours,
 * LangChain4j's, the JDK's), no error message, no failure record. The provider here even echoes
 * the key in its 401 body, as OpenAI does with a part of it.
 */
class ApiKeyNeverLoggedTest {
  private static final Path LOG_FILE = Path.of("target", "skillforge-test.log");

  @TempDir Path dir;

  @Test
  void apiKey_fromTheEnvironment_appearsInNoLogLineNoMessageNoRecord() throws Exception {
    String key = "sk-skillforge-" + UUID.randomUUID();
    Map<String, String> env = Map.of("SKILLFORGE_TEST_TEACHER_KEY", key);

    List<String> julLines = new ArrayList<>();
    Handler jul = new Handler() {
      @Override
      public void publish(LogRecord r) {
        julLines.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
            + " " + (r.getThrown() == null ? "" : r.getThrown().toString()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    Level rootLevel = root.getLevel();
    root.addHandler(jul);
    root.setLevel(Level.ALL);
    PrintStream stdErr = System.err;
    PrintStream stdOut = System.out;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);

    Vertx vertx = Vertx.vertx();
    List<String> seen = new ArrayList<>();
    try {
      AtomicReference<String> authorization = new AtomicReference<>();
      HttpServer rejecting = vertx.createHttpServer()
          .requestHandler(req -> {
            authorization.set(req.getHeader("Authorization"));
            req.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                .end("{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}");
          })
          .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      TeacherSim sim = new TeacherSim(vertx, SimOptions.defaults().withFaults(0.3, 0.1, 99).withRetryAfterMs(5));
      sim.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      List<Example> items = new WorldGenerator(31, SkillMix.uniform(), 0.3).examples(40, "key", "train");
      TeacherLedger ledger = TeacherLedger.unlimited("key-test");
      TeacherSettings base = SimTeacherTest.settings(sim.baseUrl(), dir)
          .with(Map.of("kind", "openai", "api-key-env", "SKILLFORGE_TEST_TEACHER_KEY"));

      // A provider with faults: retries, re-asks and warnings get logged.
      try (TeacherClient client = TeacherClient.open(base, env)) {
        List<Label> labels = client.teacher(ledger).label(items, SkillWorld.catalog())
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        labels.forEach(l -> seen.add(String.valueOf(l)));
        seen.add(client.stats().toString());
      }
      // A provider that refuses the key and quotes it back.
      String rejectingUrl = "http://127.0.0.1:" + rejecting.actualPort() + "/v1";
      try (TeacherClient client = TeacherClient.open(
          base.with(Map.of("base-url", rejectingUrl, "cache-dir", "")), env)) {
        try {
          client.teacher(ledger).label(items.subList(0, 4), SkillWorld.catalog())
              .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
          throw new AssertionError("the rejecting provider answered");
        } catch (ExecutionException e) {
          TeacherUnavailableException unavailable =
              assertInstanceOf(TeacherUnavailableException.class, e.getCause());
          TeacherException te = assertInstanceOf(TeacherException.class, unavailable.getCause());
          assertEquals(TeacherException.Reason.REJECTED, te.reason());
          seen.add(unavailable.getMessage());
          seen.add(unavailable.toString());
          seen.add(te.toString());
        }
      }
      assertEquals("Bearer " + key, authorization.get(), "the key did reach the provider");
      for (TeacherFailure f : ledger.failures()) {
        seen.add(f.toString());
      }
      seen.add(ledger.usage().toString());
      seen.add(base.toString());
      sim.close();
      rejecting.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      System.setErr(stdErr);
      System.setOut(stdOut);
      root.removeHandler(jul);
      root.setLevel(rootLevel);
    }

    // The file holds this JVM's whole test run; none of it may hold the key.
    String logged = Files.readString(LOG_FILE, StandardCharsets.UTF_8);
    assertTrue(logged.contains("rejected the label request"), "the log capture works:\n" + logged);
    assertTrue(logged.contains("[redacted]"), "the quoted key was redacted, not dropped");
    assertFalse(logged.contains(key), "the log file holds the key");
    assertFalse(console.toString(StandardCharsets.UTF_8).contains(key), "the console shows the key");
    for (String line : julLines) {
      assertFalse(line.contains(key), "JDK logging shows the key: " + line);
    }
    for (String text : seen) {
      assertFalse(text.contains(key), "a result or message holds the key: " + text);
    }
    assertTrue(seen.stream().anyMatch(s -> s.contains("HTTP 401")), seen.toString());
  }
}
