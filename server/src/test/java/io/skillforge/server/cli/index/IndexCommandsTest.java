package io.skillforge.server.cli.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.cli.Cli;
import io.skillforge.server.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Cli.execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private Path smallDataset() throws IOException {
    return write("small.jsonl",
        "{\"id\":\"a\",\"question\":\"Ann has 3 apples and buys 4 more apples\",\"answer\":\"7\",\"rationale\":\"3 + 4 = 7\",\"skills\":[\"addition\"]}",
        "{\"id\":\"b\",\"question\":\"Bob has 9 pears and gives away 2 pears\",\"answer\":\"7\",\"skills\":[\"subtraction\"]}",
        "{\"id\":\"c\",\"question\":\"Cid packs 12 eggs into boxes of 4 eggs\",\"answer\":\"3\",\"skills\":[\"division\",\"counting\"],\"split\":\"test\"}",
        "{\"id\":\"d\",\"question\":\"Dee has 5 bags of 6 sweets each\",\"answer\":\"30\",\"skills\":[\"multiplication\",\"addition\"]}");
  }

  @Test
  void import_thenStatsJson_countsEverything() throws Exception {
    Path index = dir.resolve("index");

    assertEquals(ExitCodes.OK, run("index", "import", "--dataset", smallDataset().toString(), "--index", index.toString()));
    assertTrue(out.toString().contains("imported 4 examples"), out.toString());

    assertEquals(ExitCodes.OK, run("index", "stats", "--index", index.toString(), "--json"));
    String[] lines = out.toString().strip().split("\n");
    assertEquals(1, lines.length, out.toString());
    JsonNode stats = JSON.readTree(lines[0]);
    assertEquals(4, stats.get("documents").asLong());
    assertEquals(2, stats.get("perSkill").get("addition").asLong());
    assertEquals(1, stats.get("perSkill").get("counting").asLong());
    assertEquals(5, stats.get("perSkill").size());
    assertEquals(4, stats.get("perSource").get("imported").asLong());
    assertEquals(3, stats.get("perSplit").get("train").asLong());
    assertEquals(1, stats.get("perSplit").get("test").asLong());
  }

  @Test
  void import_sameFileTwice_replacesInsteadOfDuplicating() throws Exception {
    Path index = dir.resolve("index");
    Path data = smallDataset();
    run("index", "import", "--dataset", data.toString(), "--index", index.toString());

    assertEquals(ExitCodes.OK, run("index", "import", "--dataset", data.toString(), "--index", index.toString(), "--duplicates", "reject"));

    run("index", "stats", "--index", index.toString(), "--json");
    assertEquals(4, JSON.readTree(out.toString()).get("documents").asLong());
  }

  @Test
  void import_badLines_namesEachAndExitsPartial() throws Exception {
    Path data = write("mixed.jsonl",
        "{\"question\":\"good one about kites\",\"answer\":\"1\"}",
        "{\"question\":\"broken json\", \"answer\":",
        "{\"question\":\"no answer field here\"}",
        "",
        "[1, 2, 3]",
        "{\"question\":\"second good line about boats\",\"answer\":\"2\"}");
    Path index = dir.resolve("index");

    int code = run("index", "import", "--dataset", data.toString(), "--index", index.toString());

    assertEquals(ExitCodes.PARTIAL, code, err.toString());
    String errors = err.toString();
    assertTrue(errors.contains("line 2:"), errors);
    assertTrue(errors.contains("line 3:"), errors);
    assertTrue(errors.contains("line 5:"), errors);
    assertFalse(errors.contains("line 1:") || errors.contains("line 4:") || errors.contains("line 6:"), errors);
    run("index", "stats", "--index", index.toString(), "--json");
    assertEquals(2, JSON.readTree(out.toString()).get("documents").asLong());
  }

  @Test
  void import_fieldMapping_readsOtherNames() throws Exception {
    Path data = write("mapped.jsonl",
        "{\"key\":\"k1\",\"prompt\":\"What is two plus two\",\"solution\":\"2+2=4\",\"final\":\"4\",\"tags\":[\"addition\"],\"w\":2.5}");
    Path index = dir.resolve("index");

    assertEquals(ExitCodes.OK, run("index", "import", "--dataset", data.toString(), "--index", index.toString(),
        "--id-field", "key", "--question-field", "prompt", "--rationale-field", "solution",
        "--answer-field", "final", "--skills-field", "tags", "--weight-field", "w", "--split", "dev"));

    assertEquals(ExitCodes.OK, run("index", "search", "--index", index.toString(), "--skill", "addition"));
    JsonNode hit = JSON.readTree(out.toString().strip());
    assertEquals("k1", hit.get("id").asText());
    assertEquals("2+2=4", hit.get("rationale").asText());
    assertEquals("4", hit.get("answer").asText());
    assertEquals("dev", hit.get("split").asText());
    assertEquals(2.5, hit.get("weight").asDouble());
  }

  @Test
  void import_nearDuplicateUnderReject_exitsPartialAndNamesIt() throws Exception {
    Path data = write("dups.jsonl",
        "{\"id\":\"x\",\"question\":\"A baker makes 48 rolls each morning and sells them in bags of six rolls\",\"answer\":\"8\"}",
        "{\"id\":\"y\",\"question\":\"A baker makes 48 rolls each morning, and sells them in bags of six rolls!\",\"answer\":\"8\"}");
    Path index = dir.resolve("index");

    assertEquals(ExitCodes.PARTIAL, run("index", "import", "--dataset", data.toString(), "--index", index.toString(), "--duplicates", "reject"));

    assertTrue(err.toString().contains("example y nearly duplicates x"), err.toString());
    run("index", "stats", "--index", index.toString(), "--json");
    assertEquals(1, JSON.readTree(out.toString()).get("documents").asLong());
  }

  @Test
  void search_filtersAndQuery_printJsonLinesWithScores() throws Exception {
    Path index = dir.resolve("index");
    run("index", "import", "--dataset", smallDataset().toString(), "--index", index.toString());

    assertEquals(ExitCodes.OK, run("index", "search", "--index", index.toString(), "--skill", "addition", "--skill", "division"));
    List<String> ids = ids(out.toString());
    assertEquals(List.of("a", "c", "d"), ids.stream().sorted().toList());

    run("index", "search", "--index", index.toString(), "--skill", "addition", "--skill", "multiplication", "--skill-match", "all");
    assertEquals(List.of("d"), ids(out.toString()));

    run("index", "search", "--index", index.toString(), "--query", "apples", "--limit", "5");
    JsonNode top = JSON.readTree(out.toString().strip().split("\n")[0]);
    assertEquals("a", top.get("id").asText());
    assertTrue(top.get("score").asDouble() > 0);
    assertEquals("3 + 4 = 7", top.get("rationale").asText());

    run("index", "search", "--index", index.toString(), "--split", "test");
    assertEquals(List.of("c"), ids(out.toString()));

    run("index", "search", "--index", index.toString(), "--source", "seed");
    assertEquals(List.of(), ids(out.toString()));
  }

  @Test
  void stats_missingIndex_isUsageError() {
    assertEquals(ExitCodes.USAGE, run("index", "stats", "--index", dir.resolve("nothing").toString(), "--json"));
    assertTrue(err.toString().contains("no index at"), err.toString());
    assertFalse(Files.exists(dir.resolve("nothing")));
  }

  @Test
  void import_missingDataset_isUsageError() {
    assertEquals(ExitCodes.USAGE, run("index", "import", "--dataset", dir.resolve("none.jsonl").toString(),
        "--index", dir.resolve("index").toString()));
  }

  @Test
  void import_gsm8kTrainAndTest_givesExactCounts() throws Exception {
    Path gsm8k = io.skillforge.skills.Gsm8kFiles.require("train.jsonl").getParent();
    Path index = dir.resolve("gsm8k");

    assertEquals(ExitCodes.OK, run("index", "import", "--dataset", gsm8k.resolve("train.jsonl").toString(),
        "--format", "gsm8k", "--index", index.toString(), "--json"));
    assertEquals(7473, JSON.readTree(out.toString()).get("indexed").asLong());
    assertEquals(ExitCodes.OK, run("index", "import", "--dataset", gsm8k.resolve("test.jsonl").toString(),
        "--format", "gsm8k", "--index", index.toString(), "--json"));
    assertEquals(1319, JSON.readTree(out.toString()).get("indexed").asLong());

    run("index", "stats", "--index", index.toString(), "--json");
    JsonNode stats = JSON.readTree(out.toString());
    assertEquals(8792, stats.get("documents").asLong());
    assertEquals(7473, stats.get("perSplit").get("train").asLong());
    assertEquals(1319, stats.get("perSplit").get("test").asLong());

    run("index", "search", "--index", index.toString(), "--query", "Natalia sold clips to her friends in April", "--limit", "1");
    JsonNode natalia = JSON.readTree(out.toString().strip());
    assertEquals("train-1", natalia.get("id").asText());
    assertEquals("72", natalia.get("answer").asText());
    assertTrue(natalia.get("rationale").asText().endsWith("72 clips altogether in April and May."), natalia.toString());

    Path messages = dir.resolve("out/test-messages.jsonl");
    assertEquals(ExitCodes.OK, run("index", "export", "--index", index.toString(), "--split", "test",
        "--format", "messages", "--out", messages.toString()));
    List<String> lines = Files.readAllLines(messages, StandardCharsets.UTF_8);
    assertEquals(1319, lines.size());
    for (String line : lines) {
      JsonNode assistant = JSON.readTree(line).at("/messages/1");
      assertEquals("assistant", assistant.get("role").asText());
      assertTrue(assistant.get("content").asText().matches("(?s).+\\nThe answer is [-0-9.,]+\\."), line);
    }
  }

  @Test
  void export_skillFilterAsPromptCompletion_writesOnlyMatchingExamples() throws Exception {
    Path index = dir.resolve("index");
    run("index", "import", "--dataset", smallDataset().toString(), "--index", index.toString());
    Path file = dir.resolve("addition.jsonl");

    assertEquals(ExitCodes.OK, run("index", "export", "--index", index.toString(), "--skill", "addition",
        "--format", "prompt-completion", "--out", file.toString()));

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> prompts = new ArrayList<>();
    for (String line : lines) {
      prompts.add(JSON.readTree(line).get("prompt").asText());
    }
    prompts.sort(null);
    assertEquals(List.of("Ann has 3 apples and buys 4 more apples", "Dee has 5 bags of 6 sweets each"), prompts);
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"3 + 4 = 7\\nThe answer is 7.\"")), lines.toString());
    assertTrue(err.toString().contains("wrote 2 examples"), err.toString());
    try (var listing = Files.list(dir)) {
      assertFalse(listing.anyMatch(p -> p.toString().endsWith(".partial")), "no partial file left behind");
    }
  }

  @Test
  void export_unknownFormat_isUsageErrorAndWritesNothing() throws Exception {
    Path index = dir.resolve("index");
    run("index", "import", "--dataset", smallDataset().toString(), "--index", index.toString());
    Path file = dir.resolve("x.jsonl");
    assertEquals(ExitCodes.USAGE, run("index", "export", "--index", index.toString(), "--format", "csv", "--out", file.toString()));
    assertFalse(Files.exists(file));
    assertTrue(err.toString().contains("csv"), err.toString());
  }

  private static List<String> ids(String jsonLines) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : jsonLines.strip().split("\n")) {
      if (!line.isBlank()) {
        ids.add(JSON.readTree(line).get("id").asText());
      }
    }
    return ids;
  }
}
