package io.skillforge.skills.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The text measure behind near-duplicate detection and exemplar diversity.
 *
 * <p><b>Normalisation</b>: lower case (root locale); every character that is not a letter or digit
 * becomes a space; runs of white space collapse to one space; leading and trailing space is
 * dropped. So {@code "Tom has 3 apples!"} and {@code "tom  has 3 apples"} normalise alike.
 *
 * <p><b>Near-duplicate measure</b>: the Jaccard similarity |A ∩ B| / |A ∪ B| of the sets of word
 * 3-shingles (three consecutive words) of the two normalised texts. A text of one or two words is a
 * single shingle of itself; an empty text has no shingles and is similar to nothing. Shingles are
 * compared by 64-bit hashes, so two different shingles count as equal only on a hash collision
 * (odds about 2<sup>-64</sup> per pair). For scale: changing one word in the middle of a 20-word
 * question leaves 15 of 21 distinct shingles shared (0.71); in a 40-word question, 35 of 41
 * (0.85). So the default threshold of 0.8 catches copies that differ in case, punctuation or
 * spacing, and longer texts with a word or two changed.
 *
 * <p><b>Finding candidates</b>: the candidates are the indexed examples that share one of 16
 * locality-sensitive keys (16 bands of 4 MinHash values of the shingle set) with the new
 * question; a near-duplicate of similarity s is among them with probability
 * 1 - (1 - s<sup>4</sup>)<sup>16</sup>: always for identical normalised text, 0.9998 at 0.8, 0.98
 * at 0.7, 0.89 at 0.6, 0.64 at 0.5. So thresholds of 0.7 and above are reliable; lower ones miss
 * some pairs. Each candidate (at most 64 per check) is then measured exactly.
 *
 * <p><b>Diversity measure</b>: the Jaccard similarity of the sets of words, which also calls two
 * texts built from one template with different numbers similar.
 *
 * <p>Stateless and thread-safe.
 */
public final class TextSimilarity {
  /** Words per shingle. */
  public static final int SHINGLE_WORDS = 3;

  private static final long[] NONE = new long[0];

  private TextSimilarity() {}

  /** The normalised form of {@code text}, as described in the class comment. */
  public static String normalize(String text) {
    int n = text.length();
    // Most questions are plain ASCII: one pass over the chars, with the same result as the
    // general path (for ASCII, lower case changes only A-Z, and only A-Z, a-z, 0-9 are letters or
    // digits).
    byte[] out = new byte[n];
    int len = 0;
    boolean pendingSpace = false;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return normalizeUnicode(text);
      }
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (pendingSpace && len > 0) {
          out[len++] = ' ';
        }
        pendingSpace = false;
        out[len++] = (byte) c;
      } else {
        pendingSpace = true;
      }
    }
    return new String(out, 0, len, StandardCharsets.ISO_8859_1);
  }

  private static String normalizeUnicode(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    boolean pendingSpace = false;
    for (int i = 0; i < lower.length(); ) {
      int cp = lower.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        if (pendingSpace && out.length() > 0) {
          out.append(' ');
        }
        pendingSpace = false;
        out.appendCodePoint(cp);
      } else {
        pendingSpace = true;
      }
    }
    return out.toString();
  }

  /** Jaccard similarity of the word 3-shingles of the two normalised texts, in [0, 1]. */
  public static double similarity(String a, String b) {
    return jaccard(shingles(normalize(a)), shingles(normalize(b)));
  }

  /**
   * The sorted, distinct 64-bit hashes of the word 3-shingles of an already normalised text.
   */
  static long[] shingles(String normalized) {
    if (normalized.isEmpty()) {
      return NONE;
    }
    int[] starts = wordStarts(normalized);
    int words = starts.length;
    if (words < SHINGLE_WORDS) {
      return new long[] {hash(normalized, 0, normalized.length())};
    }
    long[] hashes = new long[words - SHINGLE_WORDS + 1];
    for (int w = 0; w + SHINGLE_WORDS <= words; w++) {
      int end = w + SHINGLE_WORDS < words ? starts[w + SHINGLE_WORDS] - 1 : normalized.length();
      hashes[w] = hash(normalized, starts[w], end);
    }
    return sortedDistinct(hashes);
  }

  /** The sorted, distinct 64-bit hashes of the words of an already normalised text. */
  static long[] words(String normalized) {
    if (normalized.isEmpty()) {
      return NONE;
    }
    int[] starts = wordStarts(normalized);
    long[] hashes = new long[starts.length];
    for (int w = 0; w < starts.length; w++) {
      int end = w + 1 < starts.length ? starts[w + 1] - 1 : normalized.length();
      hashes[w] = hash(normalized, starts[w], end);
    }
    return sortedDistinct(hashes);
  }

  /** Jaccard similarity of two sorted, distinct hash sets; 0 when either is empty. */
  static double jaccard(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0;
    }
    int shared = shared(a, b);
    return (double) shared / (a.length + b.length - shared);
  }

  /** Size of the intersection of two sorted, distinct hash sets. */
  static int shared(long[] a, long[] b) {
    int i = 0;
    int j = 0;
    int shared = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        shared++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return shared;
  }

  private static int[] wordStarts(String normalized) {
    int count = 1;
    for (int i = 0; i < normalized.length(); i++) {
      if (normalized.charAt(i) == ' ') {
        count++;
      }
    }
    int[] starts = new int[count];
    int w = 1;
    for (int i = 0; i < normalized.length(); i++) {
      if (normalized.charAt(i) == ' ') {
        starts[w++] = i + 1;
      }
    }
    return starts;
  }

  /** FNV-1a over the chars, then the murmur3 finaliser to spread the bits. */
  private static long hash(String s, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long[] sortedDistinct(long[] hashes) {
    Arrays.sort(hashes);
    int n = 0;
    for (int i = 0; i < hashes.length; i++) {
      if (i == 0 || hashes[i] != hashes[i - 1]) {
        hashes[n++] = hashes[i];
      }
    }
    return n == hashes.length ? hashes : Arrays.copyOf(hashes, n);
  }
}
