package io.skillforge.synthesis.teacher.llm;

import io.skillforge.synthesis.teacher.prompt.PromptRole;
import java.util.List;
import java.util.Objects;

/**
 * One request to the teacher as the pipeline sees it: who it is for, what is sent, and how the
 * answer is checked.
 *
 * @param role the role, for accounting and failure records
 * @param itemIds the items the answer concerns, for failure records; may be empty
 * @param request the rendered request
 * @param expectedCompletionTokens a guess of the answer's size, for budgets and rate limits
 * @param parser validates the answer and turns it into a value
 */
record TeacherCall<T>(
    PromptRole role,
    List<String> itemIds,
    ChatRequestSpec request,
    int expectedCompletionTokens,
    AnswerParser<T> parser) {
  TeacherCall {
    Objects.requireNonNull(role, "role");
    itemIds = List.copyOf(itemIds);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(parser, "parser");
    if (expectedCompletionTokens < 0) {
      throw new IllegalArgumentException(
          "expectedCompletionTokens must be >= 0 but was " + expectedCompletionTokens);
    }
  }
}
