package io.skillforge.synthesis.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import io.skillforge.skills.MissingSkillProfile;
import io.skillforge.skills.MissingSkillProfileJson;
import io.skillforge.synthesis.teacher.Diagnosis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {
  static ProbedItem probed(String id, List<String> skills, boolean... correct) {
    Example item = Example.of(id, "question " + id, "", "7", skills, Example.Source.IMPORTED, "test");
    List<String> responses = new java.util.ArrayList<>();
    List<String> answers = new java.util.ArrayList<>();
    List<Boolean> grades = new java.util.ArrayList<>();
    for (int i = 0; i < correct.length; i++) {
      responses.add((correct[i] ? "right " : "wrong ") + i);
      answers.add(correct[i] ? "7" : String.valueOf(i));
      grades.add(correct[i]);
    }
    return new ProbedItem(item, responses, answers, grades, 1);
  }

  @Test
  void build_countsEachNamedSkillOncePerItem_andOnlyJudgedWrongItems() {
    ProbedItem a = probed("a", List.of("add"), false);
    ProbedItem b = probed("b", List.of("add", "mul"), false);
    ProbedItem c = probed("c", List.of("mul"), false);
    ProbedItem d = probed("d", List.of("sort"), false);
    List<Diagnosis> diagnoses = List.of(
        Diagnosis.of("a", false, List.of("add", "add"), "carried wrongly"),
        Diagnosis.of("b", false, List.of("add", "mul"), "two slips"),
        Diagnosis.of("c", true, List.of(), "right after all"),
        Diagnosis.failed("d", "could not judge"));
    MissingSkillProfile profile = ProfileBuilder.build(List.of(a, b, c, d), List.of(a, b, c, d), diagnoses, 1);
    assertEquals(Map.of("add", 2, "mul", 1), profile.counts());
    assertEquals(3, profile.difficultQuestions(), "the failed diagnosis is not counted as diagnosed");
    assertEquals(2.0 / 3, profile.share("add"), 1e-12);
    assertEquals(1.0, profile.distribution().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    assertEquals(1, profile.evidence().get("add").size(), "evidence capped per skill");
    assertEquals("carried wrongly", profile.evidence().get("add").get(0).reason());
    assertEquals("wrong 0", profile.evidence().get("add").get(0).response());
    assertFalse(profile.evidence().containsKey("sort"));
    assertEquals(2, ProfileBuilder.pairs(List.of(a, b, c, d), diagnoses).stream()
        .filter(p -> p.skill().equals("add")).count());
  }

  @Test
  void accuracy_countsAnItemSolvedWhenMostSamplesAreRight() {
    ProbedItem solved = probed("s", List.of("add"), true, true, false);
    ProbedItem failed = probed("f", List.of("add", "mul"), true, false, false);
    var accuracy = ProfileBuilder.accuracy(List.of(solved, failed));
    assertEquals(new MissingSkillProfile.SkillScore(2, 1), accuracy.get("add"));
    assertEquals(new MissingSkillProfile.SkillScore(1, 0), accuracy.get("mul"));
  }

  @Test
  void json_roundTrips() {
    ProbedItem a = probed("a", List.of("add"), false);
    MissingSkillProfile profile = ProfileBuilder.build(List.of(a), List.of(a),
        List.of(Diagnosis.of("a", false, List.of("add"), "why")), 3);
    MissingSkillProfile back = MissingSkillProfileJson.fromJson(MissingSkillProfileJson.toJson(profile));
    assertEquals(profile, back);
    assertTrue(MissingSkillProfileJson.toJson(profile).path("distribution").has("add"));
  }

  @Test
  void difficultyRules_andTheirAgreement() {
    ProbedItem consistentButWrong = new ProbedItem(probed("x", List.of("add"), false, false, false).item(),
        List.of("r1", "r2", "r3"), List.of("5", "5", "5"), List.of(false, false, false), 3);
    ProbedItem scattered = new ProbedItem(probed("y", List.of("add"), true).item(),
        List.of("r1", "r2", "r3"), List.of("7", "1", "2"), List.of(true, false, false), 1);
    ProbedItem solid = new ProbedItem(probed("z", List.of("add"), true).item(),
        List.of("r1", "r2", "r3"), List.of("7", "7", "7"), List.of(true, true, true), 3);
    assertTrue(DifficultyRule.REFERENCE.difficult(consistentButWrong));
    assertFalse(DifficultyRule.CONSISTENCY.difficult(consistentButWrong));
    assertTrue(DifficultyRule.CONSISTENCY.difficult(scattered));
    assertTrue(DifficultyRule.REFERENCE.difficult(scattered));
    assertFalse(DifficultyRule.REFERENCE.difficult(solid));
    RuleAgreement agreement = RuleAgreement.of(List.of(consistentButWrong, scattered, solid),
        DifficultyRule.CONSISTENCY, DifficultyRule.REFERENCE);
    assertEquals(new RuleAgreement(3, 1, 0, 1), agreement);
    assertEquals(2.0 / 3, agreement.agreement(), 1e-12);
  }
}
