package io.skillforge.skills.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the LaTeX of an answer that does not change its value, and spells the rest one way, as
 * the MATH benchmark's answer normalisation does (Hendrycks et al. 2021). {@link #clean} applies,
 * in this order:
 *
 * <ol>
 *   <li>The Unicode minus becomes {@code -}. A run of backslashes before a space or a digit is a
 *       line break and becomes {@code \\}; at the end it goes. Any other run is one backslash
 *       ({@code \\frac} was escaped twice and is {@code \frac}). A backslash before a space
 *       ({@code \ }), {@code \quad} and {@code \qquad} are spaces.
 *   <li>{@code \left}, {@code \right} (with a {@code .} null delimiter), {@code \displaystyle},
 *       {@code \!}, {@code \,}, {@code \;}, {@code \:}, the math delimiters {@code \( \) \[ \]},
 *       degrees ({@code ^\circ}, {@code ^{\circ}}), {@code \$}, {@code $}, {@code \%}, {@code %}
 *       and markdown {@code **} go.
 *   <li>A unit in text on the right goes: {@code \text{ ...}} or {@code \mbox{ ...}} whose text
 *       starts with a space, after something and at the end of the answer or before a comma
 *       ({@code 2x\text{ cm}} is {@code 2x}; {@code \text{ odd}} alone stays).
 *   <li>Wrappers are replaced by their contents: {@code \boxed}, {@code \fbox}, {@code \text},
 *       {@code \textbf}, {@code \textrm}, {@code \mathrm}, {@code \mathbf}, {@code \mbox}.
 *   <li>{@code \dfrac} and {@code \tfrac} are {@code \frac}; {@code \dbinom} and {@code \tbinom}
 *       are {@code \binom}.
 *   <li>Arguments of {@code \frac}, {@code \binom} and {@code \sqrt} get braces: an argument
 *       without them is one character or one command, as in TeX ({@code \frac34i} is {@code
 *       \frac{3}{4}i}, {@code \frac\pi2} is {@code \frac{\pi}{2}}, {@code \frac123} is {@code
 *       \frac{1}{2}3}, {@code \sqrt[3]2} is {@code \sqrt[3]{2}}).
 *   <li>Surrounding spaces and final periods go.
 * </ol>
 */
final class LatexCleaner {
  private static final Pattern FINAL_LINE_BREAK = Pattern.compile("\\\\{2,}\\s*$");
  private static final Pattern LINE_BREAK = Pattern.compile("\\\\{2,}(?=[\\s\\d])");
  private static final Pattern ESCAPED_TWICE = Pattern.compile("\\\\{2,}(?![\\s\\d])");
  private static final Pattern SPACES =
      Pattern.compile("(?<!\\\\)\\\\(?:\\s|$)|\\\\q?quad(?![a-zA-Z])");
  private static final Pattern NOISE =
      Pattern.compile(
          "\\\\(?:left|right)(?![a-zA-Z])\\.?|\\\\displaystyle(?![a-zA-Z])|\\\\[!,;:()\\[\\]]"
              + "|\\^\\s*\\{?\\\\circ\\}?|\\\\?\\$|\\\\?%|\\*\\*");
  private static final Pattern TEXT_WITH_SPACE = Pattern.compile("\\\\(?:text|mbox)\\s*\\{\\s");
  /** What may follow a unit on the right: the end of the answer or of a list item. */
  private static final Pattern AFTER_UNIT = Pattern.compile("[\\s.]*(?:,|$)");
  private static final Pattern WRAPPERS =
      Pattern.compile("\\\\(?:boxed|fbox|text|textbf|textrm|mathrm|mathbf|mbox)\\s*\\{");
  private static final Pattern STYLED = Pattern.compile("\\\\[dt](frac|binom)(?![a-zA-Z])");
  private static final Pattern WITH_ARGUMENTS =
      Pattern.compile("\\\\(frac|binom|sqrt)(?![a-zA-Z])");
  private static final Pattern COMMAND = Pattern.compile("\\\\(?:[a-zA-Z]+|.)");

  private LatexCleaner() {}

