package io.skillforge.synthesis.teacher.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCacheTest {
  @TempDir Path dir;

  private static CachedAnswer answer(String text, Integer maxTokens, int completionTokens) {
    return new CachedAnswer(text, maxTokens, 100, completionTokens, Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void get_afterReopen_servesThePersistedAnswer() {
    CacheKey key = CacheKey.of("request one");
    ResponseCache.open(dir, 10).put(key, answer("{\"a\":1}", 256, 5));
    ResponseCache reopened = ResponseCache.open(dir, 10);
    CachedAnswer found = reopened.get(key, 256).orElseThrow();
    assertEquals("{\"a\":1}", found.text());
    assertEquals(5, found.completionTokens());
    assertEquals(256, found.maxTokens());
    assertEquals(1, reopened.stats().hits());
  }

  @Test
  void get_unknownKey_isAMissAndCounted() {
    ResponseCache cache = ResponseCache.open(dir, 10);
    assertTrue(cache.get(CacheKey.of("nothing"), null).isEmpty());
    assertEquals(1, cache.stats().misses());
    assertEquals(0, cache.stats().hits());
  }

  @Test
  void get_maxTokensGrew_isStillAHit() {
    CacheKey key = CacheKey.of("grow");
    ResponseCache cache = ResponseCache.open(dir, 10);
    cache.put(key, answer("{}", 256, 40));
    assertTrue(cache.get(key, 4096).isPresent());
    assertTrue(cache.get(key, null).isPresent(), "no limit at all");
  }

  @Test
  void get_maxTokensShrankButAnswerStillFits_isAHit() {
    CacheKey key = CacheKey.of("shrink");
    ResponseCache cache = ResponseCache.open(dir, 10);
    cache.put(key, answer("{}", 1024, 40));
    assertTrue(cache.get(key, 40).isPresent());
    assertTrue(cache.get(key, 39).isEmpty(), "the answer would have been cut off");
  }

  @Test
  void serves_unknownTokenCount_onlyUnderALimitAtLeastAsLarge() {
    CachedAnswer unknown = answer("{}", 512, -1);
    assertTrue(unknown.serves(512));
    assertTrue(unknown.serves(1024));
    assertFalse(unknown.serves(511));
    assertTrue(unknown.serves(null));
    assertFalse(answer("{}", null, -1).serves(512), "unlimited then, limited now, count unknown");
  }

  @Test
  void get_corruptFile_isAMissCountedAndRemoved() throws Exception {
    CacheKey key = CacheKey.of("corrupt");
    ResponseCache.open(dir, 10).put(key, answer("{}", 10, 1));
    Path file = entryFiles().get(0);
    Files.writeString(file, "{\"key\": \"trunc");
    ResponseCache cache = ResponseCache.open(dir, 10);
    assertTrue(cache.get(key, 10).isEmpty());
    assertEquals(1, cache.stats().corrupt());
    assertFalse(Files.exists(file));
  }

  @Test
  void get_fileOfAnotherKey_isNotServed() throws Exception {
    CacheKey a = CacheKey.of("a");
    CacheKey b = CacheKey.of("b");
    ResponseCache.open(dir, 10).put(a, answer("{\"x\":\"a\"}", 10, 1));
    Path fileA = entryFiles().get(0);
    Path fileB = dir.resolve("v1").resolve(b.hash().substring(0, 2)).resolve(b.hash() + ".json");
    Files.createDirectories(fileB.getParent());
    Files.copy(fileA, fileB);
    assertTrue(ResponseCache.open(dir, 10).get(b, 10).isEmpty());
  }

  @Test
  void put_writesOneWholeFilePerKeyAndNoTemporaries() throws Exception {
    ResponseCache cache = ResponseCache.open(dir, 10);
    for (int i = 0; i < 20; i++) {
      cache.put(CacheKey.of("k" + i), answer("{\"i\":" + i + "}", 10, 1));
    }
    cache.put(CacheKey.of("k3"), answer("{\"i\":33}", 10, 1));
    assertEquals(20, entryFiles().size());
    try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, tmp.count());
    }
    assertEquals("{\"i\":33}", ResponseCache.open(dir, 10).get(CacheKey.of("k3"), 10).orElseThrow().text());
  }

  @Test
  void open_removesStaleTemporariesOnly() throws Exception {
    ResponseCache.open(dir, 10);
    Path stale = Files.writeString(dir.resolve("tmp").resolve("x.tmp"), "partial");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
    Path fresh = Files.writeString(dir.resolve("tmp").resolve("y.tmp"), "being written");
    ResponseCache.open(dir, 10);
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(fresh));
  }

  @Test
  void invalidate_removesFromMemoryAndDisk() {
    CacheKey key = CacheKey.of("bad");
    ResponseCache cache = ResponseCache.open(dir, 10);
    cache.put(key, answer("{}", 10, 1));
    cache.invalidate(key);
    assertTrue(cache.get(key, 10).isEmpty());
    assertTrue(ResponseCache.open(dir, 10).get(key, 10).isEmpty());
  }

  @Test
  void open_withoutDirectory_keepsAnswersInMemoryOnly() {
    ResponseCache cache = ResponseCache.open(null, 10);
    CacheKey key = CacheKey.of("mem");
    cache.put(key, answer("{}", 10, 1));
    assertTrue(cache.get(key, 10).isPresent());
    assertEquals(null, cache.describeTier());
  }

  @Test
  void cacheKey_differsByContentAndRejectsBadHashes() {
    assertEquals(CacheKey.of("x"), CacheKey.of("x"));
    assertNotEquals(CacheKey.of("x"), CacheKey.of("y"));
    assertThrows(IllegalArgumentException.class, () -> new CacheKey("not hex"));
  }

  private List<Path> entryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("v1"))) {
      return files.filter(p -> p.toString().endsWith(".json")).toList();
    }
  }
}
