package io.skillforge.student.probe;

import io.skillforge.student.Sampling;

/**
 * How to probe: samples per item and how they are decoded. Immutable; validated at construction.
 *
 * @param samples responses per item; 1 means one greedy response
 * @param temperature sampling temperature when {@code samples > 1}, positive
 * @param topP nucleus mass when {@code samples > 1}
 * @param maxTokens response budget per sample
 * @param seed seed of the sampled responses
 * @param chunkItems items per generation request (progress is reported per chunk)
 */
public record ProbeSettings(
    int samples, double temperature, double topP, int maxTokens, long seed, int chunkItems) {

  public ProbeSettings {
    if (samples <= 0) {
      throw new IllegalArgumentException("samples must be > 0 but was " + samples);
    }
    if (samples > 1 && !(temperature > 0)) {
      throw new IllegalArgumentException(
          "temperature must be > 0 when drawing " + samples + " samples, but was " + temperature);
    }
    if (chunkItems <= 0) {
      throw new IllegalArgumentException("chunkItems must be > 0 but was " + chunkItems);
    }
    // Validates the rest.
    new Sampling(samples == 1 ? 0 : temperature, topP, maxTokens, seed, false);
  }

  /** One greedy sample per item. */
  public static ProbeSettings greedy() {
    return new ProbeSettings(1, 1.0, 1.0, Sampling.DEFAULT_MAX_TOKENS, 0, 256);
  }

  /** {@code samples} samples per item at temperature 1 (greedy when {@code samples} is 1). */
  public static ProbeSettings of(int samples) {
    return new ProbeSettings(samples, 1.0, 1.0, Sampling.DEFAULT_MAX_TOKENS, 0, 256);
  }

  public ProbeSettings withTemperature(double newTemperature) {
    return new ProbeSettings(samples, newTemperature, topP, maxTokens, seed, chunkItems);
  }

  public ProbeSettings withTopP(double newTopP) {
    return new ProbeSettings(samples, temperature, newTopP, maxTokens, seed, chunkItems);
  }

  public ProbeSettings withMaxTokens(int newMaxTokens) {
    return new ProbeSettings(samples, temperature, topP, newMaxTokens, seed, chunkItems);
  }

  public ProbeSettings withSeed(long newSeed) {
    return new ProbeSettings(samples, temperature, topP, maxTokens, newSeed, chunkItems);
  }

  public ProbeSettings withChunkItems(int newChunkItems) {
    return new ProbeSettings(samples, temperature, topP, maxTokens, seed, newChunkItems);
  }

  public boolean greedyDecoding() {
    return samples == 1;
  }

  /** The decoding settings of chunk {@code chunk}. */
  Sampling sampling(int chunk) {
    if (greedyDecoding()) {
      return Sampling.greedy(maxTokens);
    }
    return Sampling.sampled(temperature, topP, maxTokens, new Sampling(1, 1, 1, seed, false)
        .rowSeed(chunk));
  }
}
