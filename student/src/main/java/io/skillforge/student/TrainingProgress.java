package io.skillforge.student;

import java.time.Duration;

/**
 * A snapshot of a running fine-tuning job, handed to its listener after a step.
 *
 * @param step steps done so far (1-based)
 * @param steps steps planned
 * @param loss mean masked cross-entropy of this step's batch, in nats per response token
 * @param learningRate the learning rate this step used
 * @param tokens input tokens processed so far (padding excluded)
 * @param tokensPerSecond tokens / elapsed
 * @param elapsed wall time since the run started
 */
public record TrainingProgress(
    int step, int steps, double loss, double learningRate, long tokens, double tokensPerSecond,
    Duration elapsed) {}
