package io.skillforge.server.cli.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.cli.Cli;
import io.skillforge.server.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StudentCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TINY = {"--dim", "32", "--layers", "1", "--heads", "2",
      "--context", "48"};

  @TempDir static Path dir;
  static Path data;
  static Path checkpoint;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** First-letter items: {"question": "first abc", "answer": "a", "skills": ["first_letter"]}. */
  static List<String> lines(int n, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String word = "";
      for (int k = 0; k < 4; k++) {
        word += (char) ('a' + random.nextInt(6));
      }
      String skill = i % 2 == 0 ? "first_letter" : "last_letter";
      String answer = i % 2 == 0 ? word.substring(0, 1) : word.substring(3);
      lines.add("{\"question\": \"" + (i % 2 == 0 ? "first " : "last ") + word
          + "\", \"rationale\": \"\", \"answer\": \"" + answer + "\", \"skills\": [\"" + skill
          + "\"]}");
    }
    return lines;
  }

  @BeforeAll
  static void trainOnce() throws Exception {
    data = dir.resolve("data.jsonl");
    Files.write(data, lines(200, 1));
    checkpoint = dir.resolve("ckpt");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    List<String> args = new ArrayList<>(List.of("student", "train", "--data", data.toString(),
        "--steps", "30", "--out", checkpoint.toString(), "--seed", "3", "--log-every", "10"));
    args.addAll(List.of(TINY));
    int code = Cli.execute(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(0, code, e.toString());
  }

  private int run(String... args) {
    return Cli.execute(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void train_writesCheckpoint_printsProgressAndSummary() throws Exception {
    Path target = dir.resolve("again");
    List<String> args = new ArrayList<>(List.of("student", "train", "--data", data.toString(),
        "--steps", "20", "--out", target.toString(), "--log-every", "5"));
    args.addAll(List.of(TINY));
    assertEquals(0, run(args.toArray(String[]::new)), err.toString());
    assertTrue(Files.isRegularFile(target.resolve("model.params")));
    assertTrue(Files.isRegularFile(target.resolve("config.json")));
    assertTrue(err.toString().contains("train: 20/20 steps"), err.toString());
    assertTrue(err.toString().contains("tok/s"), err.toString());
    JsonNode summary = JSON.readTree(out.toString().strip());
    assertEquals(20, summary.get("steps").asInt());
    assertEquals(200, summary.get("examples").asInt());
  }

  @Test
  void train_fromInit_addsARunToTheCheckpointHistory() throws Exception {
    Path target = dir.resolve("tuned");
    assertEquals(0, run("student", "train", "--data", data.toString(), "--init",
        checkpoint.toString(), "--steps", "5", "--out", target.toString()), err.toString());
    JsonNode config = JSON.readTree(target.resolve("config.json").toFile());
    assertEquals(2, config.get("training").size());
    assertEquals(35, config.get("totalSteps").asInt());
    assertEquals(32, config.at("/model/dModel").asInt());
  }

  @Test
  void train_rejectedLines_exitPartialAndNameThem() throws Exception {
    Path mixed = dir.resolve("mixed.jsonl");
    List<String> lines = new ArrayList<>(lines(20, 2));
    lines.add(3, "{broken");
    Files.write(mixed, lines);
    List<String> args = new ArrayList<>(List.of("student", "train", "--data", mixed.toString(),
        "--steps", "2", "--out", dir.resolve("partial").toString()));
    args.addAll(List.of(TINY));
    assertEquals(ExitCodes.PARTIAL, run(args.toArray(String[]::new)));
    assertTrue(err.toString().contains("line 4"), err.toString());
  }

  @Test
  void train_otherFieldNames_readWithTheDatasetLayoutOptions() throws Exception {
    Path renamed = dir.resolve("renamed.jsonl");
    Files.write(renamed, lines(20, 6).stream()
        .map(l -> l.replace("\"question\"", "\"prompt\"").replace("\"answer\"", "\"target\""))
        .toList());
    List<String> args = new ArrayList<>(List.of("student", "train", "--data", renamed.toString(),
        "--steps", "2", "--out", dir.resolve("renamed-out").toString()));
    args.addAll(List.of(TINY));
    assertEquals(ExitCodes.USAGE, run(args.toArray(String[]::new)));
    assertTrue(err.toString().contains("no usable item"), err.toString());

    out.getBuffer().setLength(0);
    args.addAll(List.of("--question-field", "prompt", "--answer-field", "target"));
    assertEquals(0, run(args.toArray(String[]::new)), err.toString());
    assertEquals(20, JSON.readTree(out.toString().strip()).get("examples").asInt());
  }

  @Test
  void train_missingData_isUsageError() {
    assertEquals(ExitCodes.USAGE, run("student", "train", "--data", dir.resolve("nope").toString(),
        "--steps", "2", "--out", dir.resolve("x").toString()));
    assertTrue(err.toString().contains("no such dataset file"), err.toString());
  }

  @Test
  void probe_writesItemsAndSummary() throws Exception {
    Path test = dir.resolve("test.jsonl");
    Files.write(test, lines(30, 9));
    Path results = dir.resolve("probe.jsonl");
    assertEquals(0, run("student", "probe", "--model", checkpoint.toString(), "--data",
        test.toString(), "--out", results.toString(), "--max-tokens", "24"), err.toString());
    List<String> lines = Files.readAllLines(results);
    assertEquals(30, lines.size());
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals("first_letter", first.get("skills").get(0).asText());
    assertEquals(1, first.get("responses").size());
    JsonNode summary = JSON.readTree(dir.resolve("probe.summary.json").toFile());
    assertEquals(30, summary.get("items").asInt());
    assertEquals(15, summary.at("/perSkill/first_letter/items").asInt());
    assertEquals(15, summary.at("/perSkill/last_letter/items").asInt());
    assertEquals(summary, JSON.readTree(out.toString().strip()));
  }

  @Test
  void probe_samples_drawsKResponsesPerItem() throws Exception {
    Path test = dir.resolve("few.jsonl");
    Files.write(test, lines(4, 10));
    Path results = dir.resolve("sampled.jsonl");
    Path summaryFile = dir.resolve("sampled-summary.json");
    assertEquals(0, run("student", "probe", "--model", checkpoint.toString(), "--data",
        test.toString(), "--samples", "3", "--temperature", "0.8", "--out", results.toString(),
        "--summary", summaryFile.toString(), "--max-tokens", "24"), err.toString());
    assertEquals(3, JSON.readTree(Files.readAllLines(results).get(0)).get("responses").size());
    assertEquals(3, JSON.readTree(summaryFile.toFile()).get("samplesPerItem").asInt());
  }

  @Test
  void probe_exclude_skipsItemsWhoseQuestionIsInTheOtherSet() throws Exception {
    Path test = dir.resolve("overlap.jsonl");
    // Training words use the letters a-f only, so these five questions are new.
    List<String> lines = new ArrayList<>();
    for (String word : List.of("xyzx", "zzxy", "yxzz", "xxyz", "zyxy")) {
      lines.add("{\"question\": \"first " + word + "\", \"answer\": \"" + word.charAt(0)
          + "\", \"skills\": [\"first_letter\"]}");
    }
    lines.addAll(Files.readAllLines(data).subList(0, 3));
    Files.write(test, lines);
    Path results = dir.resolve("held-out.jsonl");
    assertEquals(0, run("student", "probe", "--model", checkpoint.toString(), "--data",
        test.toString(), "--exclude", data.toString(), "--out", results.toString(),
        "--max-tokens", "24"), err.toString());
    assertEquals(5, Files.readAllLines(results).size());
    assertTrue(err.toString().contains("left out 3 of 8"), err.toString());
  }

  /**
   * Runs {@code body} with {@code student.checkpoint} set to {@code checkpointDir} through the
   * configuration file of the install directory ({@code skillforge.home}).
   */
  private void withConfiguredCheckpoint(Path checkpointDir, ThrowingRunnable body) throws Exception {
    Assumptions.assumeTrue(System.getenv("SKILLFORGE_CONFIG") == null
        && System.getenv("SKILLFORGE_STUDENT_CHECKPOINT") == null
        && System.getenv("SKILLFORGE_STUDENT_KIND") == null
        && !Files.exists(Path.of("conf", "skillforge.yaml")),
        "the environment or working directory configures the student itself");
    Path home = Files.createTempDirectory(dir, "home");
    Files.createDirectories(home.resolve("conf"));
    Files.writeString(home.resolve("conf").resolve("skillforge.yaml"),
        "student:\n  kind: builtin\n  checkpoint: " + checkpointDir + "\n");
    String before = System.getProperty("skillforge.home");
    System.setProperty("skillforge.home", home.toString());
    try {
      body.run();
    } finally {
      if (before == null) {
        System.clearProperty("skillforge.home");
      } else {
        System.setProperty("skillforge.home", before);
      }
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void probe_withoutFlags_usesTheConfiguredCheckpoint() throws Exception {
    Path test = dir.resolve("configured.jsonl");
    Files.write(test, lines(6, 12));
    assertEquals(0, run("student", "probe", "--model", checkpoint.toString(), "--data",
        test.toString(), "--out", dir.resolve("flag-out.jsonl").toString(), "--max-tokens", "24"),
        err.toString());
    JsonNode byFlag = JSON.readTree(out.toString());
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    withConfiguredCheckpoint(checkpoint, () -> assertEquals(0, run("student", "probe", "--data",
        test.toString(), "--out", dir.resolve("config-out.jsonl").toString(), "--max-tokens",
        "24"), err.toString()));
    assertTrue(err.toString().contains("probing ckpt"), err.toString());
    assertEquals(byFlag.get("perSkill"), JSON.readTree(out.toString()).get("perSkill"));
  }

  @Test
  void probeAndServe_configuredCheckpointMissing_usageErrorNamesPathAndSetting() throws Exception {
    Path missing = dir.resolve("not-trained-yet");
    withConfiguredCheckpoint(missing, () -> {
      assertEquals(ExitCodes.USAGE, run("student", "probe", "--data", data.toString(), "--out",
          dir.resolve("o.jsonl").toString()));
      assertEquals(ExitCodes.USAGE, run("student", "serve", "--port", "0"));
    });
    String errors = err.toString();
    assertEquals(2, errors.split(missing + " does not exist", -1).length - 1, errors);
    assertTrue(errors.contains("student.checkpoint"), errors);
    assertTrue(errors.contains("SKILLFORGE_STUDENT_CHECKPOINT"), errors);
  }

  /** Same questions, each line with the given weight (null: no weight field). */
  private static Path weighted(String name, java.util.function.IntFunction<Double> weight)
      throws Exception {
    List<String> base = lines(32, 4);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      Double w = weight.apply(i);
      String line = base.get(i);
      out.add(w == null ? line
          : line.substring(0, line.length() - 1) + ", \"weight\": " + w + "}");
    }
    Path file = dir.resolve(name);
    Files.write(file, out);
    return file;
  }

  private double firstLoss(Path file, String weighting) throws Exception {
    out.getBuffer().setLength(0);
    List<String> args = new ArrayList<>(List.of("student", "train", "--data", file.toString(),
        "--steps", "1", "--batch-size", "8", "--seed", "5", "--weighting", weighting, "--out",
        dir.resolve("w-" + weighting + "-" + file.getFileName()).toString()));
    args.addAll(List.of(TINY));
    assertEquals(0, run(args.toArray(String[]::new)), err.toString());
    return JSON.readTree(out.toString().strip()).get("firstLoss").asDouble();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sample", "loss"})
  void train_weightsInTheData_reachTraining(String weighting) throws Exception {
    // 32 equal weights of 0.5 average to exactly 0.5, so relative weights are exactly 1: the same
    // run as without weights. Uneven weights change what the first step sees.
    double none = firstLoss(weighted("none.jsonl", i -> null), weighting);
    double even = firstLoss(weighted("even.jsonl", i -> 0.5), weighting);
    double uneven = firstLoss(weighted("uneven.jsonl", i -> i % 4 == 0 ? 6.0 : 0.25), weighting);
    assertEquals(none, even, "equal weights train like no weights");
    assertNotEquals(none, uneven, "uneven weights must change the first step");
  }

  @Test
  void serve_answersOverHttp_untilInterrupted() throws Exception {
    Pattern listening = Pattern.compile("serving ckpt on (http://\\S+/v1)");
    CompletableFuture<Matcher> line = new CompletableFuture<>();
    StringWriter serveOut = new StringWriter() {
      @Override
      public void flush() {
        Matcher m = listening.matcher(toString());
        if (m.find()) {
          line.complete(m);
        }
      }
    };
    AtomicInteger code = new AtomicInteger(-1);
    Thread serving = new Thread(() -> code.set(Cli.execute(new PrintWriter(serveOut, true),
        new PrintWriter(err, true), "student", "serve", "--model", checkpoint.toString(),
        "--port", "0")));
    serving.start();
    Matcher m = line.get(60, TimeUnit.SECONDS);
    HttpResponse<String> models = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/models")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, models.statusCode());
    assertTrue(models.body().contains("\"ckpt\""), models.body());

    Path test = dir.resolve("remote.jsonl");
    Files.write(test, lines(6, 11));
    StringWriter probeOut = new StringWriter();
    assertEquals(0, Cli.execute(new PrintWriter(probeOut), new PrintWriter(err), "student",
        "probe", "--endpoint", m.group(1), "--endpoint-model", "ckpt", "--data", test.toString(),
        "--out", dir.resolve("remote-out.jsonl").toString(), "--max-tokens", "24"), err.toString());
    assertEquals(0, run("student", "probe", "--model", checkpoint.toString(), "--data",
        test.toString(), "--out", dir.resolve("local-out.jsonl").toString(), "--max-tokens", "24"));
    assertEquals(JSON.readTree(probeOut.toString()).get("perSkill"),
        JSON.readTree(out.toString()).get("perSkill"));

    serving.interrupt();
    serving.join(60_000);
    assertEquals(0, code.get(), err.toString());
  }
}
