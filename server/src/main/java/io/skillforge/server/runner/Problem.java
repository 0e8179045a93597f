package io.skillforge.server.runner;

import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.BudgetSpentException;
import io.skillforge.skills.errors.CancelledException;
import io.skillforge.skills.errors.ConflictException;
import io.skillforge.skills.errors.NotFoundException;
import io.skillforge.skills.errors.SkillforgeException;
import io.skillforge.skills.errors.TeacherUnavailableException;
import io.skillforge.student.StudentUnavailableException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * A problem detail (RFC 9457): what went wrong, for a client to act on. The HTTP API answers every
 * error with one ({@code application/problem+json}), and a failed or cancelled job keeps one as its
 * {@code error}. {@code type} is a URN per kind of problem; {@code detail} is the one sentence of
 * the failure, written for a user (it never names a Java class).
 *
 * @param type such as {@code urn:skillforge:problem:not-found}
 * @param title the kind of problem, the same for every occurrence
 * @param status the HTTP status
 * @param detail this occurrence
 */
public record Problem(String type, String title, int status, String detail) {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String PREFIX = "urn:skillforge:problem:";

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    detail = detail == null || detail.isBlank() ? title : detail;
  }

  public static Problem badInput(String detail) {
    return new Problem(PREFIX + "bad-input", "Bad input", 400, detail);
  }

  public static Problem validation(String detail) {
    return new Problem(PREFIX + "validation", "The request does not match the API's contract", 400, detail);
  }

  public static Problem unauthorized() {
    return new Problem(PREFIX + "unauthorized", "Unauthorized", 401,
        "send the server's token as 'Authorization: Bearer TOKEN'");
  }

  public static Problem notFound(String detail) {
    return new Problem(PREFIX + "not-found", "Not found", 404, detail);
  }

  public static Problem conflict(String detail) {
    return new Problem(PREFIX + "conflict", "Conflict with what exists", 409, detail);
  }

  public static Problem tooLarge(long limit) {
    return new Problem(PREFIX + "body-too-large", "Request body too large", 413,
        "the request body is over the limit of " + limit + " bytes (server.max-body-bytes)");
  }

  public static Problem queueFull(String detail) {
    return new Problem(PREFIX + "queue-full", "The job queue is full", 429, detail);
  }

  /** Any HTTP status without more to say. */
  public static Problem status(int status, String title, String detail) {
    return new Problem(PREFIX + "http-" + status, title, status, detail);
  }

  /** The problem a failure is: its typed kind decides the status. */
  public static Problem of(Throwable failure) {
    Throwable e = unwrap(failure);
    String message = e.getMessage();
    if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
      return badInput(message);
    }
    if (e instanceof NotFoundException) {
      return notFound(message);
    }
    if (e instanceof NoSuchFileException f) {
      return notFound("no such file: " + f.getFile());
    }
    if (e instanceof ConflictException) {
      return conflict(message);
    }
    if (e instanceof QueueFullException) {
      return queueFull(message);
    }
    if (e instanceof CancelledException) {
      return new Problem(PREFIX + "cancelled", "Cancelled", 409, message);
    }
    if (e instanceof BudgetSpentException) {
      return new Problem(PREFIX + "budget-spent", "The teacher budget is spent", 402, message);
    }
    if (e instanceof TeacherUnavailableException) {
      return new Problem(PREFIX + "teacher-unavailable", "The teacher is unavailable", 503, message);
    }
    if (e instanceof StudentUnavailableException) {
      return new Problem(PREFIX + "student-unavailable", "The student is unavailable", 503, message);
    }
    if (e instanceof SkillforgeException) {
      return new Problem(PREFIX + "failed", "Failed", 500, message);
    }
    if (e instanceof IOException) {
      return new Problem(PREFIX + "io", "Input/output failed", 500, "input/output failed: " + message);
    }
    if (e instanceof OutOfMemoryError) {
      return new Problem(PREFIX + "out-of-memory", "Out of memory", 500,
          "the server ran out of memory; give it more with SKILLFORGE_JAVA_OPTS=-Xmx8g");
    }
    return new Problem(PREFIX + "internal", "The server failed", 500,
        "unexpected failure: " + (message == null ? "no details were given" : message));
  }

  /** Whether the failure is the server's fault (logged with its trace) rather than the request's. */
  public boolean serverSide() {
    return status >= 500 && status != 503;
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("title", title).put("status", status).put("detail", detail);
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof UncheckedIOException || e instanceof java.util.concurrent.CompletionException
        || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
