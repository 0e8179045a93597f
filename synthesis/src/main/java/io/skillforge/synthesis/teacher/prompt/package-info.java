/**
 * The teacher protocol: the chat requests Skillforge sends a teacher model, and how a server reads
 * them back.
 *
 * <p>Every request is rendered by {@link io.skillforge.synthesis.teacher.prompt.TeacherPrompts}
 * from the templates in {@code io/skillforge/synthesis/prompts/} ({@code ROLE.system.txt}, {@code
 * ROLE.user.txt}, a shared {@code _preamble.txt} and {@code repair.user.txt}). The system message
 * states the task and the reply schema by id, {@code skillforge.ROLE.v1}, with its JSON shape; the
 * user message carries the material as one JSON object between {@code <data>} and {@code </data>}.
 * Replies are one JSON object:
 *
 * <ul>
 *   <li>{@code catalog-name}: {@code {"items": [{"id", "skills": [name...]}]}}
 *   <li>{@code catalog-merge}: {@code {"skills": [{"id", "name", "description", "covers": [name...]}]}}
 *   <li>{@code label}: {@code {"labels": [{"id", "skills": [id...]}]}}
 *   <li>{@code diagnose}: {@code {"diagnoses": [{"id", "correct", "explanation", "missingSkills": [id...]}]}}
 *   <li>{@code synthesize}: {@code {"items": [{"question", "skills": [id...], "solutions":
 *       [{"rationale", "answer"}...]}]}}
 *   <li>{@code verify}: {@code {"verdicts": [{"id", "correct", "answer", "reason"}]}}
 * </ul>
 *
 * After an unusable reply, a client appends the reply and {@link
 * io.skillforge.synthesis.teacher.prompt.TeacherPrompts#repair} as a new user message; {@link
 * io.skillforge.synthesis.teacher.prompt.ParsedPrompt#parse} still finds the original data there.
 * The teacher simulator recognises a request by the schema id in its system message.
 */
package io.skillforge.synthesis.teacher.prompt;
