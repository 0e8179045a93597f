package io.skillforge.synthesis.teacher;

/**
 * A snapshot of what one job asked of its teacher and what it cost.
 *
 * @param calls requests the job made through the teacher pipeline (one per prompt)
 * @param cacheHits calls answered from the response cache, paying nothing
 * @param httpCalls requests that reached the provider, retries and re-asks included
 * @param promptTokens prompt tokens the provider counted (or that were estimated when it did not)
 * @param completionTokens completion tokens likewise
 * @param retries attempts repeated after a 429, 5xx, time-out or network failure
 * @param repairs answers that failed validation and were repaired or re-asked
 * @param failedCalls calls that ended without a valid answer
 * @param failures items recorded as failed (see {@link TeacherLedger#failures})
 * @param costDollars estimated cost from the configured prices
 * @param budgetDollars the job's budget; infinite when it has none
 */
public record TeacherUsage(
    long calls,
    long cacheHits,
    long httpCalls,
    long promptTokens,
    long completionTokens,
    long retries,
    long repairs,
    long failedCalls,
    long failures,
    double costDollars,
    double budgetDollars) {}
