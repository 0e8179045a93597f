package io.skillforge.synthesis.arte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skillforge.skills.Example;
import io.skillforge.skills.dataset.TrainingSetWriter;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencePairsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<Draft> drafts(String skill, int perStyle) {
    List<Example> seeds = new WorldGenerator(3, SkillMix.uniform(), 0.3).examples(400, "seed", "train").stream()
        .filter(e -> e.skills().contains(skill)).toList();
    DraftWriter writer = new DraftWriter(new BuiltinTeacher(),
        new DraftWriter.Settings(perStyle, 3, 5, Strategy.DEFAULTS, 160, 9), new NearDuplicateSet(0.8));
    return writer.write(skill, seeds);
  }

  /** Scores that prefer scratch over the rest and chained questions over single ones. */
  private static Map<Cell, CellScore> scores(List<Draft> drafts) {
    Map<Cell, CellScore> out = new HashMap<>();
    for (Draft d : drafts) {
      for (String strategy : d.rationales().keySet()) {
        Cell cell = d.cell(strategy);
        double score = (strategy.equals("scratch") ? 0.10 : strategy.equals("direct") ? -0.05 : 0.0)
            + (d.questionStyle().equals(Draft.CHAINED) ? 0.02 : 0.0);
        out.put(cell, new CellScore(cell, score, 0.5, 0.5 + score, 1.0, 1.0, 10, 40, Map.of()));
      }
    }
    return out;
  }

  @Test
  void drafts_holdTheSameQuestionsInEveryStrategy_andFitTheLength() {
    List<Draft> drafts = drafts("remainder", 12);
    assertEquals(24, drafts.size());
    assertEquals(12, drafts.stream().filter(d -> d.questionStyle().equals(Draft.CHAINED)).count());
    for (Draft d : drafts) {
      assertEquals(List.of("direct", "stepwise", "scratch", "checked"), List.copyOf(d.rationales().keySet()));
      assertEquals(Draft.CHAINED.equals(d.questionStyle()), SkillWorld.parse(d.question()).orElseThrow().multiStep());
      d.rationales().values().forEach(r -> assertTrue(d.question().length() + r.length() <= 160));
      assertEquals(3, d.seeds().size());
    }
    assertEquals(24, drafts.stream().map(Draft::question).distinct().count());
    assertEquals(drafts, drafts("remainder", 12), "the same seed writes the same drafts");
    assertEquals(List.of(Draft.SINGLE), DraftWriter.questionStyles("reverse_word"));
  }

  @Test
  void pairs_chooseTheHigherScore_atBothLevels() {
    List<Draft> drafts = drafts("mul_1digit", 16);
    Map<Cell, CellScore> scores = scores(drafts);
    List<PreferencePair> pairs = PreferencePairs.build(drafts, scores, SkillWorld.catalog(),
        new PreferencePairs.Settings(6, 10, 1));
    Map<String, Double> questionScore = PreferencePairs.questionScores(drafts, scores);
    Map<String, Draft> byId = new HashMap<>();
    drafts.forEach(d -> byId.put(d.id(), d));
    List<PreferencePair> questions = pairs.stream().filter(p -> p.level().equals(PreferencePair.QUESTION)).toList();
    List<PreferencePair> rationales = pairs.stream().filter(p -> p.level().equals(PreferencePair.RATIONALE)).toList();
    assertEquals(6, questions.size());
    assertEquals(10, rationales.size());
    for (PreferencePair p : questions) {
      assertEquals(Draft.CHAINED, byId.get(p.chosenId()).questionStyle(), "the top quarter is chained");
      assertEquals(Draft.SINGLE, byId.get(p.rejectedId()).questionStyle());
      assertEquals(questionScore.get(p.chosenId()), p.chosenScore(), 1e-12);
      assertEquals(byId.get(p.chosenId()).question(), p.chosen());
      assertTrue(p.prompt().contains(byId.get(p.chosenId()).seeds().get(0)));
    }
    assertEquals(6, questions.stream().map(p -> p.chosenId() + p.rejectedId()).distinct().count());
    for (PreferencePair p : rationales) {
      assertEquals("scratch", p.chosenStrategy());
      assertEquals("direct", p.rejectedStrategy());
      Draft d = byId.get(p.chosenId());
      assertEquals(TrainingSetWriter.completion(d.rationales().get("scratch"), d.answer()), p.chosen());
      assertFalse(p.prompt().contains("scratch"), "the plain prompt names no strategy");
    }
  }

  @Test
  void pairs_areNotMadeWithoutAPreference() {
    List<Draft> drafts = drafts("percent", 8);
    Map<Cell, CellScore> flat = new HashMap<>();
    scores(drafts).forEach((c, s) -> flat.put(c, new CellScore(c, 0.0, 0.5, 0.5, 1.0, 1.0, 10, 40, Map.of())));
    assertTrue(PreferencePairs.build(drafts, flat, SkillWorld.catalog(), PreferencePairs.Settings.paper(1)).isEmpty());
    TailoredStyle style = TailoredStyle.of(flat, Set.of("percent", "compare"));
    assertEquals(List.of(new Cell("percent", TailoredStyle.PLAIN_QUESTIONS, "stepwise")), style.preferred().get("percent"));
    assertEquals(List.of(new Cell("compare", TailoredStyle.PLAIN_QUESTIONS, "stepwise")), style.preferred().get("compare"));
  }

  @Test
  void dpoExport_hasExactlyThreeFields_andAgreesWithTheScores() throws Exception {
    List<Draft> drafts = drafts("add_carry", 12);
    Map<Cell, CellScore> scores = scores(drafts);
    DpoFiles.Written written = DpoFiles.write(PreferencePairs.build(drafts, scores, SkillWorld.catalog(),
        PreferencePairs.Settings.paper(2)), dir);
    List<String> dpo = Files.readAllLines(written.rationalePairs());
    List<String> audit = Files.readAllLines(written.rationaleScores());
    assertEquals(written.rationales(), dpo.size());
    assertEquals(24, dpo.size(), "one rationale pair per question");
    assertEquals(dpo.size(), audit.size());
    Map<String, Draft> byId = new HashMap<>();
    drafts.forEach(d -> byId.put(d.id(), d));
    for (int i = 0; i < dpo.size(); i++) {
      JsonNode pair = JSON.readTree(dpo.get(i));
      Iterator<String> names = pair.fieldNames();
      assertEquals(List.of("prompt", "chosen", "rejected"), List.of(names.next(), names.next(), names.next()));
      assertFalse(names.hasNext());
      JsonNode a = JSON.readTree(audit.get(i));
      Draft d = byId.get(a.get("chosenId").asText());
      Cell chosen = d.cell(a.get("chosenStrategy").asText());
      Cell rejected = d.cell(a.get("rejectedStrategy").asText());
      assertTrue(scores.get(chosen).score() > scores.get(rejected).score(), audit.get(i));
      assertEquals(TrainingSetWriter.completion(d.rationales().get(chosen.strategy()), d.answer()), pair.get("chosen").asText());
      assertEquals(TrainingSetWriter.completion(d.rationales().get(rejected.strategy()), d.answer()),
          pair.get("rejected").asText());
    }
    List<String> questions = Files.readAllLines(written.questionPairs());
    assertTrue(questions.size() > 0);
    for (String line : questions) {
      assertEquals(3, JSON.readTree(line).size());
    }
  }

  @Test
  void tailoredGeneration_writesInThePreferredCells() {
    List<Draft> drafts = drafts("sub_borrow", 8);
    TailoredStyle style = TailoredStyle.of(scores(drafts), Set.of("sub_borrow", "compare"));
    assertEquals(List.of(new Cell("sub_borrow", Draft.CHAINED, "scratch"), new Cell("sub_borrow", Draft.SINGLE, "scratch")),
        style.preferred().get("sub_borrow"), "the top quarter of 8 cells, best first");
    assertTrue(style.traits().get("sub_borrow").startsWith("preferred: scratch rationales on chained questions"));
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("sub_borrow", 30);
    counts.put("compare", 20);
    NearDuplicateSet evaluation = new NearDuplicateSet(0.8);
    List<Example> items = new TailoredGeneration(new BuiltinTeacher(), evaluation, 0.2, 5)
        .generate(counts, style, Map.of());
    assertEquals(50, items.size());
    assertEquals(15, items.stream().filter(e -> e.provenance().job().equals("arte sub_borrow/chained/scratch")).count());
    for (Example e : items) {
      var problem = SkillWorld.parse(e.question()).orElseThrow();
      assertTrue(SkillWorld.check(problem, e.rationale() + "\nThe answer is " + e.answer() + ".").flawless());
      if (e.provenance().targetSkill().equals("sub_borrow")) {
        assertTrue(e.rationale().contains(io.skillforge.skills.world.RationaleStyle.NOTE_PREFIX));
        assertEquals("arte sub_borrow/" + (problem.multiStep() ? "chained" : "single") + "/scratch",
            e.provenance().job());
      } else {
        assertEquals(problem.rationale(), e.rationale(), "plain: stepwise");
      }
    }
  }
}
