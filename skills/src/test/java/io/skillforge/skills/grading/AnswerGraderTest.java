package io.skillforge.skills.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnswerGraderTest {

  /** Rule, then two bare answers that must be equivalent (in both directions). */
  static Stream<Arguments> sameAnswers() {
    return Stream.of(
        arguments("integer", "18", "18"),
        arguments("integer with plus sign", "18", "+18"),
        arguments("leading zeros", "7", "007"),
        arguments("decimal without leading zero", ".1", "0.1"),
        arguments("trailing zeros", "5.0", "5"),
        arguments("trailing zeros in decimal", "2.50", "2.5"),
        arguments("thousands separator", "1,234", "1234"),
        arguments("several thousands groups", "1,000,000", "1000000"),
        arguments("thousands with decimals", "1,234.50", "1234.5"),
        arguments("fraction equals decimal", "1/2", "0.5"),
        arguments("fraction not reduced", "2/4", "1/2"),
        arguments("frac", "\\frac{1}{2}", "0.5"),
        arguments("tfrac", "\\tfrac{1}{2}", "1/2"),
        arguments("dfrac", "\\dfrac{3}{4}", "0.75"),
        arguments("frac shorthand", "\\frac12", "1/2"),
        arguments("frac half shorthand", "\\frac1{2}", "\\frac{1}{2}"),
        arguments("frac of decimals", "\\frac{1.5}{3}", "0.5"),
        arguments("improper fraction", "\\frac{10}{4}", "2.5"),
        arguments("sqrt shorthand", "\\sqrt3", "\\sqrt{3}"),
        arguments("sqrt simplified", "\\sqrt{12}", "2\\sqrt{3}"),
        arguments("sqrt of a square", "\\sqrt{16}", "4"),
        arguments("sqrt in a fraction", "\\frac{\\sqrt3}{2}", "\\frac{1}{2}\\sqrt{3}"),
        arguments("rationalised root", "\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt2}{2}"),
        arguments("escaped dollar", "\\$18", "18"),
        arguments("dollar sign", "$18", "18"),
        arguments("math dollars", "$\\frac{1}{2}$", "0.5"),
        arguments("escaped percent", "50\\%", "50"),
        arguments("percent", "50%", "50"),
        arguments("unit words", "18 dollars", "18"),
        arguments("unit abbreviation", "5 cm", "5"),
        arguments("unit without space", "5cm", "5"),
        arguments("single-letter unit after a space", "5 m", "5"),
        arguments("unit in text wrapper", "5\\text{ cm}", "5"),
        arguments("degrees", "90^\\circ", "90"),
        arguments("left right", "\\left(\\frac{1}{2}\\right)", "0.5"),
        arguments("negative thin space", "1\\!000", "1000"),
        arguments("thin space", "1\\,000", "1000"),
        arguments("doubled backslashes", "\\\\frac{1}{2}", "\\frac{1}{2}"),
        arguments("doubled backslash shorthand", "\\\\dfrac{\\\\sqrt3}2", "\\frac{\\sqrt{3}}{2}"),
        arguments("spaces", " 1 / 2 ", "1/2"),
        arguments("spaces in frac", "\\frac { 3 } { 4 }", "3/4"),
        arguments("text wrapper", "\\text{18}", "18"),
        arguments("text wrapper with unit", "\\text{18 apples}", "18"),
        arguments("mathrm wrapper", "\\mathrm{42}", "42"),
        arguments("boxed wrapper", "\\boxed{42}", "42"),
        arguments("negative", "-3", "-3.0"),
        arguments("unicode minus", "\u22123", "-3"),
        arguments("negative fraction", "-\\frac{1}{2}", "\\frac{-1}{2}"),
        arguments("negative denominator", "1/-2", "-0.5"),
        arguments("product", "2 \\times 3", "6"),
        arguments("final period", "18.", "18"),
        arguments("list with and without spaces", "1, 2, 3", "1,2,3"),
        arguments("list of fractions", "1/2, 3/4", "0.5, 0.75"),
        arguments("list with thousands", "1,234, 5", "1234, 5"),
        arguments("list with units", "5 cm, 6 cm", "5, 6"),
        arguments("word", "olleh", " olleh "),
        arguments("word in text wrapper", "\\text{olleh}", "olleh"),
        arguments("words keep single spaces", "New York", "New   York"),
        arguments("letters list", "a, b, c", "a,b,c"),
        arguments("mixed list", "a, 2, c", "a,2.0,c"),
        arguments("expression spaces", "x + 1", "x+1"),
        arguments("expression shorthand spaces", "2x + \\sqrt{2}", "2x+\\sqrt{2}"));
  }

  /** Rule, then two bare answers that must stay different (in both directions). */
  static Stream<Arguments> differentAnswers() {
    return Stream.of(
        arguments("digits swapped", "18", "81"),
        arguments("fraction inverted", "1/2", "2/1"),
        arguments("sign", "-3", "3"),
        arguments("decimal place", "0.1", "0.01"),
        arguments("close decimals", "0.3333", "1/3"),
        arguments("rounded", "3.14", "\\frac{22}{7}"),
        arguments("list order", "1,2,3", "3,2,1"),
        arguments("list length", "1, 2", "1, 2, 3"),
        arguments("thousands vs list", "1,234", "1, 234"),
        arguments("thousands vs small groups", "1,234", "1,2,34"),
        arguments("list vs scalar", "1, 2, 3", "3"),
        arguments("sqrt vs number", "\\sqrt{3}", "3"),
        arguments("sqrt shorthand vs product", "\\sqrt{12}", "\\sqrt{1}2"),
        arguments("percent is not a fraction", "50%", "0.5"),
        arguments("variable term is not a unit", "5x", "5"),
        arguments("mixed number is not a product", "2\\frac{1}{2}", "1"),
        arguments("sum is not its first term", "1 + \\sqrt{2}", "1"),
        arguments("word case", "Olleh", "olleh"),
        arguments("different words", "olleh", "hello"),
        arguments("letters order", "a, b, c", "c, b, a"),
        arguments("word spacing matters between words", "New York", "NewYork"),
        arguments("empty vs number", "", "0"));
  }

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @MethodSource("sameAnswers")
  void equivalent_sameAnswerWrittenDifferently(String rule, String a, String b) {
    assertTrue(AnswerGrader.equivalent(a, b), rule + ": " + a + " vs " + b);
    assertTrue(AnswerGrader.equivalent(b, a), rule + ": " + b + " vs " + a);
    assertEquals(AnswerGrader.canonical(a), AnswerGrader.canonical(b), rule);
  }

  @ParameterizedTest(name = "{0}: {1} != {2}")
  @MethodSource("differentAnswers")
  void equivalent_differentAnswers(String rule, String a, String b) {
    assertFalse(AnswerGrader.equivalent(a, b), rule + ": " + a + " vs " + b);
    assertFalse(AnswerGrader.equivalent(b, a), rule + ": " + b + " vs " + a);
  }

  static Stream<Arguments> canonicalForms() {
    return Stream.of(
        arguments("0.50", "1/2"),
        arguments("-\\tfrac{6}{4}", "-3/2"),
        arguments("1,234,567", "1234567"),
        arguments("\\sqrt{8}", "2*sqrt(2)"),
        arguments("-\\sqrt3", "-sqrt(3)"),
        arguments("\\frac{\\sqrt{3}}{2}", "1/2*sqrt(3)"),
        arguments("1, 2, 34", "1,2,34"),
        arguments("12,34", "12,34"),
        arguments("100,200", "100200"),
        arguments(" New   York ", "New York"),
        arguments("x + 1", "x+1"),
        arguments("1/0", "1/0"),
        arguments("\\sqrt{-4}", "\\sqrt{-4}"),
        arguments("\\frac3x", "\\frac{3}{x}"),
        arguments("\\frac34i", "\\frac{3}{4}i"),
        arguments("\\tfrac\\pi 2", "\\frac{\\pi}{2}"),
        arguments("\\sqrt[3] 2", "\\sqrt[3]{2}"),
        arguments("\\frac{\\sqrt x}2", "\\frac{\\sqrt{x}}{2}"),
        arguments("\\frac{1}", "\\frac{1}"),
        arguments("x = \\frac34", "3/4"),
        arguments("\\theta = 30^\\circ", "30"),
        arguments("x + y = 5", "x+y=5"),
        arguments("2x\\text{ cm}", "2x"),
        arguments("\\text{ odd}", "odd"),
        arguments("\\text{(A)}", "A"),
        arguments("x \\le .5", "x\\le0.5"),
        arguments("1 \\\\ 2", "1\\\\2"),
        arguments("5 \\\\", "5"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("canonicalForms")
  void canonical_writesNumbersAsReducedFractions(String answer, String canonical) {
    assertEquals(canonical, AnswerGrader.canonical(answer));
  }

  static Stream<Arguments> statedAnswers() {
    return Stream.of(
        arguments("hashes", "48/2 = 24\n48+24 = 72\n#### 72", "72"),
        arguments("hashes with thousands", "so it is\n#### 1,000", "1,000"),
        arguments("last hashes win", "#### 1\nno wait\n#### 2", "2"),
        arguments("hashes before text on next line", "#### 5\nThat is all.", "5"),
        arguments("boxed", "Thus $x = \\boxed{18}$.", "18"),
        arguments("boxed with nested braces", "\\boxed{\\frac{1}{2}} is it", "\\frac{1}{2}"),
        arguments("last boxed wins", "\\boxed{1} or rather \\boxed{2}", "2"),
        arguments("answer is", "The answer is 18.", "18"),
        arguments("answer is keeps decimal point", "The answer is 3.14. Done.", "3.14"),
        arguments("answer is with colon", "So the answer is: olleh", "olleh"),
        arguments("final answer", "Reasoning...\nFinal Answer: 1, 2, 3", "1, 2, 3"),
        arguments("answer equals", "answer = -7", "-7"),
        arguments("answer is a list", "The answer is a, b, c.", "a, b, c"),
        arguments("hashes beat answer is", "The answer is 3\n#### 4", "4"),
        arguments("last number", "She has 3 apples and buys 4 more, 7 in all.", "7"),
        arguments("last number with thousands", "It costs $1,234.50 in total.", "1,234.50"),
        arguments("last negative number", "The change is -12 degrees", "-12"),
        arguments("hyphen is not a minus", "It took 2-3 hours", "3"),
        arguments("last fraction", "Each gets 7/2 cakes", "7/2"),
        arguments("last latex fraction", "Each gets $\\frac{7}{2}$ cakes", "\\frac{7}{2}"),
        arguments("last shorthand fraction", "Each gets $\\frac72$ cakes", "\\frac72"),
        arguments("last half-shorthand fraction", "Each gets $\\dfrac7{2}$ cakes", "\\dfrac7{2}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statedAnswers")
  void extractFinalAnswer_findsStatedAnswer(String rule, String response, String answer) {
    assertEquals(Optional.of(answer), AnswerGrader.extractFinalAnswer(response), rule);
  }

  @Test
  void extractFinalAnswer_noAnswer() {
    assertEquals(Optional.empty(), AnswerGrader.extractFinalAnswer("I do not know."));
    assertEquals(Optional.empty(), AnswerGrader.extractFinalAnswer(""));
    assertEquals(Optional.empty(), AnswerGrader.extractFinalAnswer("#### "));
  }

  @Test
  void equivalent_extractsMarkedAnswers() {
    assertTrue(AnswerGrader.equivalent("#### 72", "Step one.\nThe answer is 72."));
    assertTrue(AnswerGrader.equivalent("0.5", "so we get \\boxed{\\dfrac{1}{2}}"));
    assertTrue(AnswerGrader.equivalent("18", "The answer is $18 dollars."));
    assertFalse(AnswerGrader.equivalent("18", "The answer is 81."));
    assertFalse(AnswerGrader.equivalent("1,2,3", "The answer is 3, 2, 1"));
  }

  @Test
  void equivalent_markedAnswerIsNotOverruledByOtherNumbers() {
    // 18 appears in the working, but the stated answer is 20.
    assertFalse(AnswerGrader.equivalent("18", "9 + 9 = 18, plus 2.\n#### 20"));
  }

  @Test
  void equivalent_proseFallsBackToLastNumber() {
    assertTrue(AnswerGrader.equivalent("18", "She earns 18 dollars in total"));
    assertFalse(AnswerGrader.equivalent("18", "She earns 18 dollars, then 3 more"));
    assertFalse(AnswerGrader.equivalent("olleh", "the word reversed is olleh"));
  }

  @Test
  void equivalent_proseWithShorthandFractionFallsBackToIt() {
    assertTrue(AnswerGrader.equivalent("3.5", "Each gets $\\frac72$ cakes"));
    assertFalse(AnswerGrader.equivalent("72", "Each gets $\\frac72$ cakes"));
  }

  @Test
  void equivalent_matrixRowsAreNotProse() {
    // A line break inside a matrix is no space, so the last entry is not taken as the answer.
    assertFalse(AnswerGrader.equivalent("2", "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}"));
  }

  @Test
  void equivalent_bareListIsNotProse() {
    assertFalse(AnswerGrader.equivalent("3", "1, 2, 3"));
    assertFalse(AnswerGrader.equivalent("3", "1,2,3"));
  }

  @Test
  void equivalent_nullArgument() {
    assertThrows(NullPointerException.class, () -> AnswerGrader.equivalent(null, "1"));
    assertThrows(NullPointerException.class, () -> AnswerGrader.equivalent("1", null));
    assertThrows(NullPointerException.class, () -> AnswerGrader.canonical(null));
    assertThrows(NullPointerException.class, () -> AnswerGrader.extractFinalAnswer(null));
  }

  @Test
  void canonical_hugeRootStaysText() {
    // A non-square radicand beyond the factoring limit is compared as text, not hung on.
    String root = "\\sqrt{1000000000000000000000000000001}";
    assertEquals(root, AnswerGrader.canonical(root));
  }
}
