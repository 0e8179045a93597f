package io.skillforge.server.jobs.distill;

import io.skillforge.skills.errors.BadInputException;
import io.skillforge.synthesis.stat.DifficultyRule;
import io.skillforge.synthesis.stat.TrainingMix;

/**
 * The {@code stat} section of the configuration: how a distillation round probes, judges, makes
 * data and fine-tunes. Every choice the STAT paper leaves open is one of these settings (see
 * {@code conf/skillforge.yaml} for each key and its default).
 */
public record StatSettings(
    String difficulty, int samples, double temperature, int maxTokens, int budget, double mixBack,
    String repeats, int drawsPerPair, int exemplars, int itemsPerPair, int evidencePerSkill, long seed,
    int steps, double learningRate, int threads) {

  public StatSettings {
    rule(difficulty);
    TrainingMix.Repeats repeatsMode = repeatsMode(repeats);
    positive("stat.samples", samples);
    positive("stat.max-tokens", maxTokens);
    positive("stat.budget", budget);
    positive("stat.draws-per-pair", drawsPerPair);
    positive("stat.items-per-pair", itemsPerPair);
    positive("stat.steps", steps);
    positive("stat.threads", threads);
    if (exemplars < 0 || evidencePerSkill < 0) {
      throw new BadInputException("stat.exemplars and stat.evidence-per-skill must be >= 0");
    }
    if (!(mixBack >= 0 && mixBack < 1)) {
      throw new BadInputException("stat.mix-back must be in [0, 1) but was " + mixBack);
    }
    if (samples > 1 && !(temperature > 0)) {
      throw new BadInputException("stat.temperature must be > 0 when stat.samples is above 1");
    }
    if (!(learningRate > 0)) {
      throw new BadInputException("stat.learning-rate must be > 0 but was " + learningRate);
    }
    if (repeatsMode == null) {
      throw new IllegalStateException("unreachable");
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper BINDER =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE);

  /**
   * The configuration's {@code stat} section with {@code overrides} (an object of its keys, such as
   * {@code {"budget": 500}}) applied key by key.
   *
   * @param overrides null or missing for none
   * @throws BadInputException naming a key that is unknown or a value that cannot be used
   */
  public static StatSettings from(io.skillforge.server.config.SkillforgeConfig config,
      com.fasterxml.jackson.databind.JsonNode overrides) {
    com.fasterxml.jackson.databind.node.ObjectNode stat =
        config.section("stat", com.fasterxml.jackson.databind.node.ObjectNode.class);
    if (overrides != null && !overrides.isMissingNode() && !overrides.isNull()) {
      if (!overrides.isObject()) {
        throw new BadInputException("stat must be a mapping of stat settings");
      }
      overrides.fields().forEachRemaining(f -> {
        if (!stat.has(f.getKey())) {
          throw new BadInputException("stat." + f.getKey() + " is not a stat setting");
        }
        stat.set(f.getKey(), f.getValue());
      });
    }
    try {
      return BINDER.treeToValue(stat, StatSettings.class);
    } catch (IllegalArgumentException | java.io.IOException e) {
      Throwable cause = e.getCause() instanceof BadInputException bad ? bad : e;
      throw cause instanceof BadInputException bad ? bad : new BadInputException("stat: " + e.getMessage(), e);
    }
  }

  /** The difficulty rule. */
  public DifficultyRule rule() {
    return rule(difficulty);
  }

  public TrainingMix.Repeats repeatsMode() {
    return repeatsMode(repeats);
  }

  /** The training mix of a round. */
  public TrainingMix.Settings mix(int round) {
    return new TrainingMix.Settings(budget, mixBack, repeatsMode(), seed * 1_000 + round);
  }

  private static DifficultyRule rule(String name) {
    try {
      return DifficultyRule.named(name == null ? "" : name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("stat.difficulty: " + e.getMessage(), e);
    }
  }

  private static TrainingMix.Repeats repeatsMode(String name) {
    try {
      return TrainingMix.Repeats.named(name == null ? "" : name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("stat.repeats: " + e.getMessage(), e);
    }
  }

  private static void positive(String key, long value) {
    if (value < 1) {
      throw new BadInputException(key + " must be >= 1 but was " + value);
    }
  }
}
