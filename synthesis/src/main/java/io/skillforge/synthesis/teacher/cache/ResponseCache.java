package io.skillforge.synthesis.teacher.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The teacher-response cache: Caffeine in memory in front of a persistent tier (a directory with
 * one file per request, or a database the nodes of a cluster share), so a re-run or a resumed job
 * never pays the teacher twice for the same call. Thread-safe.
 *
 * <p>An entry that does not parse or belongs to another key is treated as a miss, counted as
 * corrupt, and deleted. Only complete, valid answers belong here; the caller validates before
 * {@link #put}.
 */
public final class ResponseCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AnswerTier tier;
  private final Cache<String, CachedAnswer> memory;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder corrupt = new LongAdder();

  private ResponseCache(AnswerTier tier, long maxInMemory) {
    if (maxInMemory < 0) {
      throw new IllegalArgumentException("maxInMemory must be >= 0 but was " + maxInMemory);
    }
    this.memory = Caffeine.newBuilder().maximumSize(maxInMemory).build();
    this.tier = tier;
  }

  /**
   * Opens (creating if needed) the cache kept in {@code dir}.
   *
   * @param dir the directory; null for a cache that lives only in memory
   * @param maxInMemory how many answers Caffeine keeps in memory, at least 0
   * @throws UncheckedIOException when the directory cannot be created
   */
  public static ResponseCache open(Path dir, long maxInMemory) {
    return new ResponseCache(dir == null ? null : new DirectoryTier(dir), maxInMemory);
  }

  /**
   * The cache over {@code tier}, with Caffeine as its near cache.
   *
   * @param maxInMemory how many answers Caffeine keeps in memory, at least 0
   */
  public static ResponseCache over(AnswerTier tier, long maxInMemory) {
    return new ResponseCache(Objects.requireNonNull(tier, "tier"), maxInMemory);
  }

  /**
   * The stored answer for {@code key} that also {@link CachedAnswer#serves serves} {@code
   * maxTokens}; counts a hit or a miss.
   */
  public Optional<CachedAnswer> get(CacheKey key, Integer maxTokens) {
    Optional<CachedAnswer> found = peek(key).filter(a -> a.serves(maxTokens));
    (found.isPresent() ? hits : misses).increment();
    return found;
  }

  /** Like {@link #get} but counts nothing: for cost estimates. */
  public boolean contains(CacheKey key, Integer maxTokens) {
    return peek(key).filter(a -> a.serves(maxTokens)).isPresent();
  }

  /** Stores {@code answer} under {@code key}, replacing any earlier one. */
  public void put(CacheKey key, CachedAnswer answer) {
    memory.put(key.hash(), answer);
    writes.increment();
    if (tier != null) {
      try {
        tier.write(key.hash(), JSON.writeValueAsBytes(toJson(key, answer)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Forgets {@code key} (an entry that no longer validates). */
  public void invalidate(CacheKey key) {
    memory.invalidate(key.hash());
    if (tier != null) {
      tier.delete(key.hash());
    }
  }

  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), writes.sum(), corrupt.sum());
  }

  /** Where entries live, for messages; null for a memory-only cache. */
  public String describeTier() {
    return tier == null ? null : tier.describe();
  }

  private Optional<CachedAnswer> peek(CacheKey key) {
    CachedAnswer inMemory = memory.getIfPresent(key.hash());
    if (inMemory != null || tier == null) {
      return Optional.ofNullable(inMemory);
    }
    Optional<byte[]> bytes = tier.read(key.hash());
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    CachedAnswer answer = fromJson(key, bytes.get());
    if (answer == null) {
      corrupt.increment();
      tier.delete(key.hash());
      return Optional.empty();
    }
    memory.put(key.hash(), answer);
    return Optional.of(answer);
  }

  private static ObjectNode toJson(CacheKey key, CachedAnswer a) {
    ObjectNode node = JSON.createObjectNode();
    node.put("key", key.hash());
    node.put("text", a.text());
    if (a.maxTokens() != null) {
      node.put("maxTokens", a.maxTokens());
    }
    node.put("promptTokens", a.promptTokens());
    node.put("completionTokens", a.completionTokens());
    node.put("storedAt", a.storedAt().toString());
    return node;
  }

  private static CachedAnswer fromJson(CacheKey key, byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null
          || !key.hash().equals(node.path("key").asText())
          || !node.path("text").isTextual()
          || !node.path("promptTokens").isInt()
          || !node.path("completionTokens").isInt()) {
        return null;
      }
      JsonNode max = node.get("maxTokens");
      return new CachedAnswer(
          node.get("text").asText(),
          max == null || max.isNull() ? null : max.asInt(),
          node.get("promptTokens").asInt(),
          node.get("completionTokens").asInt(),
          Instant.parse(node.path("storedAt").asText()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Counts since the cache was opened.
   *
   * @param hits lookups answered
   * @param misses lookups not answered
   * @param writes answers stored
   * @param corrupt unreadable entries found and dropped
   */
  public record CacheStats(long hits, long misses, long writes, long corrupt) {}
}
