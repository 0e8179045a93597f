package io.skillforge.synthesis.teacher.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client LangChain4j's chat models use here: the JDK client, plus a record of each
 * exchange's status and headers for the calling thread. LangChain4j turns HTTP errors into typed
 * exceptions that drop the headers; the pipeline needs {@code Retry-After} and the rate-limit
 * headers, so it reads them from {@link Exchange} after each call. Streaming is not used.
 */
final class RecordingHttpClient implements HttpClient {

  /** The last exchange made on one thread: its status (0 before any) and headers. */
  static final class Exchange {
    int status;
    Map<String, List<String>> headers = Map.of();
    int count;

    void reset() {
      status = 0;
      headers = Map.of();
      count = 0;
    }
  }

  private static final ThreadLocal<Exchange> CURRENT = ThreadLocal.withInitial(Exchange::new);

  private final java.net.http.HttpClient delegate;
  private final Duration readTimeout;

  private RecordingHttpClient(Builder builder) {
    java.net.http.HttpClient.Builder jdk =
        java.net.http.HttpClient.newBuilder()
            // Plain-HTTP servers (vLLM, llama.cpp, teacher-sim) speak HTTP/1.1; an h2c upgrade
            // attempt on every new connection only costs time.
            .version(java.net.http.HttpClient.Version.HTTP_1_1);
    if (builder.connectTimeout != null) {
      jdk.connectTimeout(builder.connectTimeout);
    }
    this.delegate = jdk.build();
    this.readTimeout = builder.readTimeout;
  }

  static Builder builder() {
    return new Builder();
  }

  /** The calling thread's exchange record; reset it before a call, read it after. */
  static Exchange current() {
    return CURRENT.get();
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not used by the teacher");
    }
    java.net.http.HttpRequest.Builder jdk =
        java.net.http.HttpRequest.newBuilder().uri(URI.create(request.url()));
    request.headers().forEach((name, values) -> {
      if (values != null) {
        values.forEach(value -> jdk.header(name, value));
      }
    });
    jdk.method(
        request.method().name(),
        request.body() == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
    if (readTimeout != null) {
      jdk.timeout(readTimeout);
    }
    Exchange exchange = CURRENT.get();
    exchange.count++;
    try {
      java.net.http.HttpResponse<String> response = delegate.send(jdk.build(), BodyHandlers.ofString());
      exchange.status = response.statusCode();
      exchange.headers = response.headers().map();
      if (response.statusCode() < 200 || response.statusCode() >= 300) {
        throw new HttpException(response.statusCode(), response.body());
      }
      return SuccessfulHttpResponse.builder()
          .statusCode(response.statusCode())
          .headers(response.headers().map())
          .body(response.body())
          .build();
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the teacher", e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    listener.onError(new UnsupportedOperationException("the teacher does not stream"));
  }

  /** Builds {@link RecordingHttpClient}s for LangChain4j's model builders. */
  static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout;
    private Duration readTimeout;

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public RecordingHttpClient build() {
      return new RecordingHttpClient(this);
    }
  }
}
