package io.skillforge.synthesis.teacher.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one teacher request: the SHA-256 of its canonical text. The caller decides what
 * the canonical text holds (model, rendered messages, schema, sampling parameters) and what it
 * leaves out ({@code max_tokens}, which {@link CachedAnswer#serves} handles instead).
 *
 * @param hash 64 lower-case hex digits
 */
public record CacheKey(String hash) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public CacheKey {
    Objects.requireNonNull(hash, "hash");
    if (!HEX64.matcher(hash).matches()) {
      throw new IllegalArgumentException("cache key must be 64 hex digits but was '" + hash + "'");
    }
  }

  /** The key of a request whose canonical form is {@code canonicalText}. */
  public static CacheKey of(String canonicalText) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(canonicalText.getBytes(StandardCharsets.UTF_8));
      return new CacheKey(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return hash.substring(0, 12);
  }
}
