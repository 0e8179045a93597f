package io.skillforge.student;

import io.skillforge.skills.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small synthetic tasks that a tiny transformer learns in seconds: the first or last letter of a
 * word, and reversing a three-letter word. Seeded.
 */
public final class TinyTasks {
  public static final String FIRST = "first_letter";
  public static final String LAST = "last_letter";
  public static final String REVERSE = "reverse_word";

  private TinyTasks() {}

  /** {@code count} examples of {@code skill}, words drawn from {@code seed}. */
  public static List<Example> examples(String skill, int count, long seed) {
    Random random = new Random(seed);
    List<Example> examples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      examples.add(example(skill, random, skill + "-" + seed + "-" + i));
    }
    return examples;
  }

  /** Alternates the given skills, {@code count} examples in all. */
  public static List<Example> mixed(List<String> skills, int count, long seed) {
    Random random = new Random(seed);
    List<Example> examples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String skill = skills.get(i % skills.size());
      examples.add(example(skill, random, "mix-" + seed + "-" + i));
    }
    return examples;
  }

  private static Example example(String skill, Random random, String id) {
    String word = word(random, skill.equals(REVERSE) ? 3 : 3 + random.nextInt(3));
    return switch (skill) {
      case FIRST -> Example.of(id, "first " + word, "", word.substring(0, 1), List.of(FIRST),
          Example.Source.SEED, "train");
      case LAST -> Example.of(id, "last " + word, "", word.substring(word.length() - 1),
          List.of(LAST), Example.Source.SEED, "train");
      case REVERSE -> Example.of(id, "reverse " + word, "",
          new StringBuilder(word).reverse().toString(), List.of(REVERSE), Example.Source.SEED,
          "train");
      default -> throw new IllegalArgumentException(skill);
    };
  }

  private static String word(Random random, int length) {
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + random.nextInt(8)));
    }
    return word.toString();
  }
}
