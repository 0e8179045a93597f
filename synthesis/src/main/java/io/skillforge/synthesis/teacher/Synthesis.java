package io.skillforge.synthesis.teacher;

import io.skillforge.skills.Example;
import java.util.List;
import java.util.Objects;

/**
 * The verified items of one synthesis request.
 *
 * @param items new items whose answers passed verification, at most the requested count
 * @param rejected drafts written but dropped (failed verification, near-copies of an exemplar,
 *     unknown skills); at least 0
 * @param error why the request produced fewer items than asked, when it did for a reason other
 *     than rejected drafts; null otherwise
 */
public record Synthesis(List<Example> items, int rejected, String error) {
  public Synthesis {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    if (rejected < 0) {
      throw new IllegalArgumentException("rejected must be >= 0 but was " + rejected);
    }
  }

  public static Synthesis of(List<Example> items, int rejected) {
    return new Synthesis(items, rejected, null);
  }

  /**
   * The id every teacher gives a synthesized item: {@code syn-} and the first 16 hex digits of the
   * SHA-256 of its question, so the same question gets the same id whichever teacher wrote it.
   */
  public static String itemId(String question) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(question.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "syn-" + java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
