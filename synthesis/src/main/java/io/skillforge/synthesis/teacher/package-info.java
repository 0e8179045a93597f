/**
 * Teachers: the {@link io.skillforge.synthesis.teacher.Teacher} roles (catalog, label, diagnose,
 * synthesize, verify) with their result records, and the built-in skill-world teacher. The prompt
 * protocol an LLM teacher speaks is in {@code prompt}; the OpenAI-compatible simulator that
 * answers it is in {@code sim}.
 */
package io.skillforge.synthesis.teacher;
