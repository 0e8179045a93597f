package io.skillforge.synthesis.teacher.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.skillforge.skills.resilience.FailureKind;
import io.skillforge.skills.resilience.RateLimitHeaders;
import io.skillforge.synthesis.teacher.settings.StructuredOutput;
import io.skillforge.synthesis.teacher.settings.TeacherKind;
import io.skillforge.synthesis.teacher.settings.TeacherSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link ChatBackend} over a LangChain4j {@link ChatModel}: OpenAI, any OpenAI-compatible
 * endpoint, Ollama or Anthropic. LangChain4j's own retries are off (the pipeline retries), its
 * request/response logging is off (it would print prompts, and headers carry the key), and its
 * HTTP client is {@link RecordingHttpClient} so statuses and headers reach the pipeline.
 *
 * <p>The API key is read once, from the environment variable the settings name, and is kept only
 * inside the LangChain4j model and this backend's redaction; it is never logged or put in a
 * message.
 */
final class LangChainBackend implements ChatBackend {
  private static final int MAX_MESSAGE_CHARS = 300;

  private final TeacherKind provider;
  private final String model;
  private final StructuredOutput structuredOutput;
  private final ChatModel chatModel;
  private final String apiKey;

  private LangChainBackend(TeacherSettings settings, String apiKey) {
    this.provider = settings.kind();
    this.model = settings.endpoint().model();
    this.structuredOutput = settings.endpoint().structuredOutput();
    this.apiKey = apiKey;
    this.chatModel = buildModel(settings, apiKey);
  }

  /**
   * Builds the backend the settings describe, reading the API key from {@code env}.
   *
   * @throws IllegalArgumentException when the settings name the built-in teacher, or the provider
   *     needs a key and the variable is not set
   */
  static LangChainBackend create(TeacherSettings settings, Map<String, String> env) {
    if (!settings.kind().llm()) {
      throw new IllegalArgumentException("the built-in teacher runs in-process, not through LangChain4j");
    }
    String keyEnv = settings.endpoint().apiKeyEnv();
    String key = keyEnv == null || keyEnv.isBlank() ? null : env.get(keyEnv);
    if (key != null && key.isBlank()) {
      key = null;
    }
    boolean needsKey = settings.kind() == TeacherKind.OPENAI || settings.kind() == TeacherKind.ANTHROPIC;
    if (needsKey && key == null) {
      throw new IllegalArgumentException(
          "teacher kind "
              + settings.kind().wireName()
              + " needs an API key in the environment variable "
              + (keyEnv == null || keyEnv.isBlank() ? "named by teacher.api-key-env" : keyEnv)
              + ", which is not set");
    }
    return new LangChainBackend(settings, key);
  }

