package io.skillforge.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.CatalogFiles;
import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.dataset.ExampleJson;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldJsonl;
import io.skillforge.synthesis.teacher.sim.SimOptions;
import io.skillforge.synthesis.teacher.sim.TeacherSim;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skills catalog} and {@code skills label}, with the built-in teacher and with teacher-sim over HTTP. */
class SkillsCommandTest {
  private static Vertx vertx;
  private static TeacherSim sim;
  @TempDir Path dir;
  private String home;
  private Path dataset;

  @BeforeAll
  static void startSim() throws Exception {
    vertx = Vertx.vertx();
    sim = new TeacherSim(vertx, SimOptions.defaults());
    sim.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopSim() throws Exception {
    sim.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A configuration home whose profiles point at this test's teacher-sim and cache. */
  @BeforeEach
  void configure() throws Exception {
    home = System.getProperty("skillforge.home");
    Path conf = Files.createDirectories(dir.resolve("home").resolve("conf"));
    Files.writeString(conf.resolve("skillforge.yaml"), String.join("\n",
        "teacher:",
        "  cache-dir: " + dir.resolve("cache"),
        "  label-batch-size: 4",
        "  retry-base-ms: 5",
        "  profiles:",
        "    test-sim:",
        "      kind: openai-compatible",
        "      base-url: " + sim.baseUrl(),
        "      model: skillworld-teacher",
        "    pricey-sim:",
        "      kind: openai-compatible",
        "      base-url: " + sim.baseUrl(),
        "      cache-dir: " + dir.resolve("pricey-cache"),
        "      max-concurrency: 1",
        "      price-per-million-prompt-tokens: 1000",
        "      price-per-million-completion-tokens: 1000",
        ""));
    System.setProperty("skillforge.home", dir.resolve("home").toString());
    dataset = dir.resolve("items.jsonl");
    assertEquals(0, CliTest.run("world", "generate", "--count", "60", "--seed", "5", "--out", dataset.toString()).code());
  }

  @AfterEach
  void restore() {
    if (home == null) {
      System.clearProperty("skillforge.home");
    } else {
      System.setProperty("skillforge.home", home);
    }
  }

  private List<Example> truth() throws Exception {
    return Files.readAllLines(dataset).stream().map(WorldJsonl::parse).toList();
  }

  @Test
  void catalog_builtin_writesTheWorldSkillsItSaw() throws Exception {
    Path out = dir.resolve("catalog.json");
    CliTest.Run run = CliTest.run("skills", "catalog", "--dataset", dataset.toString(), "--out", out.toString(),
        "--teacher", "builtin", "--max-skills", "50");
    assertEquals(ExitCodes.OK, run.code(), run.err());
    SkillCatalog catalog = CatalogFiles.read(out);
    assertFalse(catalog.skills().isEmpty());
    SkillWorld.catalog().requireKnown(catalog.ids());
    for (Example e : truth()) {
      catalog.requireKnown(e.skills());
    }
    assertTrue(run.out().contains(catalog.ids().get(0)), run.out());
  }

  @Test
  void catalog_simOverHttp_equalsTheBuiltinOne() throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    assertEquals(ExitCodes.OK, CliTest.run("skills", "catalog", "--dataset", dataset.toString(),
        "--out", a.toString(), "--teacher", "builtin", "--max-skills", "6").code());
    CliTest.Run run = CliTest.run("skills", "catalog", "--dataset", dataset.toString(),
        "--out", b.toString(), "--teacher", "test-sim", "--max-skills", "6");
    assertEquals(ExitCodes.OK, run.code(), run.err());
    assertEquals(CatalogFiles.read(a), CatalogFiles.read(b));
    assertTrue(run.err().contains("estimate"), run.err());
  }

  @Test
  void label_simOverHttp_labelsEveryItemAndTheRerunIsFree() throws Exception {
    Path out = dir.resolve("labelled.jsonl");
    CliTest.Run first = CliTest.run("skills", "label", "--dataset", dataset.toString(),
        "--catalog", writeWorldCatalog().toString(), "--out", out.toString(), "--teacher", "test-sim");
    assertEquals(ExitCodes.OK, first.code(), first.err());
    List<Example> labelled = Files.readAllLines(out, StandardCharsets.UTF_8).stream().map(ExampleJson::fromJson).toList();
    List<Example> truth = truth();
    assertEquals(truth.size(), labelled.size());
    for (int i = 0; i < truth.size(); i++) {
      assertEquals(truth.get(i).id(), labelled.get(i).id());
      assertEquals(truth.get(i).skills(), labelled.get(i).skills());
      assertEquals("openai-compatible:skillworld-teacher", labelled.get(i).provenance().teacher());
    }
    long calls = sim.stats().chatCalls();
    CliTest.Run second = CliTest.run("skills", "label", "--dataset", dataset.toString(),
        "--catalog", writeWorldCatalog().toString(), "--out", out.toString(), "--teacher", "test-sim");
    assertEquals(ExitCodes.OK, second.code(), second.err());
    assertEquals(calls, sim.stats().chatCalls(), "the re-run made no HTTP call");
    assertTrue(second.err().contains("15 already cached"), second.err());
    assertEquals(truth.size(), Files.readAllLines(out).size());
  }

  @Test
  void label_budgetReached_stopsKeepingFinishedItems() throws Exception {
    Path out = dir.resolve("partial.jsonl");
    CliTest.Run run = CliTest.run("skills", "label", "--dataset", dataset.toString(),
        "--catalog", writeWorldCatalog().toString(), "--out", out.toString(), "--teacher", "pricey-sim",
        "--budget", "3");
    assertEquals(ExitCodes.FAILURE, run.code(), run.err());
    assertTrue(run.err().contains("budget"), run.err());
    assertTrue(run.err().contains("resumes from the teacher's response cache"), run.err());
    assertEquals(1, run.err().lines().filter(l -> l.matches("\\d+ teacher calls? failed: .*")).count(),
        "one summary line of the failed calls:\n" + run.err());
    assertTrue(run.err().contains("stopped by the budget"), run.err());
    assertTrue(Files.exists(dir.resolve("partial.jsonl.failures.jsonl")));
    int kept = Files.readAllLines(out).size();
    assertTrue(kept > 0 && kept < 60, kept + " items kept");
    for (String line : Files.readAllLines(out)) {
      assertFalse(ExampleJson.fromJson(line).skills().isEmpty(), "only finished items are written");
    }
  }

  @Test
  void label_unknownTeacher_isAUsageError() throws Exception {
    CliTest.Run run = CliTest.run("skills", "label", "--dataset", dataset.toString(),
        "--catalog", writeWorldCatalog().toString(), "--out", dir.resolve("x.jsonl").toString(),
        "--teacher", "nobody");
    assertEquals(ExitCodes.USAGE, run.code());
    assertTrue(run.err().contains("unknown teacher 'nobody'"), run.err());
  }

  @Test
  void label_brokenLines_areRejectedAndTheRestLabelled() throws Exception {
    Files.writeString(dataset, "{not json\n", java.nio.file.StandardOpenOption.APPEND);
    Path out = dir.resolve("labelled.jsonl");
    CliTest.Run run = CliTest.run("skills", "label", "--dataset", dataset.toString(),
        "--catalog", writeWorldCatalog().toString(), "--out", out.toString(), "--teacher", "builtin");
    assertEquals(ExitCodes.PARTIAL, run.code(), run.err());
    assertEquals(60, Files.readAllLines(out).size());
    assertTrue(run.err().contains("rejected"), run.err());
  }

  private Path writeWorldCatalog() throws Exception {
    Path file = dir.resolve("world-catalog.json");
    CatalogFiles.write(SkillWorld.catalog(), file);
    return file;
  }
}
