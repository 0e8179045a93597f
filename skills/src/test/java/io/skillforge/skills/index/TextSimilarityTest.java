package io.skillforge.skills.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextSimilarityTest {

  @Test
  void normalize_lowersCaseStripsPunctuationAndCollapsesSpace() {
    assertEquals("tom has 3 5 apples", TextSimilarity.normalize("  Tom  HAS 3.5\tapples!!! "));
    assertEquals("", TextSimilarity.normalize("?!. ,"));
    assertEquals("café größe", TextSimilarity.normalize("Café, GRÖSSE".replace("SS", "ß")));
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