  private static ChatModel buildModel(TeacherSettings settings, String key) {
    RecordingHttpClient.Builder http = RecordingHttpClient.builder();
    TeacherSettings.Endpoint o = settings.endpoint();
    return switch (settings.kind()) {
      case BUILTIN -> throw new IllegalArgumentException("the built-in teacher has no chat model");
      case OPENAI, OPENAI_COMPATIBLE -> {
        OpenAiChatModel.OpenAiChatModelBuilder b =
            OpenAiChatModel.builder()
                .httpClientBuilder(http)
                .modelName(o.model())
                .apiKey(key)
                .timeout(o.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        if (o.baseUrl() != null && !o.baseUrl().isBlank()) {
          b.baseUrl(o.baseUrl());
        }
        if (o.structuredOutput() == StructuredOutput.JSON_SCHEMA) {
          b.supportedCapabilities(dev.langchain4j.model.chat.Capability.RESPONSE_FORMAT_JSON_SCHEMA);
        }
        yield b.build();
      }
      case OLLAMA -> {
        OllamaChatModel.OllamaChatModelBuilder b =
            OllamaChatModel.builder()
                .httpClientBuilder(http)
                .modelName(o.model())
                .timeout(o.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        b.baseUrl(o.baseUrl() == null || o.baseUrl().isBlank() ? "http://localhost:11434" : o.baseUrl());
        if (key != null) {
          b.customHeaders(Map.of("Authorization", "Bearer " + key));
        }
        yield b.build();
      }
      case ANTHROPIC -> {
        AnthropicChatModel.AnthropicChatModelBuilder b =
            AnthropicChatModel.builder()
                .httpClientBuilder(http)
                .modelName(o.model())
                .apiKey(key)
                .timeout(o.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        if (o.baseUrl() != null && !o.baseUrl().isBlank()) {
          b.baseUrl(o.baseUrl());
        }
        yield b.build();
      }
    };
  }

  @Override
  public String kind() {
    return provider.wireName();
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public ChatReply send(ChatRequestSpec request) throws ProviderFailure {
    ChatRequest chatRequest = toChatRequest(request);
    RecordingHttpClient.Exchange exchange = RecordingHttpClient.current();
    exchange.reset();
    ChatResponse response;
    try {
      response = chatModel.chat(chatRequest);
    } catch (RuntimeException e) {
      throw failure(e, exchange);
    }
    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    FinishReason finish = response.finishReason();
    TokenUsage usage = response.tokenUsage();
    return new ChatReply(
        text == null ? "" : text,
        finish == null || finish == FinishReason.STOP,
        finish == null ? "unknown" : finish.name().toLowerCase(Locale.ROOT),
        usage == null || usage.inputTokenCount() == null ? -1 : usage.inputTokenCount(),
        usage == null || usage.outputTokenCount() == null ? -1 : usage.outputTokenCount(),
        exchange.headers);
  }

  @Override
  public String redact(String text) {
    if (text == null || apiKey == null) {
      return text;
    }
    return text.replace(apiKey, "[redacted]");
  }

  private ChatRequest toChatRequest(ChatRequestSpec spec) {
    List<ChatMessage> messages = new ArrayList<>(spec.turns().size());
    for (ChatTurn turn : spec.turns()) {
      messages.add(
          switch (turn.speaker()) {
            case SYSTEM -> SystemMessage.from(turn.text());
            case USER -> UserMessage.from(turn.text());
            case ASSISTANT -> AiMessage.from(turn.text());
          });
    }
    Sampling s = spec.sampling();
    ChatRequestParameters parameters;
    if (provider == TeacherKind.OPENAI || provider == TeacherKind.OPENAI_COMPATIBLE) {
      parameters =
          OpenAiChatRequestParameters.builder()
              .temperature(s.temperature())
              .topP(s.topP())
              .maxOutputTokens(s.maxTokens())
              .seed(s.seed())
              .responseFormat(responseFormat(spec))
              .build();
    } else {
      parameters =
          ChatRequestParameters.builder()
              .temperature(s.temperature())
              .topP(s.topP())
              .maxOutputTokens(s.maxTokens())
              .responseFormat(responseFormat(spec))
              .build();
    }
    return ChatRequest.builder().messages(messages).parameters(parameters).build();
  }

  private ResponseFormat responseFormat(ChatRequestSpec spec) {
    return switch (structuredOutput) {
      case JSON_SCHEMA -> ResponseFormat.builder()
          .type(ResponseFormatType.JSON)
          .jsonSchema(
              JsonSchema.builder()
                  .name(spec.schemaName())
                  .rootElement(JsonRawSchema.from(spec.schemaJson()))
                  .build())
          .build();
      case JSON_OBJECT -> ResponseFormat.JSON;
      case NONE -> null;
    };
  }

  private ProviderFailure failure(RuntimeException e, RecordingHttpClient.Exchange exchange) {
    int status = exchange.status;
    RateLimitHeaders limits = RateLimitHeaders.parse(exchange.headers, Instant.now());
    FailureKind kind;
    if (status >= 400) {
      kind = FailureKind.ofStatus(status);
    } else if (status >= 200 && status < 300) {
      // The provider answered, but its envelope did not parse: as good as a malformed answer.
      kind = FailureKind.MALFORMED;
    } else {
      kind = classify(e);
    }
    String detail = httpBody(e);
    if (detail == null) {
      detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    String message =
        (status > 0 ? "HTTP " + status + ": " : "") + shorten(redact(detail.replaceAll("\\s+", " ")));
    return new ProviderFailure(kind, status, limits, message);
  }

  private static FailureKind classify(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
        return FailureKind.TIMEOUT;
      }
      if (t instanceof RateLimitException) {
        return FailureKind.RATE_LIMITED;
      }
      if (t instanceof InternalServerException) {
        return FailureKind.SERVER_ERROR;
      }
      if (t instanceof HttpException http) {
        FailureKind byStatus = FailureKind.ofStatus(http.statusCode());
        if (byStatus != null) {
          return byStatus;
        }
      }
      if (t instanceof ConnectException
          || t instanceof UnresolvedAddressException
          || t instanceof UnresolvedModelServerException
          || t instanceof IOException) {
        return FailureKind.NETWORK;
      }
    }
    return FailureKind.OTHER;
  }

  private static String httpBody(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException http && http.getMessage() != null) {
        return http.getMessage();
      }
    }
    return null;
  }

  private static String shorten(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
