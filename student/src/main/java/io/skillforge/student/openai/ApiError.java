package io.skillforge.student.openai;

import io.vertx.core.json.JsonObject;

/**
 * A request {@link StudentServer} refuses, answered in OpenAI's shape: {@code {"error":
 * {"message", "type", "param", "code"}}} with an HTTP status. The message is one plain sentence
 * that names the request field at fault.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String type;
  private final String param;
  private final String code;

  private ApiError(int status, String message, String type, String param, String code) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** 400: the request is wrong; {@code param} names the field (null when it is the whole body). */
  static ApiError invalid(String param, String message) {
    return new ApiError(400, message, "invalid_request_error", param, null);
  }

  /** 400 with a machine-readable code, such as {@code context_length_exceeded}. */
  static ApiError invalid(String param, String code, String message) {
    return new ApiError(400, message, "invalid_request_error", param, code);
  }

  /** 404 for a model this server does not serve, as OpenAI answers it. */
  static ApiError modelNotFound(String model, String served) {
    return new ApiError(404, "the model '" + model + "' does not exist; this server serves '"
        + served + "'", "invalid_request_error", "model", "model_not_found");
  }

  /** 404 for a path this server does not have. */
  static ApiError noSuchEndpoint(String method, String path) {
    return new ApiError(404, "no such endpoint: " + method + " " + path, "invalid_request_error",
        null, "unknown_url");
  }

  /** Any status, such as 413 for a body over the limit or 500 when generation fails. */
  static ApiError of(int status, String message) {
    return new ApiError(status, message, status >= 500 ? "server_error" : "invalid_request_error",
        null, null);
  }

  int status() {
    return status;
  }

  String param() {
    return param;
  }

  String code() {
    return code;
  }

  JsonObject toJson() {
    JsonObject error = new JsonObject().put("message", getMessage()).put("type", type);
    error.put("param", param);
    error.put("code", code);
    return new JsonObject().put("error", error);
  }
}
