package io.skillforge.skills.world;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The world's arithmetic: each method checks its operands against the skill's domain and returns
 * the step (skill, line, result), or empty when the operands are outside the world (an inexact
 * division, a multiplier of two digits). Generation and parsing both go through here, so a problem
 * rebuilt from its question text has exactly the generated steps.
 */
final class Ops {
  static final int[] PERCENTS = {10, 20, 25, 50};
  /** Largest number a step may use or produce; keeps lines short. */
  static final int MAX_VALUE = 999;

  private Ops() {}

  static boolean carries(int a, int b) {
    for (; a > 0 || b > 0; a /= 10, b /= 10) {
      if (a % 10 + b % 10 >= 10) {
        return true; // the first carry always comes from a column that overflows on its own
      }
    }
    return false;
  }

  static boolean borrows(int a, int b) {
    for (; b > 0; a /= 10, b /= 10) {
      if (a % 10 < b % 10) {
        return true; // likewise the first borrow comes from a column whose top digit is smaller
      }
    }
    return false;
  }

  static Optional<Step> add(int a, int b) {
    if (a < 0 || b < 0 || a + b > MAX_VALUE) {
      return Optional.empty();
    }
    WorldSkill skill = carries(a, b) ? WorldSkill.ADD_CARRY : WorldSkill.ADD_NO_CARRY;
    return step(skill, a + "+" + b, a + b);
  }

  static Optional<Step> sub(int a, int b) {
    if (b < 0 || a < b || a > MAX_VALUE) {
      return Optional.empty();
    }
    WorldSkill skill = borrows(a, b) ? WorldSkill.SUB_BORROW : WorldSkill.SUB_NO_BORROW;
    return step(skill, a + "-" + b, a - b);
  }

  static Optional<Step> mul(int a, int b) {
    if (a < 0 || b < 2 || b > 9 || a * b > MAX_VALUE) {
      return Optional.empty();
    }
    return step(WorldSkill.MUL_1DIGIT, a + "*" + b, a * b);
  }

  static Optional<Step> div(int a, int b) {
    if (a < 0 || a > MAX_VALUE || b < 2 || b > 9 || a % b != 0) {
      return Optional.empty();
    }
    return step(WorldSkill.DIV_EXACT, a + "/" + b, a / b);
  }

  static Optional<Step> mod(int a, int b) {
    if (a < 0 || a > MAX_VALUE || b < 2 || b > 9) {
      return Optional.empty();
    }
    return step(WorldSkill.REMAINDER, a + "%" + b, a % b);
  }

  static Optional<Step> pct(int p, int a) {
    if (Arrays.stream(PERCENTS).noneMatch(x -> x == p) || a < 0 || a > MAX_VALUE
        || a * p % 100 != 0) {
      return Optional.empty();
    }
    return step(WorldSkill.PERCENT, p + "% of " + a, a * p / 100);
  }

  /** The comparison step: its result is the relation of {@code a} to {@code b}. */
  static Optional<Step> cmp(int a, int b) {
    if (a == b || a < 0 || b < 0 || a > MAX_VALUE || b > MAX_VALUE) {
      return Optional.empty();
    }
    String relation = a < b ? "<" : ">";
    return Optional.of(new Step(WorldSkill.COMPARE, a + relation + b, relation));
  }

  static Optional<Step> max(int[] list) {
    if (list.length < 2) {
      return Optional.empty();
    }
    return step(WorldSkill.MAX_LIST, "max(" + join(list) + ")", Arrays.stream(list).max().orElseThrow());
  }

  static Optional<Step> min(int[] list) {
    if (list.length < 2) {
      return Optional.empty();
    }
    return step(WorldSkill.MIN_LIST, "min(" + join(list) + ")", Arrays.stream(list).min().orElseThrow());
  }

  static Optional<Step> sort(int[] list) {
    if (list.length < 2) {
      return Optional.empty();
    }
    int[] sorted = list.clone();
    Arrays.sort(sorted);
    String result = join(sorted);
    return Optional.of(new Step(WorldSkill.SORT_LIST, "sort(" + join(list) + ")=" + result, result));
  }

  static Optional<Step> count(char letter, String word) {
    if (letter < 'a' || letter > 'z' || !word.matches("[a-z]+")) {
      return Optional.empty();
    }
    long n = word.chars().filter(c -> c == letter).count();
    return step(WorldSkill.COUNT_LETTER, "count(" + letter + "," + word + ")", (int) n);
  }

  static Optional<Step> reverse(String word) {
    if (!word.matches("[a-z]{2,}")) {
      return Optional.empty();
    }
    String reversed = new StringBuilder(word).reverse().toString();
    return Optional.of(
        new Step(WorldSkill.REVERSE_WORD, "reverse(" + word + ")=" + reversed, reversed));
  }

  static String join(int[] list) {
    return Arrays.stream(list).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  private static Optional<Step> step(WorldSkill skill, String expression, int result) {
    return Optional.of(new Step(skill, expression + "=" + result, Integer.toString(result)));
  }
}
