package io.skillforge.skills.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grades a free-text response against an expected final answer. Used for GSM8K items ({@code ####
 * 72}), for skill-world items (numbers, words, comma-separated lists), by student probing and by
 * teachers that check agreement between solutions. Stateless and thread-safe.
 *
 * <h2>Finding the final answer in a response</h2>
 *
 * In this order, the first that applies:
 *
 * <ol>
 *   <li>the text after the last {@code ####}, up to the end of its line;
 *   <li>the contents of the last {@code \boxed{...}} (or {@code \fbox{...}});
 *   <li>the text after the last "answer is", "answer:" or "answer =" (any case, so "Final answer:"
 *       counts), up to the end of the line or of the sentence (a period followed by a space);
 *   <li>otherwise the last number or fraction in the text ({@code -3}, {@code 1,234.5}, {@code
 *       7/2}, {@code \frac{7}{2}}, {@code \frac72}).
 * </ol>
 *
 * The first three are <em>markers</em>: a text that has one states its answer explicitly.
 *
 * <h2>Canonical form of an answer</h2>
 *
 * <ol>
 *   <li>LaTeX that does not change the value goes, and the rest is spelled one way, as the MATH
 *       benchmark's normalisation does (see {@link LatexCleaner}): doubled backslashes become
 *       single ones ({@code \\frac} is {@code \frac}); {@code \boxed{x}}, {@code \text{x}}, {@code
 *       \textbf}, {@code \mathrm}, {@code \mbox} become {@code x}, but a unit on the right such as
 *       {@code \text{ cm}} goes; {@code \left}, {@code \right}, {@code \!}, {@code \,}, {@code
 *       \;}, {@code \:}, {@code \displaystyle}, {@code ^\circ}, {@code \$}, {@code $}, {@code
 *       \%}, {@code %}, a final line break {@code \\} and markdown {@code **} go; {@code \ } and
 *       {@code \quad} are spaces; {@code \dfrac} and {@code \tfrac} are {@code \frac}; shorthand
 *       arguments get braces ({@code \frac3x} is {@code \frac{3}{x}}, {@code \sqrt3} is {@code
 *       \sqrt{3}}); the Unicode minus is {@code -}; a final period goes.
 *   <li>A single variable before the only {@code =} goes: {@code x = 5}, {@code k_1 = 5} and
 *       {@code \theta = 5} are {@code 5}; {@code x + y = 5}, {@code f(x) = 5} and {@code x = 1, y
 *       = 2} stay.
 *   <li>Thousands separators go: a comma is one only inside a run {@code d,ddd,ddd} whose lead
 *       group has 1-3 digits and every later group exactly 3, with no spaces ({@code 1,234} is one
 *       number; {@code 1, 234}, {@code 1,2,3} and {@code 12,34} are lists). So {@code 100,200} is
 *       read as 100200: write lists with a space after the comma when the items have 3 digits.
 *   <li>The answer is split into items at the remaining commas. Order matters: {@code 1,2,3} and
 *       {@code 3,2,1} differ.
 *   <li>An item that is a number becomes its exact value, written as a reduced fraction times an
 *       optional square root ({@code 0.5}, {@code 1/2}, {@code \frac12}, {@code \tfrac{1}{2}} all
 *       become {@code 1/2}; {@code \sqrt3}, {@code \sqrt{3}} become {@code sqrt(3)}; {@code
 *       \sqrt{12}} becomes {@code 2*sqrt(3)}). Numbers are integers or decimals ({@code .1}, {@code
 *       5.0}), optionally signed, combined with fractions, products and square roots (see {@link
 *       NumberParser}); trailing unit words ("18 dollars", "5 cm") are ignored, and so is a percent
 *       sign ({@code 50%} is 50, not 0.5). Arithmetic is exact, never floating point.
 *   <li>Any other item (a word such as {@code olleh}, a letter, an expression such as {@code
 *       x+1}) keeps its case; runs of whitespace become one space, and a space survives only
 *       between two letters or digits and not after a command ({@code x + 1} is {@code x+1},
 *       {@code x \le 5} is {@code x\le5}, {@code New York} stays); a decimal point with no digit
 *       before it gets a 0 ({@code .5x} is {@code 0.5x}); a letter in parentheses is the letter, so
 *       the choice {@code \text{(A)}} is {@code A}.
 *   <li>The items are joined with {@code ,}.
 * </ol>
 *
 * <h2>Equivalence</h2>
 *
 * The expected answer is reduced to its marked answer when it has a marker ({@code ... #### 72}
 * is {@code 72}), else taken whole. A response with a marker is reduced the same way. A response
 * without one is taken whole first ({@code 18 dollars}, {@code a, b, c}); when that does not match
 * and the response reads as prose (its canonical form still holds a space), its last number is
 * compared instead. Two answers are equivalent when their canonical forms are equal.
 */
public final class AnswerGrader {
  private static final String GREEK =
      "alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu"
          + "|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega"
          + "|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega";
  private static final Pattern HASHES = Pattern.compile("####[ \\t]*([^\\n]*)");
  private static final Pattern BOXED = Pattern.compile("\\\\(?:boxed|fbox)\\s*\\{");
  private static final Pattern ANSWER_IS =
      Pattern.compile("(?i)\\banswer\\s*(?:is\\s*:?|:|=)[ \\t]*([^\\n]*)");
  /** A period that ends a sentence, not a decimal point. */
  private static final Pattern SENTENCE_END = Pattern.compile("\\.(?:\\s|$)");

  /** A number as prose writes it: 1,234.5 or 12 or .5 (no sign). */
  private static final String NUMBER = "(?:\\d{1,3}(?:,\\d{3})+(?![\\d])|\\d+)(?:\\.\\d+)?|\\.\\d+";
  /** A latex fraction, or a number optionally over another; a minus glued to a word is a hyphen. */
  private static final Pattern LAST_NUMBER =
      Pattern.compile(
          "\\\\[dt]?frac(?:\\s*\\{[^{}]*\\}|\\s*\\d){2}"
              + "|(?:(?<![\\w)])-)?(?:" + NUMBER + ")(?:\\s*/\\s*(?:" + NUMBER + "))?");

  /** {@code x =}, {@code k_1 =} or {@code \theta =} before an answer: the variable solved for. */
  private static final Pattern VARIABLE_IS =
      Pattern.compile(
          "\\s*(?:[A-Za-z]|\\\\(?:" + GREEK + "))(?:_(?:[A-Za-z0-9]|\\{[A-Za-z0-9]{1,2}\\}))?'?"
              + "\\s*=([^=]*)");
  /** A consistently grouped run such as 12,345,678, not part of a longer number or list. */
  private static final Pattern THOUSANDS = Pattern.compile("(?<![\\w.,])\\d{1,3}(?:,\\d{3})+(?!\\d|,\\d)");
  /** A space with a non-word character on either side ("x + 1"); spaces between words stay. */
  private static final Pattern NON_WORD_SPACE =
      Pattern.compile("(?<![\\p{L}\\d]) | (?![\\p{L}\\d])");
  /** A space ending a command before a non-letter: TeX reads {@code \le 5} as {@code \le5}. */
  private static final Pattern COMMAND_SPACE = Pattern.compile("(\\\\[a-zA-Z]+) (?!\\p{L})");
  /** A decimal point with no digit before it ({@code .5x}, {@code \le.5}): a 0 goes there. */
  private static final Pattern BARE_DECIMAL_POINT =
      Pattern.compile("(?:(?<![\\w.])|(?<=\\\\[a-zA-Z]{1,30}))\\.(?=\\d)");
  /** A multiple-choice letter in parentheses, {@code (A)}: compared as the letter. */
  private static final Pattern CHOICE = Pattern.compile("\\(([A-Za-z])\\)");

  private AnswerGrader() {}

  /**
   * The final answer stated in a free-text response ("The answer is 18.", "#### 18",
   * "\boxed{18}", or the last number/expression if nothing better), or empty when there is none.
   * The answer is returned as written (trimmed), not canonicalised.
   *
   * @throws NullPointerException if {@code response} is null
   */
  public static Optional<String> extractFinalAnswer(String response) {
    Objects.requireNonNull(response, "response");
    return markedAnswer(response).or(() -> lastNumber(response));
  }

  /**
   * Canonical form of one final answer (numbers normalised, latex noise stripped); equal canonical
   * forms mean equivalent. See the class comment for the rules.
   *
   * @throws NullPointerException if {@code answer} is null
   */
  public static String canonical(String answer) {
    Objects.requireNonNull(answer, "answer");
    String cleaned = removeThousandsSeparators(withoutVariable(LatexCleaner.clean(answer)));
    List<String> items = new ArrayList<>();
    for (String item : cleaned.split(",", -1)) {
      items.add(
          NumberParser.parse(item).map(Surd::toString).orElseGet(() -> normaliseText(item)));
    }
    return String.join(",", items);
  }

  /**
   * Whether the response's final answer equals the expected answer. Both sides go through
   * extraction (when they contain such a marker) and canonicalisation; numeric values compare
   * exactly, so 1/2 = 0.5 = \frac12 = \tfrac{1}{2}.
   *
   * @throws NullPointerException if either argument is null
   */
  public static boolean equivalent(String expected, String response) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(response, "response");
    String want = canonical(markedAnswer(expected).orElse(expected));
    Optional<String> marked = markedAnswer(response);
    if (marked.isPresent()) {
      return want.equals(canonical(marked.get()));
    }
    String whole = canonical(response);
    if (want.equals(whole)) {
      return true;
    }
    // A bare list or word that differs is simply wrong; only prose falls back to its last number.
    return whole.contains(" ")
        && lastNumber(response).map(n -> want.equals(canonical(n))).orElse(false);
  }

  private static Optional<String> markedAnswer(String text) {
    String hashes = lastGroup(HASHES, text);
    if (hashes != null && !hashes.isBlank()) {
      return Optional.of(hashes.strip());
    }
    Optional<String> boxed = lastBoxed(text);
    if (boxed.isPresent()) {
      return boxed;
    }
    String stated = lastGroup(ANSWER_IS, text);
    if (stated != null) {
      Matcher end = SENTENCE_END.matcher(stated);
      String sentence = (end.find() ? stated.substring(0, end.start()) : stated).strip();
      if (!sentence.isEmpty()) {
        return Optional.of(sentence);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> lastBoxed(String text) {
    Matcher m = BOXED.matcher(text);
    int open = -1;
    while (m.find()) {
      open = m.end();
    }
    if (open < 0) {
      return Optional.empty();
    }
    int close = LatexCleaner.matchingBrace(text, open);
    String inside = text.substring(open, close < 0 ? text.length() : close).strip();
    return inside.isEmpty() ? Optional.empty() : Optional.of(inside);
  }

  private static Optional<String> lastNumber(String text) {
    return Optional.ofNullable(lastGroup(LAST_NUMBER, text)).map(String::strip);
  }

  /** Group 1 (or the whole match when there is no group) of the last match, or null. */
  private static String lastGroup(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.groupCount() > 0 ? m.group(1) : m.group();
    }
    return last;
  }

  private static String removeThousandsSeparators(String s) {
    return THOUSANDS.matcher(s).replaceAll(m -> m.group().replace(",", ""));
  }

  private static String withoutVariable(String answer) {
    Matcher m = VARIABLE_IS.matcher(answer);
    return m.matches() && !m.group(1).isBlank() ? m.group(1).strip() : answer;
  }

  private static String normaliseText(String item) {
    String collapsed = item.strip().replaceAll("\\s+", " ");
    String spaced = NON_WORD_SPACE.matcher(collapsed).replaceAll("");
    spaced = COMMAND_SPACE.matcher(spaced).replaceAll("$1");
    String zeroed = BARE_DECIMAL_POINT.matcher(spaced).replaceAll("0.");
    Matcher choice = CHOICE.matcher(zeroed);
    return choice.matches() ? choice.group(1) : zeroed;
  }
}
