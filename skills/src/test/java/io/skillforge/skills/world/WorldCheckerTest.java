package io.skillforge.skills.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorldCheckerTest {
  private static final long SEED = 20251125L;

  @Test
  void check_exactSolution_isFlawless() {
    WorldGenerator g = new WorldGenerator(SEED, SkillMix.uniform(), 0.4);
    for (int i = 0; i < 2000; i++) {
      Problem p = g.next();
      CheckResult c = SkillWorld.check(p, p.responseText());
      assertTrue(c.flawless(), p + " -> " + c);
      assertNull(c.missingSkill());
    }
  }

  @Test
  void check_plantedWrongStep_isFoundForEverySkill() {
    WorldGenerator g = new WorldGenerator(SEED, SkillMix.uniform(), 0);
    SplittableRandom rng = new SplittableRandom(SEED);
    int planted = 0;
    for (WorldSkill skill : WorldSkill.values()) {
      for (int i = 0; i < 40; i++) {
        Problem p = g.next(skill, i % 2 == 1);
        for (int k = 0; k < p.steps().size(); k++) {
          for (boolean propagate : new boolean[] {true, false}) {
            String response = SkillWorld.faultyResponse(p, k, rng, propagate);
            CheckResult c = SkillWorld.check(p, response);
            String why = p.question() + "\n" + response + "\n-> " + c;
            assertEquals(k, c.firstWrongStep(), why);
            assertEquals(p.steps().get(k).skill().id(), c.missingSkill(), why);
            assertEquals(p.steps().get(k).line(), c.expectedStep(), why);
            String written = response.substring(response.lastIndexOf("#### ") + 5);
            assertEquals(written.equals(p.answer()), c.correct(), why);
            planted++;
          }
        }
      }
    }
    assertTrue(planted > 1000);
  }

  @Test
  void check_missingStep_isTheFirstWrongStep() {
    WorldGenerator g = new WorldGenerator(SEED + 1, SkillMix.uniform(), 1.0);
    for (int i = 0; i < 300; i++) {
      Problem p = g.next();
      int k = i % p.steps().size();
      List<String> lines = new ArrayList<>();
      for (int j = 0; j < p.steps().size(); j++) {
        if (j != k) {
          lines.add(p.steps().get(j).line());
        }
      }
      String response = String.join("\n", lines) + "\n#### " + p.answer();
      CheckResult c = SkillWorld.check(p, response);
      assertEquals(k, c.firstWrongStep(), response);
      assertEquals(p.steps().get(k).skill().id(), c.missingSkill());
      assertTrue(c.correct(), "the final answer is still right: " + response);
    }
  }

  @Test
  void check_onlyTheFinalAnswerWrong_blamesTheLastStep() {
    Problem p = SkillWorld.parse("Add 47 and 38, then multiply by 3.").orElseThrow();
    CheckResult c = SkillWorld.check(p, "47+38=85\n85*3=255\n#### 245");
    assertFalse(c.correct());
    assertEquals(2, c.firstWrongStep());
    assertEquals("mul_1digit", c.missingSkill());
    assertEquals("#### 255", c.expectedStep());
    assertEquals("#### 245", c.actualStep());
  }

  @Test
  void check_spacesCaseAndAnswerMarkers_areTolerated() {
    Problem p = SkillWorld.parse("Add 47 and 38, then multiply by 3.").orElseThrow();
    assertTrue(SkillWorld.check(p, "47 + 38 = 85\n\n85 * 3 = 255\nAnswer: 255").flawless());
    assertTrue(SkillWorld.check(p, "47+38=85\n85*3=255\nThe answer is 255.").flawless());
  }

  @Test
  void check_bareAnswer_isCorrectButMissesTheFirstStep() {
    Problem p = SkillWorld.parse("What is 47+38?").orElseThrow();
    CheckResult c = SkillWorld.check(p, "85");
    assertTrue(c.correct());
    assertEquals(0, c.firstWrongStep());
    assertEquals("add_carry", c.missingSkill());
    assertEquals("", c.actualStep());
  }

  @Test
  void check_item_solvesTheQuestionNotTheStoredRationale() {
    Example item = Example.of("x", "What is 52-17?", "52-17=45", "45", List.of("sub_no_borrow"),
        Example.Source.IMPORTED, "test");
    CheckResult c = SkillWorld.check(item, "52-17=35\n#### 35").orElseThrow();
    assertTrue(c.flawless(), c.toString());
    Example foreign = Example.of("y", "How tall is the tower?", "", "3", List.of(),
        Example.Source.IMPORTED, "test");
    assertTrue(SkillWorld.check(foreign, "3").isEmpty());
  }

  @Test
  void parse_examples_giveExactSteps() {
    Problem p = SkillWorld.parse("Take 25% of 80, then add 47. Is the result less than 70?").orElseThrow();
    assertEquals("25% of 80=20\n20+47=67\n67<70", p.rationale());
    assertEquals("yes", p.answer());
    assertEquals(List.of("percent", "add_no_carry", "compare"), p.skillIds());
    assertEquals("sort(5,2,8,1)=1,2,5,8",
        SkillWorld.parse("Sort 5, 2, 8, 1 from small to large.").orElseThrow().rationale());
    assertEquals("3", SkillWorld.parse("How many a's are in tamaka?").orElseThrow().answer());
    assertTrue(SkillWorld.parse("What is 85/4?").isEmpty(), "inexact division is not a world item");
    assertTrue(SkillWorld.parse("What is 07+3?").isEmpty(), "leading zeros are not the world's");
    assertTrue(SkillWorld.parse("Natalia sold clips to 48 of her friends.").isEmpty());
  }

  @Test
  void jsonl_line_roundTrips() {
    Problem p = SkillWorld.parse("Reverse the word lomi.").orElseThrow();
    Example e = SkillWorld.toExample(p, "w1-1", "test");
    Example back = WorldJsonl.parse(WorldJsonl.line(e));
    assertEquals(e.id(), back.id());
    assertEquals(e.question(), back.question());
    assertEquals(e.rationale(), back.rationale());
    assertEquals(e.answer(), back.answer());
    assertEquals(e.skills(), back.skills());
    assertEquals("test", back.split());
  }
}
