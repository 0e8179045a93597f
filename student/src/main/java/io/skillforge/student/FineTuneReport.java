package io.skillforge.student;

import java.time.Duration;

/**
 * The outcome of a fine-tuning run.
 *
 * @param steps optimizer steps taken
 * @param examples examples that were usable (fit the student's context)
 * @param skipped examples left out because prompt and response did not fit the context
 * @param tokens input tokens processed (padding excluded)
 * @param firstLoss mean loss over the first (up to) 10 steps
 * @param finalLoss mean loss over the last (up to) 10 steps
 * @param tokensPerSecond tokens / elapsed
 * @param elapsed wall time of the run
 */
public record FineTuneReport(
    int steps, int examples, int skipped, long tokens, double firstLoss, double finalLoss,
    double tokensPerSecond, Duration elapsed) {}
