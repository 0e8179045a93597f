package io.skillforge.synthesis.teacher.llm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The provider's answer to one request.
 *
 * @param text the answer text; empty when the provider sent none
 * @param finishedNormally whether generation stopped on its own (finish reason "stop", or none
 *     reported), rather than at the token limit or a content filter
 * @param finishReason the provider's finish reason in lower case; "unknown" when not reported
 * @param promptTokens prompt tokens the provider counted; -1 when it did not say
 * @param completionTokens completion tokens the provider counted; -1 when it did not say
 * @param headers the HTTP response headers; empty when unknown
 */
record ChatReply(
    String text,
    boolean finishedNormally,
    String finishReason,
    int promptTokens,
    int completionTokens,
    Map<String, List<String>> headers) {
  ChatReply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    headers = headers == null ? Map.of() : headers;
  }
}
