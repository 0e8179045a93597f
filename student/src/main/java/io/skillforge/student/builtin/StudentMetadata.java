package io.skillforge.student.builtin;

import io.skillforge.student.FineTuneSettings;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a built-in checkpoint records besides its weights: the model's shape, the seed of its
 * initial weights, and every training run since, oldest first. No wall-clock values, so the same
 * training history gives the same config bytes.
 *
 * @param config the model's shape
 * @param initSeed seed of the initial weights
 * @param runs the training runs applied, oldest first
 */
public record StudentMetadata(TransformerConfig config, long initSeed, List<TrainingRun> runs) {

  public StudentMetadata {
    Objects.requireNonNull(config, "config");
    runs = List.copyOf(runs);
  }

  /**
   * One fine-tuning run.
   *
   * @param steps optimizer steps
   * @param examples usable examples
   * @param batchSize sequences per step
   * @param learningRate peak learning rate
   * @param seed data-order seed
   * @param weighting how example weights were used ({@code sample} or {@code loss})
   * @param tokens input tokens processed
   * @param finalLoss mean loss of the last steps
   */
  public record TrainingRun(
      int steps, int examples, int batchSize, double learningRate, long seed, String weighting,
      long tokens, double finalLoss) {

    /** The record of {@code steps} steps of a run with {@code settings}. */
    public static TrainingRun of(FineTuneSettings settings, int steps, int examples, long tokens,
        double finalLoss) {
      return new TrainingRun(steps, examples, settings.batchSize(), settings.learningRate(),
          settings.seed(), settings.weighting().name().toLowerCase(Locale.ROOT), tokens, finalLoss);
    }
  }

  public StudentMetadata withRun(TrainingRun run) {
    List<TrainingRun> all = new java.util.ArrayList<>(runs);
    all.add(run);
    return new StudentMetadata(config, initSeed, all);
  }

  /** Optimizer steps over all runs. */
  public long totalSteps() {
    return runs.stream().mapToLong(TrainingRun::steps).sum();
  }
}
