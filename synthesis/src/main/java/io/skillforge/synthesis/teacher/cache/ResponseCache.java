package io.skillforge.synthesis.teacher.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teacher-response cache: Caffeine in memory in front of a persistent directory with one file
 * per request, so a re-run or a resumed job never pays the teacher twice for the same call.
 * Thread-safe; several processes may share one directory.
 *
 * <p>Crash safety: an entry is written to a temporary file and then renamed into place atomically,
 * so a reader sees a whole entry or none, and a crash loses at most the entries being written.
 * Files are {@code <dir>/v1/<first two hex digits>/<key>.json}. A file that does not parse or
 * belongs to another key is treated as a miss, counted as corrupt, and deleted.
 *
 * <p>Only complete, valid answers belong here; the caller validates before {@link #put}.
 */
public final class ResponseCache {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAYOUT = "v1";
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  private final Path root;
  private final Path temp;
  private final Cache<String, CachedAnswer> memory;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder corrupt = new LongAdder();

  private ResponseCache(Path dir, long maxInMemory) {
    this.memory = Caffeine.newBuilder().maximumSize(maxInMemory).build();
    if (dir == null) {
      this.root = null;
      this.temp = null;
      return;
    }
    this.root = dir.resolve(LAYOUT);
    this.temp = dir.resolve("tmp");
    try {
      Files.createDirectories(root);
      Files.createDirectories(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the teacher cache directory " + dir, e);
    }
    removeStaleTemporaries();
  }

  /**
   * Opens (creating if needed) the cache kept in {@code dir}.
   *
   * @param dir the directory; null for a cache that lives only in memory
   * @param maxInMemory how many answers Caffeine keeps in memory, at least 0
   * @throws UncheckedIOException when the directory cannot be created
   */
  public static ResponseCache open(Path dir, long maxInMemory) {
    if (maxInMemory < 0) {
      throw new IllegalArgumentException("maxInMemory must be >= 0 but was " + maxInMemory);
    }
    return new ResponseCache(dir, maxInMemory);
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
    if (root == null) {
      return;
    }
    Path file = fileOf(key);
    Path tmp = temp.resolve(key.hash() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.write(tmp, JSON.writeValueAsBytes(toJson(key, answer)));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // The answer is still served from memory; losing its disk copy only costs a call later.
      LOG.warn("could not persist teacher answer {}: {}", key, e.toString());
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  /** Forgets {@code key} (an entry that no longer validates). */
  public void invalidate(CacheKey key) {
    memory.invalidate(key.hash());
    if (root != null) {
      try {
        Files.deleteIfExists(fileOf(key));
      } catch (IOException e) {
        LOG.warn("could not delete teacher answer {}: {}", key, e.toString());
      }
    }
  }

  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), writes.sum(), corrupt.sum());
  }

  /** Where entries live; null for a memory-only cache. */
  public Path directory() {
    return root == null ? null : root.getParent();
  }

  private Optional<CachedAnswer> peek(CacheKey key) {
    CachedAnswer inMemory = memory.getIfPresent(key.hash());
    if (inMemory != null || root == null) {
      return Optional.ofNullable(inMemory);
    }
    Path file = fileOf(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("could not read teacher answer {}: {}", key, e.toString());
      return Optional.empty();
    }
    CachedAnswer answer = fromJson(key, bytes);
    if (answer == null) {
      corrupt.increment();
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a later put replaces it anyway
      }
      return Optional.empty();
    }
    memory.put(key.hash(), answer);
    return Optional.of(answer);
  }

  private Path fileOf(CacheKey key) {
    return root.resolve(key.hash().substring(0, 2)).resolve(key.hash() + ".json");
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

  private void removeStaleTemporaries() {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(temp, "*.tmp")) {
      for (Path file : files) {
        FileTime modified = Files.getLastModifiedTime(file);
        if (modified.toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not clean {}: {}", temp, e.toString());
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
