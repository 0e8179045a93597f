package io.skillforge.student.openai;

import io.skillforge.student.PromptFormat;
import io.skillforge.student.Sampling;
import io.skillforge.student.builtin.BuiltinStudent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@code /v1/completions} or {@code /v1/chat/completions} request, read and checked against
 * the served student before any generation starts. Every refusal is an {@link ApiError} whose
 * message names the field, in JSON's own terms (string, number, array), never a Java type.
 *
 * @param chat whether it came to the chat endpoint (rows are questions) or the completions one
 *     (rows are raw text)
 * @param rows what the student generates for: each prompt {@code n} times, prompt by prompt
 * @param sampling decoding settings
 * @param n choices per prompt
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a streamed answer ends with a usage chunk ({@code stream_options})
 */
record CompletionRequest(boolean chat, List<String> rows, Sampling sampling, int n, boolean stream,
    boolean includeUsage) {

  /** Most responses one request may ask for (prompts times n). */
  static final int MAX_CHOICES = 4096;

  /** Reads a chat request: the last {@code user} message is the question. */
  static CompletionRequest chat(Buffer body, BuiltinStudent student) {
    JsonObject json = object(body);
    checkModel(json, student);
    String question = lastUserMessage(json.getValue("messages"));
    Sampling sampling = sampling(json, student);
    checkFits(BuiltinStudent.tokenCount(PromptFormat.prompt(question)), "messages", sampling,
        student);
    int n = choices(json, 1);
    return new CompletionRequest(true, repeat(List.of(question), n), sampling, n,
        bool(json, "stream", false), includeUsage(json));
  }

  /** Reads a completions request: {@code prompt} is a string or an array of strings. */
  static CompletionRequest completions(Buffer body, BuiltinStudent student) {
    JsonObject json = object(body);
    checkModel(json, student);
    List<String> prompts = prompts(json.getValue("prompt"));
    Sampling sampling = sampling(json, student);
    for (String prompt : prompts) {
      checkFits(BuiltinStudent.tokenCount(prompt), "prompt", sampling, student);
    }
    int n = choices(json, prompts.size());
    return new CompletionRequest(false, repeat(prompts, n), sampling, n, bool(json, "stream", false),
        includeUsage(json));
  }

  private static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ApiError.invalid(null, "the request body is empty; send a JSON object");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ApiError.invalid(null, "the request body is not valid JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw ApiError.invalid(null, "the request body must be a JSON object, not " + kind(value));
    }
    return json;
  }

  /** A request may leave {@code model} out (the one served model answers); another name is 404. */
  private static void checkModel(JsonObject json, BuiltinStudent student) {
    Object model = json.getValue("model");
    if (model == null) {
      return;
    }
    if (!(model instanceof String name)) {
      throw mustBe("model", "a string", model);
    }
    if (!name.equals(student.name())) {
      throw ApiError.modelNotFound(name, student.name());
    }
  }

  private static List<String> prompts(Object prompt) {
    if (prompt instanceof String s) {
      return List.of(s);
    }
    if (prompt instanceof JsonArray array && !array.isEmpty()) {
      List<String> prompts = new ArrayList<>(array.size());
      for (Object p : array) {
        if (!(p instanceof String s)) {
          throw ApiError.invalid("prompt", "'prompt' must be a string or an array of strings, but"
              + " it holds " + kind(p));
        }
        prompts.add(s);
      }
      return prompts;
    }
    if (prompt == null) {
      throw ApiError.invalid("prompt", "'prompt' is missing; send a string or an array of strings");
    }
    throw mustBe("prompt", "a string or a non-empty array of strings", prompt);
  }

  private static String lastUserMessage(Object value) {
    if (value == null) {
      throw ApiError.invalid("messages", "'messages' is missing; send an array of messages");
    }
    if (!(value instanceof JsonArray messages) || messages.isEmpty()) {
      throw mustBe("messages", "a non-empty array of messages", value);
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (!(messages.getValue(i) instanceof JsonObject message)) {
        throw ApiError.invalid("messages", "'messages' must hold objects with a role and content,"
            + " but message " + i + " is " + kind(messages.getValue(i)));
      }
      if (!"user".equals(message.getValue("role"))) {
        continue;
      }
      Object content = message.getValue("content");
      if (content instanceof String s) {
        return s;
      }
      if (content instanceof JsonArray parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
          if (part instanceof JsonObject p && "text".equals(p.getValue("type"))
              && p.getValue("text") instanceof String s) {
            text.append(s);
          }
        }
        return text.toString();
      }
      throw ApiError.invalid("messages", "the content of user message " + i + " must be a string"
          + " or an array of text parts, not " + kind(content));
    }
    throw ApiError.invalid("messages", "'messages' holds no message with role 'user'");
  }

  private static Sampling sampling(JsonObject json, BuiltinStudent student) {
    double temperature = number(json, "temperature", 1.0);
    if (!(temperature >= 0)) {
      throw ApiError.invalid("temperature", "'temperature' must be 0 or more, but was "
          + json.getValue("temperature"));
    }
    double topP = number(json, "top_p", 1.0);
    if (!(topP > 0 && topP <= 1)) {
      throw ApiError.invalid("top_p", "'top_p' must be above 0 and at most 1, but was "
          + json.getValue("top_p"));
    }
    String maxField = json.containsKey("max_tokens") || !json.containsKey("max_completion_tokens")
        ? "max_tokens" : "max_completion_tokens";
    int context = student.config().context();
    BigInteger max = integer(json, maxField);
    if (max != null && !inRange(max, 1, context)) {
      throw ApiError.invalid(maxField, "'" + maxField + "' must be between 1 and the model's"
          + " context of " + context + " tokens, but was " + max);
    }
    BigInteger seed = integer(json, "seed");
    if (seed != null && !inRange(seed, Long.MIN_VALUE, Long.MAX_VALUE)) {
      throw ApiError.invalid("seed", "'seed' must be a 64-bit integer, but was " + seed);
    }
    return new Sampling(temperature, topP, max == null ? Sampling.DEFAULT_MAX_TOKENS
        : max.intValueExact(), seed == null ? 0 : seed.longValueExact(),
        bool(json, "ignore_eos", false));
  }

  /**
   * Refuses a prompt that generation would cut: the student keeps up to half its context for the
   * completion and drops the beginning of a longer prompt.
   */
  private static void checkFits(int promptTokens, String param, Sampling sampling,
      BuiltinStudent student) {
    int room = student.maxPromptTokens(sampling.maxTokens());
    if (promptTokens > room) {
      throw ApiError.invalid(param, "context_length_exceeded", "the prompt is " + promptTokens
          + " tokens, but with max_tokens " + sampling.maxTokens() + " the model's context of "
          + student.config().context() + " tokens holds at most " + room + " prompt tokens (the"
          + " completion keeps up to half of it); shorten the prompt or lower max_tokens");
    }
  }

  private static int choices(JsonObject json, int prompts) {
    BigInteger n = integer(json, "n");
    if (n == null) {
      return 1;
    }
    if (!inRange(n, 1, MAX_CHOICES / prompts)) {
      throw ApiError.invalid("n", "'n' must be at least 1, and at most " + MAX_CHOICES
          + " choices in all (prompts times n), but was " + n);
    }
    return n.intValueExact();
  }

  private static boolean includeUsage(JsonObject json) {
    Object options = json.getValue("stream_options");
    if (options == null) {
      return false;
    }
    if (!(options instanceof JsonObject o)) {
      throw mustBe("stream_options", "an object", options);
    }
    return bool(o, "include_usage", false);
  }

  private static double number(JsonObject json, String field, double fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      throw mustBe(field, "a number", value);
    }
    return number.doubleValue();
  }

  /** A whole number of any size (1e3 and 1000.0 count); null when absent. */
  private static BigInteger integer(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw mustBe(field, "an integer", value);
    }
    try {
      BigDecimal exact = value instanceof BigInteger big ? new BigDecimal(big)
          : value instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
      return exact.toBigIntegerExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw ApiError.invalid(field, "'" + field + "' must be an integer, but was " + value);
    }
  }

  private static boolean inRange(BigInteger value, long min, long max) {
    return value.compareTo(BigInteger.valueOf(min)) >= 0
        && value.compareTo(BigInteger.valueOf(max)) <= 0;
  }

  private static boolean bool(JsonObject json, String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw mustBe(field, "true or false", value);
    }
    return b;
  }

  private static ApiError mustBe(String field, String what, Object value) {
    return ApiError.invalid(field, "'" + field + "' must be " + what + ", not " + kind(value));
  }

  /** A JSON value's kind in JSON's words. */
  private static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return "an object";
  }

  private static List<String> repeat(List<String> prompts, int n) {
    List<String> rows = new ArrayList<>(prompts.size() * n);
    for (String p : prompts) {
      rows.addAll(Collections.nCopies(n, p));
    }
    return rows;
  }
}
