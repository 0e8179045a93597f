package io.skillforge.synthesis.teacher.sim;

/**
 * What a {@link TeacherSim} has answered so far.
 *
 * @param chatCalls chat completion requests received (well-formed ones)
 * @param rateLimited answered HTTP 429
 * @param serverErrors answered HTTP 500 (injected)
 * @param malformed answered HTTP 200 with broken JSON content (injected)
 * @param unrecognised answered HTTP 200 with a "not a protocol request" object
 */
public record SimStats(
    long chatCalls, long rateLimited, long serverErrors, long malformed, long unrecognised) {}
