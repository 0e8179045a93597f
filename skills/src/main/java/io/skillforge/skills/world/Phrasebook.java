package io.skillforge.skills.world;

import io.skillforge.skills.world.Template.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Every wording of the world. Several per operation, so that question text is not one template;
 * no two wordings can read the same text (the round-trip test parses every generated question).
 * Questions stay under {@link #MAX_QUESTION_CHARS} characters so a small character-level model can
 * read them.
 */
final class Phrasebook {
  static final int MAX_QUESTION_CHARS = 80;

  static final List<String> NAMES =
      List.of("Ann", "Ben", "Cara", "Dan", "Eva", "Finn", "Gus", "Hana", "Ivo", "Jo", "Kim", "Leo",
          "Mia", "Nora", "Omar", "Pia", "Raj", "Sam", "Tara", "Zoe");
  static final List<String> THINGS =
      List.of("apples", "pens", "cards", "stamps", "coins", "shells", "beads", "books", "marbles",
          "stickers", "cups", "eggs");

  static final List<Template> ALL = build();

  private Phrasebook() {}

  static List<Template> of(Kind kind, Role role) {
    return ALL.stream().filter(t -> t.kind == kind && t.role == role).toList();
  }

  static List<Template> of(Role role) {
    return ALL.stream().filter(t -> t.role == role).toList();
  }

  private static List<Template> build() {
    List<Template> t = new ArrayList<>();
    alone(t, Kind.ADD, "What is {a}+{b}?", "Add {a} and {b}.", "Find the sum of {a} and {b}.",
        "{name} has {a} {things} and gets {b} more. How many now?");
    alone(t, Kind.SUB, "What is {a}-{b}?", "Subtract {b} from {a}.",
        "Find the difference of {a} and {b}.",
        "{name} has {a} {things} and gives away {b}. How many are left?");
    alone(t, Kind.MUL, "What is {a}*{b}?", "Multiply {a} by {b}.",
        "Find the product of {a} and {b}.", "{name} buys {b} packs of {a} {things}. How many in all?");
    alone(t, Kind.DIV, "What is {a}/{b}?", "Divide {a} by {b}.",
        "Split {a} into {b} equal parts. How big is each?",
        "{name} shares {a} {things} among {b} friends. How many each?");
    alone(t, Kind.MOD, "What is {a} mod {b}?", "What is the remainder of {a} divided by {b}?",
        "{name} packs {a} {things} in groups of {b}. How many are left over?");
    alone(t, Kind.PCT, "What is {p}% of {a}?", "Find {p}% of {a}.",
        "{name} has {a} {things} and uses {p}% of them. How many is that?");
    t.add(new Template(Kind.CMP, Role.ALONE, "Is {a} more than {b}?", true));
    t.add(new Template(Kind.CMP, Role.ALONE, "Is {a} greater than {b}?", true));
    t.add(new Template(Kind.CMP, Role.ALONE, "Is {a} less than {b}?", false));
    t.add(new Template(Kind.CMP, Role.ALONE, "Is {a} smaller than {b}?", false));
    alone(t, Kind.MAX, "What is the largest of {list}?", "Which is the biggest: {list}?",
        "Find the max of {list}.");
    alone(t, Kind.MIN, "What is the smallest of {list}?", "Which is the least: {list}?",
        "Find the min of {list}.");
    alone(t, Kind.SORT, "Sort {list} from small to large.", "Put {list} in increasing order.",
        "Order from least to most: {list}.");
    alone(t, Kind.COUNT, "How many times does {l} appear in {w}?", "Count the letter {l} in {w}.",
        "How many {l}'s are in {w}?");
    alone(t, Kind.REV, "Reverse the word {w}.", "What is {w} spelled backwards?",
        "Write {w} in reverse.");

    start(t, Kind.ADD, "Add {a} and {b}", "Start with {a}+{b}");
    start(t, Kind.SUB, "Subtract {b} from {a}", "Start with {a}-{b}");
    start(t, Kind.MUL, "Multiply {a} by {b}", "Start with {a}*{b}");
    start(t, Kind.DIV, "Divide {a} by {b}", "Start with {a}/{b}");
    start(t, Kind.MOD, "Find {a} mod {b}", "Take the remainder of {a} divided by {b}");
    start(t, Kind.PCT, "Take {p}% of {a}", "Start with {p}% of {a}");
    start(t, Kind.COUNT, "Count the letter {l} in {w}", "Count the {l}'s in {w}");
    start(t, Kind.MAX, "Take the largest of {list}", "Find the max of {list}");
    start(t, Kind.MIN, "Take the smallest of {list}", "Find the min of {list}");

    next(t, Kind.ADD, "add {b}", "increase it by {b}");
    next(t, Kind.SUB, "subtract {b}", "decrease it by {b}");
    next(t, Kind.MUL, "multiply by {b}", "multiply it by {b}");
    next(t, Kind.DIV, "divide by {b}", "split it into {b} equal parts");
    next(t, Kind.MOD, "take it mod {b}", "find the remainder after dividing by {b}");
    next(t, Kind.PCT, "take {p}% of it", "find {p}% of the result");

    t.add(new Template(Kind.CMP, Role.FINAL, "Is the result more than {b}?", true));
    t.add(new Template(Kind.CMP, Role.FINAL, "Is it greater than {b}?", true));
    t.add(new Template(Kind.CMP, Role.FINAL, "Is the result less than {b}?", false));
    t.add(new Template(Kind.CMP, Role.FINAL, "Is it smaller than {b}?", false));
    return List.copyOf(t);
  }

  private static void alone(List<Template> t, Kind kind, String... texts) {
    for (String text : texts) {
      t.add(new Template(kind, Role.ALONE, text));
    }
  }

  private static void start(List<Template> t, Kind kind, String... texts) {
    for (String text : texts) {
      t.add(new Template(kind, Role.START, text));
    }
  }

  private static void next(List<Template> t, Kind kind, String... texts) {
    for (String text : texts) {
      t.add(new Template(kind, Role.NEXT, text));
    }
  }
}
