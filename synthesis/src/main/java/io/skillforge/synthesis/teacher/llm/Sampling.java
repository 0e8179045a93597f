package io.skillforge.synthesis.teacher.llm;

/**
 * Sampling parameters of one request.
 *
 * @param temperature at least 0
 * @param maxTokens most completion tokens; null for the provider's default
 * @param topP nucleus sampling mass in (0, 1]; null for the provider's default
 * @param seed sampling seed for providers that honour it; null for none
 */
record Sampling(double temperature, Integer maxTokens, Double topP, Integer seed) {
  Sampling {
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0 but was " + temperature);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1 but was " + maxTokens);
    }
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1] but was " + topP);
    }
  }

  Sampling withSeed(Integer newSeed) {
    return new Sampling(temperature, maxTokens, topP, newSeed);
  }

  Sampling withTemperature(double newTemperature) {
    return new Sampling(newTemperature, maxTokens, topP, seed);
  }
}
