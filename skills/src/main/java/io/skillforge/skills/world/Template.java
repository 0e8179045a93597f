package io.skillforge.skills.world;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wording of a step: text with placeholders ({@code {a}}, {@code {b}}, {@code {p}}, {@code
 * {list}}, {@code {w}}, {@code {l}}, {@code {name}}, {@code {things}}), each used at most once. The
 * same text renders a question and, compiled to a regular expression, reads one back.
 */
final class Template {
  /** Where in a question the wording may stand. */
  enum Role {
    /** A whole one-step question. */
    ALONE,
    /** The first clause of a chain, capitalised, without final punctuation. */
    START,
    /** A later clause of a chain; it works on the previous result ("it"). */
    NEXT,
    /** A closing yes/no comparison question about the chain's result. */
    FINAL
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
  private static final Map<String, String> GROUPS =
      Map.of(
          "a", "(\\d{1,4})",
          "b", "(\\d{1,4})",
          "p", "(\\d{1,3})",
          "list", "(\\d{1,3}(?:, \\d{1,3}){1,5})",
          "w", "([a-z]{2,12})",
          "l", "([a-z])",
          "name", "([A-Z][a-z]{1,11})",
          "things", "([a-z]{2,12})");

  final Kind kind;
  final Role role;
  final String text;
  /** For comparisons: whether the question asks "is it greater" (else "is it smaller"). */
  final boolean asksGreater;

  private final Pattern pattern;
  private final List<String> names;

  Template(Kind kind, Role role, String text, boolean asksGreater) {
    this.kind = kind;
    this.role = role;
    this.text = text;
    this.asksGreater = asksGreater;
    StringBuilder regex = new StringBuilder();
    List<String> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int last = 0;
    while (m.find()) {
      String name = m.group(1);
      String group = GROUPS.get(name);
      if (group == null || found.contains(name)) {
        throw new IllegalArgumentException("bad placeholder {" + name + "} in template: " + text);
      }
      regex.append(Pattern.quote(text.substring(last, m.start()))).append(group);
      found.add(name);
      last = m.end();
    }
    regex.append(Pattern.quote(text.substring(last)));
    this.pattern = Pattern.compile(regex.toString());
    this.names = List.copyOf(found);
  }

  Template(Kind kind, Role role, String text) {
    this(kind, role, text, false);
  }

  /** The text with every placeholder replaced by its value. */
  String render(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for {" + m.group(1) + "} in: " + text);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholder values when {@code s} is exactly this wording, else empty. */
  Optional<Map<String, String>> match(String s) {
    Matcher m = pattern.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), m.group(i + 1));
    }
    return Optional.of(values);
  }
}
