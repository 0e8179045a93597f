package io.skillforge.synthesis.arte;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.SkillCatalog;
import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.index.NearDuplicateSet;
import io.skillforge.skills.world.SkillMix;
import io.skillforge.skills.world.SkillWorld;
import io.skillforge.skills.world.WorldGenerator;
import io.skillforge.synthesis.teacher.Attempt;
import io.skillforge.synthesis.teacher.BuiltinTeacher;
import io.skillforge.synthesis.teacher.CatalogRequest;
import io.skillforge.synthesis.teacher.Diagnosis;
import io.skillforge.synthesis.teacher.Label;
import io.skillforge.synthesis.teacher.Synthesis;
import io.skillforge.synthesis.teacher.SynthesisRequest;
import io.skillforge.synthesis.teacher.Teacher;
import io.skillforge.synthesis.teacher.Verdict;
import io.skillforge.synthesis.teacher.prompt.TeacherPrompts;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Aligned generation for teachers behind an API: the preferred drafts and traits go into the request. */
class PromptedGenerationTest {
  /** Records every synthesis request and answers it with the built-in teacher. */
  private static final class Recording implements Teacher {
    final List<SynthesisRequest> requests = new ArrayList<>();
    final BuiltinTeacher builtin = new BuiltinTeacher();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public Future<Synthesis> synthesize(SynthesisRequest request, SkillCatalog catalog) {
      requests.add(request);
      return builtin.synthesize(request, catalog);
    }

    @Override
    public Future<SkillCatalog> catalog(CatalogRequest request) {
      return Future.failedFuture("not used");
    }

    @Override
    public Future<List<Label>> label(List<Example> items, SkillCatalog catalog) {
      return Future.failedFuture("not used");
    }

    @Override
    public Future<List<Diagnosis>> diagnose(List<Attempt> attempts, SkillCatalog catalog) {
      return Future.failedFuture("not used");
    }

    @Override
    public Future<List<Verdict>> verify(List<Example> items) {
      return Future.failedFuture("not used");
    }
  }

  @Test
  void requestsCarryThePreferredDraftsAndTheTraits_andThePromptSaysSo() {
    List<Example> seeds = new WorldGenerator(3, SkillMix.uniform(), 0.3).examples(400, "s", "train");
    List<Draft> drafts = new DraftWriter(new BuiltinTeacher(), new DraftWriter.Settings(8, 3, 5, Strategy.DEFAULTS,
        160, 2), new NearDuplicateSet(0.8)).write("remainder", seeds.stream()
        .filter(e -> e.skills().contains("remainder")).toList());
    Map<Cell, CellScore> scores = new HashMap<>();
    for (Draft d : drafts) {
      for (String strategy : d.rationales().keySet()) {
        Cell cell = d.cell(strategy);
        double score = strategy.equals("checked") && d.questionStyle().equals(Draft.SINGLE) ? 0.2 : -0.1;
        scores.put(cell, CellScore.of(cell, 0.5, 0.5 + score, 1, 1, 8, 40));
      }
    }
    TailoredStyle style = TailoredStyle.of(scores, Set.of("remainder", "compare"));
    Recording teacher = new Recording();
    PromptedGeneration generation = new PromptedGeneration(teacher, SkillWorld.catalog(), Strategy.DEFAULTS, 3, 5, 1);
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    counts.put("remainder", 12);
    counts.put("compare", 5);
    List<Example> items = generation.generate(counts, style, drafts, scores, Cancellation.never());

    assertEquals(17, items.size());
    List<SynthesisRequest> remainder = teacher.requests.stream()
        .filter(r -> r.targetSkills().equals(List.of("remainder"))).toList();
    assertEquals(3, remainder.size(), "5 + 5 + 2 items");
    for (SynthesisRequest r : remainder) {
      assertEquals(3, r.exemplars().size());
      for (Example shown : r.exemplars()) {
        assertTrue(shown.rationale().contains("\n* "), "a checked rationale: " + shown.rationale());
        assertTrue(SkillWorld.parse(shown.question()).orElseThrow().steps().size() == 1);
      }
      assertTrue(r.guidance().contains("one-step questions"), r.guidance());
      assertTrue(r.guidance().contains(Strategy.DEFAULTS.get(3).instruction()), r.guidance());
    }
    assertEquals(3, remainder.stream().map(SynthesisRequest::seed).distinct().count(), "every call asks anew");
    SynthesisRequest compare = teacher.requests.stream()
        .filter(r -> r.targetSkills().equals(List.of("compare"))).findFirst().orElseThrow();
    assertEquals("", compare.guidance(), "no preference measured, no guidance");

    String prompt = TeacherPrompts.synthesize(remainder.get(0), SkillWorld.catalog()).user()
        + TeacherPrompts.synthesize(remainder.get(0), SkillWorld.catalog()).system();
    assertTrue(prompt.contains("\"guidance\""), "the guidance is in the data");
    assertTrue(prompt.contains("data.guidance"), "and the instructions say what to do with it");
    assertTrue(!TeacherPrompts.synthesize(compare, SkillWorld.catalog()).user().contains("\"guidance\""));
  }
}
