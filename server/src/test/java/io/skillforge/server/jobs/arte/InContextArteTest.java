package io.skillforge.server.jobs.arte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.stat.WorldData;
import io.skillforge.skills.Example;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.TrainingProgress;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.synthesis.arte.Strategy;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-context proxy, with stand-ins for models behind endpoints (which learn in context, unlike
 * the built-in student): each draft is scored on its own, and the pairs follow the drafts' scores.
 */
class InContextArteTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A model that answers a question right when {@code knows} says so for its prompt. */
  private record Model(String name, Predicate<String> knows) implements Student {
    @Override
    public Future<List<Completion>> generate(List<String> prompts, Sampling sampling) {
      return Future.succeededFuture(prompts.stream().map(p -> {
        String question = p.substring(p.lastIndexOf("Question: ") < 0 ? 0 : p.lastIndexOf("Question: ") + 10);
        String answer = SkillWorld.parse(question.strip()).map(x -> x.answer()).orElse("?");
        return new Completion("The answer is " + (knows.test(p) ? answer : "wrong") + ".", 5, Completion.Finish.STOP);
      }).toList());
    }

    @Override
    public boolean trainable() {
      return false;
    }

    @Override
    public Future<FineTuneReport> fineTune(List<Example> examples, FineTuneSettings settings,
        Consumer<TrainingProgress> listener, Cancellation cancellation) {
      return Future.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public Future<Void> save(Path directory) {
      return Future.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public void close() {}
  }

  /** Learns from worked notes in the example, more so from examples with short questions. */
  private static boolean learnsFromNotes(String prompt) {
    if (!prompt.startsWith("Here is a solved example.")) {
      return prompt.length() % 3 == 0;
    }
    String demo = prompt.substring(0, prompt.indexOf("Solve the next question"));
    String demoQuestion = demo.substring(demo.indexOf("Question: "), demo.indexOf("\nSolution:"));
    boolean notes = demo.contains("\n* ");
    return notes ? (prompt.length() + demoQuestion.length()) % 4 != 0 : prompt.length() % 5 == 0;
  }

  @Test
  void everyDraftIsScoredOnItsOwn_andThePairsFollowTheDraftScores() throws Exception {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> validation = world.draw(200, 11, SkillMix.uniform(), 0.2, "val", "validation", true);
    List<Example> pool = world.draw(400, 13, SkillMix.uniform(), 0.2, "seed", "train", false);
    Model student = new Model("target", InContextArteTest::learnsFromNotes);
    List<Model> respondents = List.of(new Model("weak", p -> p.length() % 4 == 0),
        new Model("strong", p -> p.length() % 4 != 1), new Model("middling", p -> p.length() % 2 == 0));
    ArteRun.Result result = ArteRun.run(new ArteStudent.InContext(student, respondents, 64), pool, validation,
        List.of("add_carry"), Map.of("add_carry", 12), new NearDuplicateSet(0.8), null,
        new ArteRun.Settings(6, Strategy.DEFAULTS, 1, 1e-3, 0.4, 8, 10, 20),
        new ArteRun.Options(3, 1, 0.2, 400), dir, JobContext.silent());

    assertEquals(8, result.scores().size());
    Map<String, Map<String, Double>> draftScores = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("scores.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      assertEquals(6, n.get("draftScores").size(), "one score per draft of the cell: " + line);
      assertEquals(8, n.get("preferenceItems").asInt());
      Map<String, Double> byDraft = new HashMap<>();
      n.get("draftScores").fields().forEachRemaining(e -> byDraft.put(e.getKey(), e.getValue().asDouble()));
      draftScores.put(n.get("strategy").asText() + "/" + n.get("questionStyle").asText(), byDraft);
      double mean = byDraft.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertEquals(mean, n.get("score").asDouble(), 1e-9, "a cell's score is its drafts' mean");
    }
    Map<String, String> styleOf = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("drafts.jsonl"))) {
      JsonNode d = JSON.readTree(line);
      styleOf.put(d.get("id").asText(), d.get("questionStyle").asText());
    }
    List<String> audit = Files.readAllLines(dir.resolve("dpo-rationales.scores.jsonl"));
    assertTrue(audit.size() > 0);
    for (String line : audit) {
      JsonNode a = JSON.readTree(line);
      String id = a.get("chosenId").asText();
      double chosen = draftScores.get(a.get("chosenStrategy").asText() + "/" + styleOf.get(id)).get(id);
      double rejected = draftScores.get(a.get("rejectedStrategy").asText() + "/" + styleOf.get(id)).get(id);
      assertEquals(chosen, a.get("chosenScore").asDouble(), 1e-12);
      assertEquals(rejected, a.get("rejectedScore").asDouble(), 1e-12);
      assertTrue(chosen > rejected, line);
    }
    assertTrue(audit.stream().map(l -> l.contains("\"chosenStrategy\":\"scratch\"")
        || l.contains("\"chosenStrategy\":\"checked\"")).filter(b -> b).count() > audit.size() / 2,
        "the student learns from worked notes, so note strategies are chosen most");
  }

  @Test
  void discriminativeQuestions_comeFromTheRespondentsAnswers() {
    WorldData world = new WorldData(new NearDuplicateSet(0.8));
    List<Example> items = world.draw(60, 5, SkillMix.uniform(), 0, "q", "validation", true);
    // Items with an even-length question split the respondents; the others everyone gets right.
    List<Model> respondents = List.of(new Model("a", p -> p.length() % 2 == 1),
        new Model("b", p -> true), new Model("c", p -> p.length() % 2 == 1 || p.contains("1")),
        new Model("d", p -> p.length() % 2 == 1 || p.contains("2")));
    List<Example> picked = PreferenceSets.mostDiscriminative(items, respondents, 10, Cancellation.never());
    assertEquals(10, picked.size());
    for (Example e : picked) {
      assertEquals(0, e.question().length() % 2, "picked an item everyone answers alike: " + e.question());
    }
  }
}
