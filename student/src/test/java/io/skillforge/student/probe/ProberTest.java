package io.skillforge.student.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.concurrent.Await;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.world.Problem;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.TrainingProgress;
import io.vertx.core.Future;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProberTest {
  /** Answers each prompt with a scripted function of the prompt and its row; records calls. */
  private static final class ScriptedStudent implements Student {
    final Function<String, List<String>> script;
    final List<Sampling> samplings = new ArrayList<>();
    final Map<String, Integer> seen = new java.util.HashMap<>();

    ScriptedStudent(Function<String, List<String>> script) {
      this.script = script;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public synchronized Future<List<Completion>> generate(List<String> prompts,
        Sampling sampling) {
      samplings.add(sampling);
      List<Completion> out = new ArrayList<>();
      for (String p : prompts) {
        int n = seen.merge(p, 1, Integer::sum) - 1;
        List<String> answers = script.apply(p);
        out.add(new Completion(answers.get(n % answers.size()), 3, Completion.Finish.STOP));
      }
      return Future.succeededFuture(out);
    }

    @Override
    public boolean trainable() {
      return false;
    }

    @Override
    public Future<FineTuneReport> fineTune(List<Example> examples,
        FineTuneSettings settings, Consumer<TrainingProgress> listener, Cancellation cancellation) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> save(Path directory) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private static Example item(String id, String q, String answer, String... skills) {
    return Example.of(id, q, "", answer, List.of(skills), Example.Source.SEED, "test");
  }

  @Test
  void probe_greedy_gradesWithSharedGrader_andAggregatesPerSkill() throws Exception {
    List<Example> items = List.of(
        item("1", "2+2", "4", "add"),
        item("2", "3+3", "6", "add"),
        item("3", "rev ab", "ba", "reverse"),
        item("4", "2+2 then rev", "4", "add", "reverse"));
    ScriptedStudent student = new ScriptedStudent(q -> switch (q) {
      case "2+2" -> List.of("2+2=4\nThe answer is 4.");
      case "3+3" -> List.of("3+3=7\nThe answer is 7.");
      case "rev ab" -> List.of("The answer is ba.");
      default -> List.of("The answer is 4.0");
    });
    List<Integer> progress = new ArrayList<>();
    ProbeReport report = Await.result(Prober.probe(student, items,
        ProbeSettings.greedy().withChunkItems(3), progress::add, Cancellation.never()));

    assertEquals(List.of("1", "2", "3", "4"), report.items().stream().map(ItemResult::id).toList());
    assertEquals(List.of(true, false, true, true),
        report.items().stream().map(r -> r.correct().get(0)).toList());
    assertEquals("7", report.items().get(1).answers().get(0));
    assertEquals(0.75, report.accuracy(), 1e-9);
    SkillAccuracy add = report.perSkill().get("add");
    assertEquals(3, add.items());
    assertEquals(2, add.correct());
    assertEquals(2.0 / 3, add.accuracy(), 1e-9);
    assertEquals(1.0, report.perSkill().get("reverse").accuracy(), 1e-9);
    SkillAccuracy addAlone = report.perSkillAlone().get("add");
    assertEquals(2, addAlone.items());
    assertEquals(0.5, addAlone.accuracy(), 1e-9);
    assertEquals(1, report.perSkillAlone().get("reverse").items());
    assertEquals(List.of(3, 4), progress.stream().sorted().toList());
    assertTrue(student.samplings.stream().allMatch(Sampling::isGreedy));
  }

  @Test
  void probe_kSamples_accuracyIsShareCorrect_andMajorityIsCounted() {
    List<Example> items = List.of(item("1", "q", "5", "s"));
    ScriptedStudent student = new ScriptedStudent(q -> List.of(
        "The answer is 5.", "The answer is 6.", "The answer is 5.0", "no idea", "The answer is 6."));
    ProbeReport report = Await.result(Prober.probe(student, items,
        ProbeSettings.of(5).withTemperature(0.7), n -> {}, Cancellation.never()));
    ItemResult r = report.items().get(0);
    assertEquals(5, r.responses().size());
    assertEquals(0.4, r.accuracy(), 1e-9);
    assertEquals(2, r.majorityCount());
    assertEquals("5", r.majorityAnswer());
    assertEquals(0.7, student.samplings.get(0).temperature(), 1e-9);
  }

  @Test
  void writeItemsAndSummary_oneLinePerItem_summaryHasPerSkillAndSpread() throws Exception {
    List<Example> items = List.of(item("1", "a", "1", "x"), item("2", "b", "2", "y"));
    ScriptedStudent student = new ScriptedStudent(q -> List.of("The answer is 1."));
    ProbeReport report = Await.result(
        Prober.probe(student, items, ProbeSettings.greedy(), n -> {}, Cancellation.never()));
    StringWriter out = new StringWriter();
    report.writeItems(out);
    String[] lines = out.toString().split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[1].contains("\"correct\":[false]"), lines[1]);
    var summary = report.summaryJson();
    assertEquals(2, summary.get("items").asInt());
    assertEquals(1.0, summary.at("/perSkill/x/accuracy").asDouble());
    assertEquals(0.0, summary.at("/perSkill/y/accuracy").asDouble());
    assertEquals(1.0, summary.at("/skillSpread/range").asDouble());
  }

  /** A multi-step world problem whose first two steps use different skills. */
  private static Problem twoSkillProblem(WorldGenerator generator) {
    while (true) {
      Problem p = generator.next();
      if (p.steps().size() >= 2
          && !p.steps().get(0).skill().id().equals(p.steps().get(1).skill().id())) {
        return p;
      }
    }
  }

  /** The problem's full response with step {@code index} replaced by a wrong line. */
  private static String wrongAt(Problem p, int index) {
    List<String> lines = new ArrayList<>(List.of(p.responseText().split("\n")));
    lines.set(index, lines.get(index) + "1");
    return String.join("\n", lines);
  }

  @Test
  void probe_worldItems_namesFirstWrongStepSkill_andCountsStepsReached() {
    WorldGenerator generator = new WorldGenerator(7, SkillMix.uniform(), 1.0);
    Problem flawless = twoSkillProblem(generator);
    Problem secondWrong = twoSkillProblem(generator);
    Problem firstWrong = twoSkillProblem(generator);
    Map<String, String> responses = Map.of(
        flawless.question(), flawless.responseText(),
        secondWrong.question(), wrongAt(secondWrong, 1),
        firstWrong.question(), wrongAt(firstWrong, 0));
    List<Example> items = List.of(SkillWorld.toExample(flawless, "a", "test"),
        SkillWorld.toExample(secondWrong, "b", "test"),
        SkillWorld.toExample(firstWrong, "c", "test"),
        item("d", "2+2", "4", "add"));
    ScriptedStudent student = new ScriptedStudent(q -> List.of(
        responses.getOrDefault(q, "The answer is 4.")));
    ProbeReport report = Await.result(
        Prober.probe(student, items, ProbeSettings.greedy(), n -> {}, Cancellation.never()));

    String secondSkill = secondWrong.steps().get(1).skill().id();
    String firstSkill = firstWrong.steps().get(0).skill().id();
    assertEquals(List.of(""), report.items().get(0).missingSkills());
    assertEquals(List.of(secondSkill), report.items().get(1).missingSkills());
    assertEquals(List.of(firstSkill), report.items().get(2).missingSkills());
    assertEquals(List.of(""), report.items().get(3).missingSkills(), "not a world problem");
    assertTrue(report.items().get(3).steps().isEmpty());

    // Expected tallies, step by step: every step of the flawless response is reached and right;
    // the others reach their steps up to the wrong one, which counts as reached but not right.
    Map<String, int[]> expected = new java.util.TreeMap<>();
    for (Problem p : List.of(flawless, secondWrong, firstWrong)) {
      int wrong = p == flawless ? p.steps().size() : p == secondWrong ? 1 : 0;
      for (int i = 0; i < Math.min(wrong + 1, p.steps().size()); i++) {
        int[] c = expected.computeIfAbsent(p.steps().get(i).skill().id(), k -> new int[2]);
        c[0]++;
        c[1] += i < wrong ? 1 : 0;
      }
    }
    Map<String, StepAccuracy> steps = report.perSkillSteps();
    assertEquals(expected.keySet(), steps.keySet());
    expected.forEach((skill, c) -> {
      assertEquals(c[0], steps.get(skill).reached(), skill);
      assertEquals(c[1], steps.get(skill).right(), skill);
    });
    assertTrue(steps.get(firstSkill).accuracy() < 1.0);
    assertEquals(1, (int) report.missingSkillCounts().get(secondSkill)
        - (secondSkill.equals(firstSkill) ? 1 : 0));
    var summary = report.summaryJson();
    assertEquals(steps.get(firstSkill).reached(),
        summary.at("/perSkillSteps/" + firstSkill + "/reached").asInt());
    assertTrue(summary.has("skillSpreadSteps"));
  }
}
