package io.skillforge.skills.world;

import io.skillforge.skills.Example;
import io.skillforge.skills.world.Template.Role;
import io.skillforge.skills.world.Wording.Clause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws skill-world problems from one seeded random stream: the same seed and settings give the
 * same problems in the same order, on every machine. Not thread-safe (one stream); make one per
 * thread.
 *
 * <p>Each problem is drawn for a focus skill from the {@link SkillMix}. With probability {@code
 * multiStepShare} it is a chain of 2-3 steps, each later step working on the previous result, in
 * which the focus is one step; otherwise it is one step of the focus. Sorting and reversing give no
 * number a later step could use, so they are always one step; a comparison always closes a chain;
 * counting and min/max always open one.
 *
 * <p>Sizes are for a small character-level model: operands of one or two digits (percent bases up
 * to 200), results up to {@value Ops#MAX_VALUE}, lists of 3-5 digits, words of 3-7 letters.
 */
public final class WorldGenerator {
  private static final String CONSONANTS = "bdfgklmnprstvz";
  private static final String VOWELS = "aeiou";
  private static final Kind[] START_KINDS = {
    Kind.ADD, Kind.SUB, Kind.MUL, Kind.DIV, Kind.MOD, Kind.PCT, Kind.COUNT, Kind.MAX, Kind.MIN
  };
  private static final Kind[] NEXT_KINDS = {Kind.ADD, Kind.SUB, Kind.MUL, Kind.DIV, Kind.MOD, Kind.PCT};
  private static final int ATTEMPTS = 50;

  private final SplittableRandom rng;
  private final SkillMix mix;
  private final double multiStepShare;

  /**
   * @param seed the random stream's seed
   * @param mix how often each skill is the focus
   * @param multiStepShare the share of chained problems, in [0, 1]
   */
  public WorldGenerator(long seed, SkillMix mix, double multiStepShare) {
    if (!(multiStepShare >= 0 && multiStepShare <= 1)) {
      throw new IllegalArgumentException("multiStepShare must be in [0, 1] but was " + multiStepShare);
    }
    this.rng = new SplittableRandom(seed);
    this.mix = java.util.Objects.requireNonNull(mix, "mix");
    this.multiStepShare = multiStepShare;
  }

  /** The next problem: a focus from the mix, chained with probability {@code multiStepShare}. */
  public Problem next() {
    WorldSkill focus = mix.sample(rng);
    boolean chain = rng.nextDouble() < multiStepShare;
    return next(focus, chain);
  }

  /**
   * The next problem for a given focus.
   *
   * @param multiStep whether to chain 2-3 steps; ignored for skills that cannot be chained
   */
  public Problem next(WorldSkill focus, boolean multiStep) {
    if (multiStep && chainable(focus)) {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Optional<Problem> p = chain(focus);
        if (p.isPresent()) {
          return p.get();
        }
      }
    }
    for (int attempt = 0; ; attempt++) {
      Optional<Problem> p = build(List.of(clause(Role.ALONE, Kind.of(focus), focus, null)), focus);
      if (p.isPresent()) {
        return p.get();
      }
      if (attempt > ATTEMPTS) {
        throw new IllegalStateException("cannot draw a one-step problem for " + focus);
      }
    }
  }

  /**
   * The next {@code count} problems as seed examples with ids {@code idPrefix-N} (N from 1).
   */
  public List<Example> examples(int count, String idPrefix, String split) {
    List<Example> out = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      out.add(SkillWorld.toExample(next(), idPrefix + "-" + i, split));
    }
    return out;
  }

  static boolean chainable(WorldSkill skill) {
    Kind k = Kind.of(skill);
    return k != Kind.SORT && k != Kind.REV;
  }

  private Optional<Problem> chain(WorldSkill focus) {
    Kind focusKind = Kind.of(focus);
    int length = rng.nextDouble() < 0.7 ? 2 : 3;
    int at;
    if (focusKind == Kind.CMP) {
      at = length - 1;
    } else if (focusKind == Kind.COUNT || focusKind == Kind.MAX || focusKind == Kind.MIN) {
      at = 0;
    } else {
      at = rng.nextInt(length);
    }
    List<Clause> clauses = new ArrayList<>();
    Integer x = null;
    for (int i = 0; i < length; i++) {
      boolean last = i == length - 1;
      Kind kind;
      WorldSkill want = null;
      if (i == at) {
        kind = focusKind;
        want = focus;
      } else if (i == 0) {
        kind = START_KINDS[rng.nextInt(START_KINDS.length)];
      } else if (last && rng.nextDouble() < 0.2) {
        kind = Kind.CMP;
      } else {
        kind = NEXT_KINDS[rng.nextInt(NEXT_KINDS.length)];
      }
      Role role = i == 0 ? Role.START : kind == Kind.CMP ? Role.FINAL : Role.NEXT;
      Clause c = clause(role, kind, want, x);
      if (c == null) {
        return Optional.empty();
      }
      Optional<Step> step = Wording.step(c, x);
      if (step.isEmpty() || (want != null && step.get().skill() != want)) {
        return Optional.empty();
      }
      if (kind.numeric()) {
        x = Integer.parseInt(step.get().result());
      }
      clauses.add(c);
    }
    return build(clauses, focus);
  }

  private Optional<Problem> build(List<Clause> clauses, WorldSkill focus) {
    Wording w = new Wording(clauses);
    String question = w.question();
    if (question.length() > Phrasebook.MAX_QUESTION_CHARS) {
      return Optional.empty();
    }
    return w.solve(question, focus).filter(p -> p.steps().stream().anyMatch(s -> s.skill() == focus));
  }

  /**
   * A clause of {@code kind} whose step applies {@code want} (any skill of the kind when null),
   * working on {@code x} for chained roles; null when no operands fit.
   */
  private Clause clause(Role role, Kind kind, WorldSkill want, Integer x) {
    List<Template> templates = Phrasebook.of(kind, role);
    Template t = templates.get(rng.nextInt(templates.size()));
    Map<String, String> v = new HashMap<>();
    v.put("name", pick(Phrasebook.NAMES));
    v.put("things", pick(Phrasebook.THINGS));
    boolean chained = role == Role.NEXT || role == Role.FINAL;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (!(chained ? operandsAfter(kind, x, v) : operands(kind, want, v))) {
        continue;
      }
      Clause c = new Clause(t, v);
      Optional<Step> step = Wording.step(c, x);
      if (step.isPresent() && (want == null || step.get().skill() == want)) {
        return c;
      }
    }
    return null;
  }

  /** Fresh operands of a first (or only) step; false when this draw does not fit. */
  private boolean operands(Kind kind, WorldSkill want, Map<String, String> v) {
    switch (kind) {
      case ADD -> {
        if (want == WorldSkill.ADD_NO_CARRY || (want == null && rng.nextBoolean())) {
          int ta = between(1, 8);
          int ua = between(0, 9);
          put(v, "a", 10 * ta + ua);
          put(v, "b", 10 * between(1, 9 - ta) + between(0, 9 - ua));
        } else {
          put(v, "a", between(10, 99));
          put(v, "b", between(10, 99));
        }
      }
      case SUB -> {
        int a = between(20, 99);
        put(v, "a", a);
        put(v, "b", between(10, a - 1));
      }
      case MUL -> {
        put(v, "a", between(11, 99));
        put(v, "b", between(2, 9));
      }
      case DIV -> {
        int b = between(2, 9);
        int q = between(2, 99 / b);
        if (q * b < 10) {
          return false;
        }
        put(v, "a", q * b);
        put(v, "b", b);
      }
      case MOD -> {
        int a = between(10, 99);
        int b = between(3, 9);
        if (a % b == 0) {
          return false;
        }
        put(v, "a", a);
        put(v, "b", b);
      }
      case PCT -> {
        int p = Ops.PERCENTS[rng.nextInt(Ops.PERCENTS.length)];
        int unit = 100 / gcd(p, 100);
        put(v, "p", p);
        put(v, "a", unit * between((10 + unit - 1) / unit, 200 / unit));
      }
      case CMP -> {
        int a = between(10, 99);
        int b = between(10, 99);
        if (a == b) {
          return false;
        }
        put(v, "a", a);
        put(v, "b", b);
      }
      case MAX, MIN -> v.put("list", digits(3));
      case SORT -> v.put("list", digits(between(4, 5)));
      case COUNT -> {
        String w = word(between(5, 7));
        char l = rng.nextDouble() < 0.75 ? w.charAt(rng.nextInt(w.length()))
            : VOWELS.charAt(rng.nextInt(VOWELS.length()));
        v.put("w", w);
        v.put("l", String.valueOf(l));
      }
      case REV -> v.put("w", word(between(3, 5)));
    }
    return true;
  }

  /** Operands of a chained step that works on {@code x}; false when none fit this draw. */
  private boolean operandsAfter(Kind kind, int x, Map<String, String> v) {
    switch (kind) {
      case ADD -> put(v, "b", between(2, 99));
      case SUB -> {
        if (x < 3) {
          return false;
        }
        put(v, "b", between(2, Math.min(99, x - 1)));
      }
      case MUL -> {
        if (x < 2 || x > 99) {
          return false;
        }
        put(v, "b", between(2, 9));
      }
      case DIV -> {
        List<Integer> divisors = new ArrayList<>();
        for (int d = 2; d <= 9; d++) {
          if (x % d == 0 && x / d >= 2) {
            divisors.add(d);
          }
        }
        if (divisors.isEmpty()) {
          return false;
        }
        put(v, "b", divisors.get(rng.nextInt(divisors.size())));
      }
      case MOD -> {
        if (x < 10) {
          return false;
        }
        put(v, "b", between(3, 9));
      }
      case PCT -> {
        List<Integer> fits = new ArrayList<>();
        for (int p : Ops.PERCENTS) {
          if (x >= 10 && x * p % 100 == 0) {
            fits.add(p);
          }
        }
        if (fits.isEmpty()) {
          return false;
        }
        put(v, "p", fits.get(rng.nextInt(fits.size())));
      }
      case CMP -> {
        int b = x + (rng.nextBoolean() ? 1 : -1) * between(1, 15);
        if (b < 0) {
          return false;
        }
        put(v, "b", b);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private String digits(int n) {
    List<Integer> pool = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(pool.remove(rng.nextInt(pool.size())));
    }
    return s.toString();
  }

  /** A pronounceable made-up word: consonant-vowel syllables, maybe a final consonant. */
  private String word(int length) {
    StringBuilder w = new StringBuilder();
    while (w.length() < length) {
      String from = w.length() % 2 == 0 ? CONSONANTS : VOWELS;
      w.append(from.charAt(rng.nextInt(from.length())));
    }
    return w.toString();
  }

  private String pick(List<String> values) {
    return values.get(rng.nextInt(values.size()));
  }

  private int between(int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  private static void put(Map<String, String> v, String key, int value) {
    v.put(key, Integer.toString(value));
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
