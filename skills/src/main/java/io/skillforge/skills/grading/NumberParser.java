package io.skillforge.skills.grading;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one numeric answer item to its exact value. The input has already been cleaned by {@link
 * AnswerGrader} (no thousands separators, no {@code $}, {@code %} or {@code \left}, and {@code
 * \dfrac}/{@code \tfrac} spelled {@code \frac}). Grammar, spaces allowed between tokens:
 *
 * <pre>
 * item    := product [unit]
 * product := signed (('*' | '/' | '\cdot' | '\times' | '\div') signed)*
 * signed  := ('-' | '+') signed | primary ('\sqrt' arg)*     -- "2\sqrt3" is 2 * sqrt(3)
 * primary := number | '\frac' arg arg | '\sqrt' arg | '{' product '}' | '(' product ')'
 * arg     := '{' product '}' | digit                         -- "\frac12", "\sqrt3"
 * number  := digits ['.' [digits]] | '.' digits
 * unit    := words without digits, e.g. "dollars", "cm", "km/h", "sq. ft"
 * </pre>
 *
 * A unit made of a single letter must be set off by a space ({@code 5 m}), so {@code 5x} stays an
 * expression rather than {@code 5}. Anything else (sums, powers, variables) is not a number.
 *
 * <p>Not thread-safe: one instance reads one string.
 */
final class NumberParser {
  private static final Pattern UNIT = Pattern.compile("[\\p{L}°][\\p{L}\\s./°²³'-]*(\\^\\{?\\d\\}?)?");

  private final String text;
  private int pos;

  private NumberParser(String text) {
    this.text = text;
  }

  /** The exact value of {@code item}, or empty when it is not a number (with an optional unit). */
  static Optional<Surd> parse(String item) {
    NumberParser parser = new NumberParser(item);
    try {
      Surd value = parser.product();
      return parser.atUnitOrEnd() ? Optional.of(value) : Optional.empty();
    } catch (NotANumber | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private Surd product() {
    Surd value = signed();
    while (true) {
      if (accept("*") || accept("\\cdot") || accept("\\times")) {
        value = value.times(signed());
      } else if (accept("/") || accept("\\div")) {
        value = value.dividedBy(signed());
      } else {
        return value;
      }
    }
  }

  private Surd signed() {
    if (accept("-")) {
      return signed().negate();
    }
    if (accept("+")) {
      return signed();
    }
    Surd value = primary();
    while (accept("\\sqrt")) {
      value = value.times(root(arg()));
    }
    return value;
  }

  private Surd primary() {
    if (accept("\\frac")) {
      Surd numerator = arg();
      return numerator.dividedBy(arg());
    }
    if (accept("\\sqrt")) {
      return root(arg());
    }
    if (accept("{")) {
      return closedBy("}");
    }
    if (accept("(")) {
      return closedBy(")");
    }
    return number();
  }

  private Surd arg() {
    if (accept("{")) {
      return closedBy("}");
    }
    skipSpaces();
    if (pos < text.length() && isDigit(text.charAt(pos))) {
      return Surd.of(new BigDecimal(text.substring(pos, ++pos)));
    }
    throw new NotANumber();
  }

  private Surd closedBy(String close) {
    Surd value = product();
    if (!accept(close)) {
      throw new NotANumber();
    }
    return value;
  }

  private Surd number() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    int digitsBefore = pos - start;
    if (pos < text.length() && text.charAt(pos) == '.') {
      int dot = pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
      if (digitsBefore == 0 && pos == dot + 1) {
        throw new NotANumber();
      }
    }
    if (pos == start) {
      throw new NotANumber();
    }
    String literal = text.substring(start, pos);
    // BigDecimal reads "5." but not ".5"; both are fine answers.
    return Surd.of(new BigDecimal(literal.startsWith(".") ? "0" + literal : literal));
  }

  private static Surd root(Surd radicand) {
    return radicand.sqrt().orElseThrow(NotANumber::new);
  }

  private boolean atUnitOrEnd() {
    skipSpaces();
    boolean spaced = pos > 0 && Character.isWhitespace(text.charAt(pos - 1));
    String rest = text.substring(pos).strip();
    if (rest.isEmpty()) {
      return true;
    }
    boolean singleLetter = rest.length() == 1 || !Character.isLetter(rest.charAt(1));
    return UNIT.matcher(rest).matches() && (spaced || !singleLetter);
  }

  /** Consumes {@code token} (after spaces) when it comes next; a command must not run on into letters. */
  private boolean accept(String token) {
    skipSpaces();
    if (!text.startsWith(token, pos)) {
      return false;
    }
    int end = pos + token.length();
    if (token.startsWith("\\") && end < text.length() && Character.isLetter(text.charAt(end))) {
      return false;
    }
    pos = end;
    return true;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Control flow for "this item is not a number"; never escapes {@link #parse}. */
  private static final class NotANumber extends RuntimeException {
    NotANumber() {
      super(null, null, false, false);
    }
  }
}
