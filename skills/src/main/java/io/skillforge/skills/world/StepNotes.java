package io.skillforge.skills.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The note lines of {@link RationaleStyle}: the working that leads to a step's line, and a check
 * of its result. Read from the step's line, which {@link Ops} writes in one fixed form per kind.
 */
final class StepNotes {
  private static final Pattern BINARY = Pattern.compile("(\\d+)([-+*/%])(\\d+)=(\\d+)");
  private static final Pattern PERCENT = Pattern.compile("(\\d+)% of (\\d+)=(\\d+)");
  private static final Pattern RELATION = Pattern.compile("(\\d+)([<>])(\\d+)");
  private static final Pattern CALL = Pattern.compile("(\\w+)\\(([^)]*)\\)=(.+)");

  private StepNotes() {}

  /** The working before the step, in one line without the note prefix. */
  static Optional<String> working(Step step) {
    String line = step.line();
    return switch (Kind.of(step.skill())) {
      case ADD -> binary(line).map(m -> columnsAdd(m[0], m[1]));
      case SUB -> binary(line).map(m -> columnsSub(m[0], m[1]));
      case MUL -> binary(line).map(m -> partialProducts(m[0], m[1]));
      case DIV -> binary(line).map(m -> m[3] + "*" + m[1] + "=" + m[0]);
      case MOD -> binary(line).map(m -> (m[0] / m[1]) + "*" + m[1] + "=" + (m[0] / m[1] * m[1])
          + ", " + m[0] + "-" + (m[0] / m[1] * m[1]) + "=" + m[3]);
      case PCT -> percent(line).map(m -> m[1] + "/" + (100 / m[0]) + "=" + m[2]);
      case CMP -> relation(line).map(m -> Math.max(m[0], m[1]) + "-" + Math.min(m[0], m[1]) + "="
          + Math.abs(m[0] - m[1]));
      case MAX -> call(line).map(c -> running(digits(c[1]), true));
      case MIN -> call(line).map(c -> running(digits(c[1]), false));
      case SORT -> call(line).map(c -> prefixesSorted(digits(c[1])));
      case COUNT -> call(line).map(c -> runningCount(c[1]));
      case REV -> call(line).map(c -> String.join(" ", c[2].split("")));
    };
  }

  /** A check after the step, in one line without the note prefix. */
  static Optional<String> check(Step step) {
    String line = step.line();
    return switch (Kind.of(step.skill())) {
      case ADD -> binary(line).map(m -> m[3] + "-" + m[1] + "=" + m[0]);
      case SUB -> binary(line).map(m -> m[3] + "+" + m[1] + "=" + m[0]);
      case MUL -> binary(line).map(m -> m[3] + "/" + m[1] + "=" + m[0]);
      case DIV -> binary(line).map(m -> m[3] + "*" + m[1] + "=" + m[0]);
      case MOD -> binary(line).map(m -> (m[0] / m[1]) + "*" + m[1] + "+" + m[3] + "=" + m[0]);
      case PCT -> percent(line).map(m -> m[2] + "*" + (100 / m[0]) + "=" + m[1]);
      case CMP -> relation(line).map(m -> m[1] + (m[0] < m[1] ? ">" : "<") + m[0]);
      case MAX -> call(line).map(c -> "none above " + c[2]);
      case MIN -> call(line).map(c -> "none below " + c[2]);
      case SORT -> call(line).map(c -> digits(c[1]).length + " digits kept");
      case COUNT -> call(line).map(c -> c[2] + " of " + c[1].split(",")[0]);
      case REV -> call(line).map(c -> "reverse(" + c[2] + ")=" + c[1]);
    };
  }

  private static Optional<int[]> binary(String line) {
    Matcher m = BINARY.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), 0,
        Integer.parseInt(m.group(4))});
  }

  private static Optional<int[]> percent(String line) {
    Matcher m = PERCENT.matcher(line);
    return m.matches()
        ? Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))})
        : Optional.empty();
  }

  private static Optional<int[]> relation(String line) {
    Matcher m = RELATION.matcher(line);
    return m.matches()
        ? Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3))})
        : Optional.empty();
  }

  private static Optional<String[]> call(String line) {
    Matcher m = CALL.matcher(line);
    return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2), m.group(3)}) : Optional.empty();
  }

  private static int[] digits(String list) {
    return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** Column sums from the units up, with the carry written in: {@code 7+8=15, 4+3+1=8}. */
  private static String columnsAdd(int a, int b) {
    List<String> columns = new ArrayList<>();
    int carry = 0;
    for (; a > 0 || b > 0; a /= 10, b /= 10) {
      int sum = a % 10 + b % 10 + carry;
      columns.add(a % 10 + "+" + b % 10 + (carry > 0 ? "+" + carry : "") + "=" + sum);
      carry = sum / 10;
    }
    return String.join(", ", columns);
  }

  /** Column differences from the units up, a borrowed ten written in: {@code 12-7=5, 4-1=3}. */
  private static String columnsSub(int a, int b) {
    List<String> columns = new ArrayList<>();
    int borrow = 0;
    for (; a > 0; a /= 10, b /= 10) {
      int top = a % 10 - borrow;
      borrow = top < b % 10 ? 1 : 0;
      top += 10 * borrow;
      columns.add(top + "-" + b % 10 + "=" + (top - b % 10));
    }
    return String.join(", ", columns);
  }

  /** Digit products from the units up, the carry added: {@code 3*4=12, 2*4+1=9}. */
  private static String partialProducts(int a, int b) {
    List<String> parts = new ArrayList<>();
    int carry = 0;
    for (; a > 0; a /= 10) {
      int product = a % 10 * b + carry;
      parts.add(a % 10 + "*" + b + (carry > 0 ? "+" + carry : "") + "=" + product);
      carry = product / 10;
    }
    return String.join(", ", parts);
  }

  /** The running maximum (or minimum) along the list: {@code 3,8,8}. */
  private static String running(int[] list, boolean max) {
    int best = list[0];
    List<String> out = new ArrayList<>();
    for (int x : list) {
      best = max ? Math.max(best, x) : Math.min(best, x);
      out.add(Integer.toString(best));
    }
    return String.join(",", out);
  }

  /** The smallest digits taken one at a time: {@code 1;1,2;1,2,5}. */
  private static String prefixesSorted(int[] list) {
    int[] sorted = list.clone();
    Arrays.sort(sorted);
    List<String> out = new ArrayList<>();
    for (int i = 1; i < sorted.length; i++) {
      out.add(Arrays.stream(sorted, 0, i).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    }
    return String.join(";", out);
  }

  /** Each letter of the word with the count so far: {@code t0 a1 m1 a2 k2 a3}. */
  private static String runningCount(String args) {
    String[] parts = args.split(",");
    char letter = parts[0].charAt(0);
    int n = 0;
    List<String> out = new ArrayList<>();
    for (char c : parts[1].toCharArray()) {
      n += c == letter ? 1 : 0;
      out.add(c + Integer.toString(n));
    }
    return String.join(" ", out);
  }
}
