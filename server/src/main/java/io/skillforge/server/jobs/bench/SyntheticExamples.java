package io.skillforge.server.jobs.bench;

import io.skillforge.skills.Example;
import io.skillforge.skills.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of varied word problems for benchmarks: two to five clauses drawn from a set of
 * templates, filled with names, objects, places and numbers, a short rationale, and one to three
 * of {@link #SKILLS} drawn with a skewed (roughly 1/rank) frequency, as real labels are. The same
 * seed gives the same examples.
 */
final class SyntheticExamples {
  static final List<String> SKILLS = List.of(
      "addition", "subtraction", "multiplication", "division", "remainder", "percentages",
      "fractions", "ratios", "rates", "comparison", "counting", "sorting", "max-min", "units",
      "multi-step");

  private static final String[] NAMES = {
    "Ana", "Ben", "Chloe", "Dev", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jamal", "Kofi", "Lena",
    "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen",
    "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Carmen", "Dmitri", "Esme", "Femi", "Gus", "Hana"
  };
  private static final String[] OBJECTS = {
    "apples", "marbles", "stickers", "pencils", "books", "coins", "cookies", "eggs", "tickets",
    "shells", "cards", "bottles", "plants", "boxes", "candles", "ribbons", "buttons", "stamps",
    "cupcakes", "oranges", "blocks", "crayons", "toy cars", "puzzles", "socks", "bricks", "seeds"
  };
  private static final String[] PLACES = {
    "market", "school", "library", "park", "bakery", "garden", "museum", "harbour", "farm",
    "station", "fair", "shop", "club", "beach", "camp", "village hall", "workshop", "stadium"
  };
  private static final String[] DAYS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "the weekend"
  };
  private static final String[] CLAUSES = {
    "{N} has {a} {o}.",
    "{N} buys {b} more {o} at the {p} on {d}.",
    "{M} gives {N} {b} {o} as a present.",
    "{N} shares the {o} equally among {c} friends.",
    "Each {o2} costs {a} cents at the {p}.",
    "On {d}, {M} sells {b} {o} and keeps the rest.",
    "{N} loses {c} of the {o} on the way to the {p}.",
    "The {p} packs {o2} in bags of {c}.",
    "{M} collects {a} {o2} every day for {c} days.",
    "A tax of {c} percent is added to the price of the {o}.",
    "{N} walks {a} metres to the {p} and then {b} metres back.",
    "Half of the {o} are red and the others are blue.",
    "{M} has {c} times as many {o2} as {N}.",
    "The {p} opens at {c} o'clock and closes {b} minutes after noon."
  };
  private static final String[] QUESTIONS = {
    "How many {o} does {N} have now?",
    "How many {o} does each friend get, and how many are left over?",
    "What is the total cost in dollars?",
    "How many more {o2} does {M} have than {N}?",
    "What fraction of the {o} is left?",
    "What percent of the {o2} did {M} sell?",
    "How far did {N} walk in all?",
    "Who has the most {o2}, and how many?"
  };

  private final Random random;

  SyntheticExamples(long seed) {
    this.random = new Random(seed);
  }

  /** The next {@code count} examples, with ids {@code bench-<first>...}. */
  List<Example> next(int first, int count) {
    List<Example> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(example(first + i));
    }
    return out;
  }

  Example example(int n) {
    String name = pick(NAMES);
    String other = pick(NAMES);
    String object = pick(OBJECTS);
    String object2 = pick(OBJECTS);
    String place = pick(PLACES);
    StringBuilder question = new StringBuilder();
    int clauses = 2 + random.nextInt(4);
    for (int c = 0; c < clauses; c++) {
      question.append(fill(pick(CLAUSES), name, other, object, object2, place)).append(' ');
    }
    question.append(fill(pick(QUESTIONS), name, other, object, object2, place));
    int a = 2 + random.nextInt(500);
    StringBuilder rationale = new StringBuilder();
    int steps = 2 + random.nextInt(4);
    int value = a;
    for (int s = 0; s < steps; s++) {
      int operand = 1 + random.nextInt(50);
      int next = switch (random.nextInt(3)) {
        case 0 -> value + operand;
        case 1 -> value - operand;
        default -> value * (1 + operand % 5);
      };
      rationale.append(name).append(" now has ").append(value).append(" and ").append(operand)
          .append(" ").append(object).append(" change hands, giving ").append(next).append(".\n");
      value = next;
    }
    rationale.append("The answer is ").append(value).append('.');
    return new Example(
        "bench-" + n, question.toString(), rationale.toString(), String.valueOf(value),
        skills(), source(), random.nextInt(5) == 0 ? "test" : "train",
        new Provenance("bench", null, Instant.ofEpochSecond(1_700_000_000L + n)), 1.0);
  }

  /** One to three distinct skills, skill k drawn with weight about 1/(k+1). */
  List<String> skills() {
    int count = 1 + random.nextInt(3);
    List<String> chosen = new ArrayList<>(count);
    while (chosen.size() < count) {
      String skill = skewedSkill();
      if (!chosen.contains(skill)) {
        chosen.add(skill);
      }
    }
    return chosen;
  }

  String skewedSkill() {
    double total = 0;
    for (int k = 0; k < SKILLS.size(); k++) {
      total += 1.0 / (k + 1);
    }
    double r = random.nextDouble() * total;
    for (int k = 0; k < SKILLS.size(); k++) {
      r -= 1.0 / (k + 1);
      if (r <= 0) {
        return SKILLS.get(k);
      }
    }
    return SKILLS.get(SKILLS.size() - 1);
  }

  /** Two words a user might search for. */
  String queryText() {
    return pick(OBJECTS) + " " + pick(PLACES);
  }

  private Example.Source source() {
    int r = random.nextInt(10);
    return r < 6 ? Example.Source.SEED : r < 8 ? Example.Source.IMPORTED : Example.Source.SYNTHESIZED;
  }

  private String fill(String template, String name, String other, String object, String object2, String place) {
    return template
        .replace("{N}", name)
        .replace("{M}", other)
        .replace("{o2}", object2)
        .replace("{o}", object)
        .replace("{p}", place)
        .replace("{d}", pick(DAYS))
        .replace("{a}", String.valueOf(2 + random.nextInt(500)))
        .replace("{b}", String.valueOf(1 + random.nextInt(200)))
        .replace("{c}", String.valueOf(2 + random.nextInt(12)));
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
