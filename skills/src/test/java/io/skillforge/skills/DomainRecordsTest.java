package io.skillforge.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainRecordsTest {

  @Test
  void example_blankQuestion_isRejectedNamingTheField() {
    var ex = assertThrows(IllegalArgumentException.class,
        () -> Example.of("e", " ", "", "1", List.of(), Example.Source.SEED, "train"));
    assertTrue(ex.getMessage().contains("question"));
  }

  @Test
  void example_duplicateSkill_isRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Example.of("e", "q", "", "1", List.of("add", "add"), Example.Source.SEED, "train"));
  }

  @Test
  void example_nonPositiveWeight_isRejected() {
    Example e = Example.of("e", "q", "", "1", List.of(), Example.Source.SEED, "train");
    assertThrows(IllegalArgumentException.class, () -> e.withWeight(0));
    assertThrows(IllegalArgumentException.class, () -> e.withWeight(Double.NaN));
    assertEquals(3.0, e.withWeight(3).weight());
  }

  @Test
  void skill_badId_namesTheValue() {
    var ex = assertThrows(IllegalArgumentException.class, () -> new Skill("Add Carry", "n", ""));
    assertTrue(ex.getMessage().contains("'Add Carry'"));
  }

  @Test
  void catalog_duplicateIds_areRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> SkillCatalog.of(new Skill("a", "A", ""), new Skill("a", "A2", "")));
  }

  @Test
  void catalog_requireKnown_namesUnknownSkill() {
    SkillCatalog catalog = SkillCatalog.of(new Skill("a", "A", ""), new Skill("b", "B", ""));
    catalog.requireKnown(List.of("a", "b"));
    var ex = assertThrows(IllegalArgumentException.class, () -> catalog.requireKnown(List.of("a", "z")));
    assertTrue(ex.getMessage().contains("'z'"));
  }

  @Test
  void profile_fromDiagnoses_countsQuestionsNotMentions() {
    MissingSkillProfile profile = MissingSkillProfile.fromDiagnoses(
        List.of(List.of("a", "b"), List.of("a", "a"), List.of("c")));
    assertEquals(Map.of("a", 2, "b", 1, "c", 1), profile.counts());
    assertEquals(3, profile.difficultQuestions());
    assertEquals(List.of("a", "b", "c"), profile.ranked());
    assertEquals(0.5, profile.share("a"), 1e-12);
    assertEquals(0, profile.count("zzz"));
  }
}
