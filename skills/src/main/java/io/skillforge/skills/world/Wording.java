package io.skillforge.skills.world;

import io.skillforge.skills.world.Template.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A question as a sequence of worded clauses: one {@code ALONE} clause, or a {@code START} clause
 * followed by {@code NEXT} clauses and at most one {@code FINAL} comparison. Rendering and reading
 * are inverse: {@code read(w.question())} gives back {@code w}'s steps.
 */
record Wording(List<Clause> clauses) {
  private static final String THEN = ", then ";

  /** One worded step: a template and its placeholder values. */
  record Clause(Template template, Map<String, String> values) {
    Clause {
      values = Map.copyOf(values);
    }
  }

  Wording {
    clauses = List.copyOf(clauses);
    if (clauses.isEmpty()) {
      throw new IllegalArgumentException("a wording needs a clause");
    }
  }

  String question() {
    if (clauses.size() == 1 && clauses.get(0).template().role == Role.ALONE) {
      return clauses.get(0).template().render(clauses.get(0).values());
    }
    StringBuilder q = new StringBuilder();
    for (Clause c : clauses) {
      String text = c.template().render(c.values());
      switch (c.template().role) {
        case START -> q.append(text);
        case NEXT -> q.append(THEN).append(text);
        case FINAL -> q.append(". ").append(text);
        case ALONE -> throw new IllegalStateException("a chain cannot hold a one-step wording");
      }
    }
    if (last().template().role != Role.FINAL) {
      q.append('.');
    }
    return q.toString();
  }

  /**
   * Works the clauses in order, each later clause on the previous result.
   *
   * @return the problem, or empty when an operand is outside the world (an inexact division...)
   */
  Optional<Problem> solve(String question, WorldSkill focus) {
    List<Step> steps = new ArrayList<>();
    Integer x = null;
    for (Clause c : clauses) {
      Optional<Step> step = step(c, x);
      if (step.isEmpty()) {
        return Optional.empty();
      }
      steps.add(step.get());
      if (c.template().kind.numeric()) {
        x = Integer.parseInt(step.get().result());
      }
    }
    Step lastStep = steps.get(steps.size() - 1);
    String answer = lastStep.result();
    if (last().template().kind == Kind.CMP) {
      boolean greater = lastStep.result().equals(">");
      answer = greater == last().template().asksGreater ? "yes" : "no";
    }
    WorldSkill f = focus != null ? focus : steps.get(0).skill();
    if (steps.stream().noneMatch(s -> s.skill() == f)) {
      return Optional.empty();
    }
    return Optional.of(new Problem(question, steps, answer, f));
  }

  /** The step of one clause; {@code x} is the previous result for chained clauses. */
  static Optional<Step> step(Clause c, Integer x) {
    Template t = c.template();
    Map<String, String> v = c.values();
    boolean chained = t.role == Role.NEXT || t.role == Role.FINAL;
    if (chained && x == null) {
      return Optional.empty();
    }
    int a = chained ? x : (v.containsKey("a") ? Integer.parseInt(v.get("a")) : 0);
    int b = v.containsKey("b") ? Integer.parseInt(v.get("b")) : 0;
    return switch (t.kind) {
      case ADD -> Ops.add(a, b);
      case SUB -> Ops.sub(a, b);
      case MUL -> Ops.mul(a, b);
      case DIV -> Ops.div(a, b);
      case MOD -> Ops.mod(a, b);
      case PCT -> Ops.pct(Integer.parseInt(v.get("p")), a);
      case CMP -> Ops.cmp(a, b);
      case MAX -> Ops.max(list(v.get("list")));
      case MIN -> Ops.min(list(v.get("list")));
      case SORT -> Ops.sort(list(v.get("list")));
      case COUNT -> Ops.count(v.get("l").charAt(0), v.get("w"));
      case REV -> Ops.reverse(v.get("w"));
    };
  }

  /** Reads a question back into clauses, or empty when no wording of the world fits it. */
  static Optional<Wording> read(String question) {
    String q = question.strip();
    for (Template t : Phrasebook.of(Role.ALONE)) {
      Optional<Map<String, String>> v = t.match(q);
      if (v.isPresent() && numbersCanonical(v.get())) {
        return Optional.of(new Wording(List.of(new Clause(t, v.get()))));
      }
    }
    String body;
    Clause closing = null;
    if (q.endsWith("?")) {
      int dot = q.lastIndexOf(". ");
      if (dot < 0) {
        return Optional.empty();
      }
      body = q.substring(0, dot);
      closing = matchOne(Role.FINAL, q.substring(dot + 2)).orElse(null);
      if (closing == null) {
        return Optional.empty();
      }
    } else if (q.endsWith(".")) {
      body = q.substring(0, q.length() - 1);
    } else {
      return Optional.empty();
    }
    String[] parts = body.split(THEN, -1);
    if (parts.length < 2 && closing == null) {
      return Optional.empty();
    }
    List<Clause> clauses = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      Optional<Clause> c = matchOne(i == 0 ? Role.START : Role.NEXT, parts[i]);
      if (c.isEmpty()) {
        return Optional.empty();
      }
      clauses.add(c.get());
    }
    if (closing != null) {
      clauses.add(closing);
    }
    return Optional.of(new Wording(clauses));
  }

  private static Optional<Clause> matchOne(Role role, String text) {
    for (Template t : Phrasebook.of(role)) {
      Optional<Map<String, String>> v = t.match(text);
      if (v.isPresent() && numbersCanonical(v.get())) {
        return Optional.of(new Clause(t, v.get()));
      }
    }
    return Optional.empty();
  }

  /** Numbers written with a leading zero are not the world's; they would not render back. */
  private static boolean numbersCanonical(Map<String, String> values) {
    for (String key : List.of("a", "b", "p")) {
      String n = values.get(key);
      if (n != null && n.length() > 1 && n.charAt(0) == '0') {
        return false;
      }
    }
    String list = values.get("list");
    return list == null || !list.matches(".*\\b0\\d.*");
  }

  static int[] list(String text) {
    String[] parts = text.split(", ");
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Integer.parseInt(parts[i]);
    }
    return values;
  }

  private Clause last() {
    return clauses.get(clauses.size() - 1);
  }
}
