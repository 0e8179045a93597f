package io.skillforge.skills.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextSimilarityTest {

  @Test
  void normalize_lowersCaseStripsPunctuationAndCollapsesSpace() {
    assertEquals("tom has 3 5 apples", TextSimilarity.normalize("  Tom  HAS 3.5\tapples!!! "));
    assertEquals("", TextSimilarity.normalize("?!. ,"));
    assertEquals("café größe", TextSimilarity.normalize("Café, GRÖSSE".replace("SS", "ß")));
  }

  @Test
  void normalize_asciiText_sameAsTheCharacterClassRules() {
    // Plain ASCII takes a faster path; it must agree with the general rules char by char.
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 128; c++) {
      all.append(c).append("x").append(c).append(c);
    }
    String text = all.toString();
    String expected = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();

    assertEquals(expected, TextSimilarity.normalize(text));
    assertEquals("a b", TextSimilarity.normalize("A\u00a0B")); // no-break space: general path
    // Lower case of a capital dotted I is i plus a combining dot, which is not a letter.
    assertEquals("i stanbul", TextSimilarity.normalize("\u0130stanbul"));
  }

  @Test
  void bandKeys_fixedQuestion_neverChange() {
    // Band keys are stored in every index: a change here would need every index rebuilt.
    QuestionSignature s = QuestionSignature.of("Natalia sold clips to 48 of her friends in April, and then"
        + " she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?");

    assertEquals(28, s.shingles().length);
    assertEquals(List.of(6925565936916629189L, 5705304503378197320L, -6737585456145850681L,
        -6236606721376354309L, 1170976811020192709L, 3158370136995662887L, -8949996464331596941L,
        3424306688766211664L, 3696230356220213986L, 3594542028506244090L, -7195385315363617528L,
        73953244115113135L, -3427378096887412721L, -7825065727702101831L, 8843502664620901241L,
        -1683357448404065873L), Arrays.stream(s.bands()).boxed().toList());
  }

  @Test
  void similarity_sameTextUpToCaseAndPunctuation_isOne() {
    assertEquals(1.0, TextSimilarity.similarity("How many apples does Tom have?", "how many apples, does tom have"));
  }

  @Test
  void similarity_oneWordChangedInTwentyWords_sharesFifteenOfTwentyOneShingles() {
    String a = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20";
    String b = a.replace("w10 ", "changed ");
    assertEquals(15.0 / 21.0, TextSimilarity.similarity(a, b), 1e-12);
  }

  @Test
  void similarity_unrelatedTexts_isZero() {
    assertEquals(0.0, TextSimilarity.similarity("the cat sat on the mat", "prices rose by ten percent"));
  }

  @Test
  void similarity_shortTexts_compareAsWholes() {
    assertEquals(1.0, TextSimilarity.similarity("Hello, world", "hello world"));
    assertEquals(0.0, TextSimilarity.similarity("hello world", "hello there"));
    assertEquals(0.0, TextSimilarity.similarity("!!!", "???"));
  }

  @Test
  void jaccard_isSymmetricAndBounded() {
    long[] a = TextSimilarity.shingles("a b c d e f");
    long[] b = TextSimilarity.shingles("c d e f g h");
    double ab = TextSimilarity.jaccard(a, b);
    assertEquals(ab, TextSimilarity.jaccard(b, a));
    // shingles: abc bcd cde def | cde def efg fgh -> 2 shared of 6
    assertEquals(2.0 / 6.0, ab, 1e-12);
    assertTrue(TextSimilarity.words("x y x").length == 2);
  }
}
