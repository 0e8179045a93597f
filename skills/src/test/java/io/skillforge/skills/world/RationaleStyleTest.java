package io.skillforge.skills.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RationaleStyleTest {
  /** One arithmetic claim inside a note, such as {@code 4+3+1=8} or {@code 9*5+2=47}. */
  private static final Pattern CLAIM = Pattern.compile("(\\d+)([-+*/])(\\d+)(?:([-+])(\\d+))?=(\\d+)");

  @Test
  void everyStyleKeepsTheStepsAndTheAnswer() {
    WorldGenerator g = new WorldGenerator(7, SkillMix.uniform(), 0.5);
    for (int i = 0; i < 1500; i++) {
      Problem p = g.next();
      for (RationaleStyle style : RationaleStyle.values()) {
        String response = style.write(p) + "\nThe answer is " + p.answer() + ".";
        CheckResult c = SkillWorld.check(p, response);
        assertTrue(c.correct(), style + ": " + response);
        assertEquals(style != RationaleStyle.DIRECT, c.flawless(), style + ": " + response);
      }
    }
  }

  @Test
  void notesAreArithmeticallyTrue() {
    WorldGenerator g = new WorldGenerator(11, SkillMix.uniform(), 0.3);
    int claims = 0;
    for (int i = 0; i < 3000; i++) {
      Problem p = g.next();
      for (RationaleStyle style : List.of(RationaleStyle.SCRATCH, RationaleStyle.CHECKED)) {
        for (String line : style.write(p).split("\n")) {
          if (!line.startsWith(RationaleStyle.NOTE_PREFIX)) {
            continue;
          }
          Matcher m = CLAIM.matcher(line);
          while (m.find()) {
            long value = apply(Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3)));
            if (m.group(4) != null) {
              value = apply(value, m.group(4), Long.parseLong(m.group(5)));
            }
            assertEquals(Long.parseLong(m.group(6)), value, p.question() + " -> " + line);
            claims++;
          }
        }
      }
    }
    assertTrue(claims > 5000, "claims checked: " + claims);
  }

  @Test
  void scratchWritesTheWorkingOfCarriesAndCounts() {
    Problem add = SkillWorld.parse("What is 47+38?").orElseThrow();
    assertEquals("* 7+8=15, 4+3+1=8\n47+38=85", RationaleStyle.SCRATCH.write(add));
    assertEquals("47+38=85\n* 85-38=47", RationaleStyle.CHECKED.write(add));
    assertEquals("", RationaleStyle.DIRECT.write(add));
    assertEquals(add.rationale(), RationaleStyle.STEPWISE.write(add));
    assertFalse(RationaleStyle.byKey("Scratch").isEmpty());
    assertTrue(RationaleStyle.byKey("verbose").isEmpty());
  }

  private static long apply(long a, String op, long b) {
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      default -> a / b;
    };
  }
}
