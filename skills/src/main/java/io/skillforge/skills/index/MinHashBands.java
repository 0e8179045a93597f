package io.skillforge.skills.index;

import java.util.SplittableRandom;

/**
 * Locality-sensitive keys for near-duplicate candidates: {@value #BANDS} bands of {@value #ROWS}
 * MinHash values over a text's shingle set, each band hashed to one 64-bit key.
 *
 * <p>Two sets with Jaccard similarity s agree on one MinHash value with probability s, on a whole
 * band with probability s<sup>4</sup>, and so share at least one key with probability
 * 1 - (1 - s<sup>4</sup>)<sup>16</sup>: 1 for identical sets, 0.9998 at s = 0.8, 0.98 at 0.7,
 * 0.89 at 0.6, 0.64 at 0.5, and 0.002 at 0.1. Indexing 16 keys per example instead of every shingle
 * keeps bulk indexing cheap; candidates are then measured exactly.
 *
 * <p>The hash functions are fixed (seeded constants), so keys are stable across runs and
 * versions: changing them would require re-indexing. Stateless and thread-safe.
 */
final class MinHashBands {
  static final int BANDS = 16;
  static final int ROWS = 4;
  private static final int HASHES = BANDS * ROWS;
  private static final long[] MULTIPLY = new long[HASHES];
  private static final long[] ADD = new long[HASHES];
  private static final long[] NONE = new long[0];

  static {
    SplittableRandom random = new SplittableRandom(0x5EEDF00DL);
    for (int i = 0; i < HASHES; i++) {
      MULTIPLY[i] = random.nextLong() | 1L;
      ADD[i] = random.nextLong();
    }
  }

  private MinHashBands() {}

  /** The band keys of a shingle set (as from {@link TextSimilarity#shingles}); none when empty. */
  static long[] keys(long[] shingles) {
    if (shingles.length == 0) {
      return NONE;
    }
    long[] min = new long[HASHES];
    java.util.Arrays.fill(min, Long.MAX_VALUE);
    for (long shingle : shingles) {
      for (int i = 0; i < HASHES; i++) {
        long v = shingle * MULTIPLY[i] + ADD[i];
        v ^= v >>> 29;
        if (v < min[i]) {
          min[i] = v;
        }
      }
    }
    long[] keys = new long[BANDS];
    for (int band = 0; band < BANDS; band++) {
      long h = band * 0x9E3779B97F4A7C15L;
      for (int row = 0; row < ROWS; row++) {
        h = mix(h ^ min[band * ROWS + row]);
      }
      keys[band] = h;
    }
    return keys;
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