  /** The answer without value-neutral LaTeX; see the class comment for the rules. */
  static String clean(String answer) {
    String s = answer.replace('\u2212', '-');
    s = FINAL_LINE_BREAK.matcher(s).replaceAll("");
    s = LINE_BREAK.matcher(s).replaceAll("\\\\\\\\");
    s = ESCAPED_TWICE.matcher(s).replaceAll("\\\\");
    s = SPACES.matcher(s).replaceAll(" ");
    s = withoutNoise(s);
    s = withoutRightUnit(s);
    s = unwrap(s);
    s = STYLED.matcher(s).replaceAll("\\\\$1");
    s = bracedArguments(s);
    s = s.strip();
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1).stripTrailing();
    }
    return s;
  }

  /** Index of the brace closing the group opened just before {@code from}, or -1. */
  static int matchingBrace(String s, int from) {
    int depth = 1;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String withoutNoise(String s) {
    // Gone without a trace, except where a command would run on into a letter: "\pi\,r" is "\pi r".
    return NOISE
        .matcher(s)
        .replaceAll(m -> endsWithCommand(s, m.start()) && startsWithLetter(s, m.end()) ? " " : "");
  }

  private static boolean endsWithCommand(String s, int end) {
    int i = end;
    while (i > 0 && isAsciiLetter(s.charAt(i - 1))) {
      i--;
    }
    return i < end && i > 0 && s.charAt(i - 1) == '\\';
  }

  private static boolean startsWithLetter(String s, int from) {
    return from < s.length() && isAsciiLetter(s.charAt(from));
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String withoutRightUnit(String s) {
    int from = 0;
    while (true) {
      Matcher m = TEXT_WITH_SPACE.matcher(s);
      if (!m.find(from)) {
        return s;
      }
      int close = matchingBrace(s, m.end());
      if (close < 0) {
        return s;
      }
      String before = s.substring(s.lastIndexOf(',', m.start()) + 1, m.start());
      if (!before.isBlank() && AFTER_UNIT.matcher(s).region(close + 1, s.length()).lookingAt()) {
        s = s.substring(0, m.start()) + s.substring(close + 1);
        from = m.start();
      } else {
        from = close + 1;
      }
    }
  }

  /** Replaces every {@code \text{x}}-like wrapper with {@code x}, innermost braces respected. */
  private static String unwrap(String s) {
    Matcher m = WRAPPERS.matcher(s);
    while (m.find()) {
      int close = matchingBrace(s, m.end());
      String inside = s.substring(m.end(), close < 0 ? s.length() : close);
      String after = close < 0 ? "" : s.substring(close + 1);
      s = s.substring(0, m.start()) + inside + after;
      m = WRAPPERS.matcher(s);
    }
    return s;
  }

  /** Braces the arguments of {@code \frac}, {@code \binom} and {@code \sqrt}, inner ones too. */
  private static String bracedArguments(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    Matcher m = WITH_ARGUMENTS.matcher(s);
    int at = 0;
    while (m.find(at)) {
      out.append(s, at, m.end());
      at = m.end();
      if (m.group(1).equals("sqrt")) {
        int open = skipSpaces(s, at);
        int close = open < s.length() && s.charAt(open) == '[' ? s.indexOf(']', open) : -1;
        if (close > 0) {
          out.append('[').append(bracedArguments(s.substring(open + 1, close))).append(']');
          at = close + 1;
        }
      }
      int arguments = m.group(1).equals("sqrt") ? 1 : 2;
      for (int i = 0; i < arguments; i++) {
        int next = appendArgument(s, skipSpaces(s, at), out);
        if (next < 0) {
          break; // no argument where one belongs: the rest stays as written
        }
        at = next;
      }
    }
    return out.append(s, at, s.length()).toString();
  }

  /**
   * Appends the argument starting at {@code from} in braces and returns the index after it, or -1
   * (appending nothing) when there is no argument there.
   */
  private static int appendArgument(String s, int from, StringBuilder out) {
    if (from >= s.length()) {
      return -1;
    }
    char c = s.charAt(from);
    if (c == '{') {
      int close = matchingBrace(s, from + 1);
      if (close < 0) {
        return -1;
      }
      out.append('{').append(bracedArguments(s.substring(from + 1, close))).append('}');
      return close + 1;
    }
    if (c == '\\') {
      Matcher command = COMMAND.matcher(s).region(from, s.length());
      if (command.lookingAt()) {
        out.append('{').append(command.group()).append('}');
        return command.end();
      }
      return -1;
    }
    if (Character.isLetterOrDigit(c)) {
      out.append('{').append(c).append('}');
      return from + 1;
    }
    return -1;
  }

  private static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
