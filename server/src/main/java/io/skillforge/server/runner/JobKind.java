package io.skillforge.server.runner;

import io.skillforge.server.workspace.SafeNames;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skillforge.server.jobs.Job;
import io.skillforge.server.jobs.JobContext;
import io.skillforge.server.jobs.JobServices;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.skills.errors.SkillforgeException;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One kind of job the server runs, such as {@code label}: how the parameters of {@code POST /jobs}
 * become the job's typed request, which job runs it, and what the finished job leaves (its result
 * as JSON, its artifacts, and anything it publishes to the workspace, such as a new dataset).
 *
 * <p>Parameters are a record {@code P} bound from JSON: unknown fields are refused, and so is a
 * field of the wrong type, naming the field. Binding must not touch the disk beyond checking that
 * what the parameters name exists: it runs when the job is submitted (so bad parameters are refused
 * at once) and again every time the job runs, a resumed job included.
 *
 * @param <P> the parameters, as the API takes them
 * @param <Q> the job's request
 * @param <R> the job's result
 */
public final class JobKind<P, Q, R> {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);

  /** Makes the job's request from its parameters. */
  @FunctionalInterface
  public interface Binder<P, Q> {
    /**
     * @throws BadInputException for parameters that cannot be used
     * @throws io.skillforge.skills.errors.NotFoundException when a named dataset, catalog or student
     *     does not exist
     */
    Q bind(P params, JobPlace place) throws IOException;
  }

  /** What a successful job leaves; may publish its outputs to the workspace. */
  @FunctionalInterface
  public interface Finisher<P, R> {
    JobOutcome finish(P params, R result, JobPlace place) throws IOException;
  }

  /** A job bound to its request, ready to run. */
  @FunctionalInterface
  public interface Bound {
    JobOutcome run(JobContext context) throws IOException;
  }

  private final String name;
  private final Class<P> params;
  private final Binder<P, Q> binder;
  private final Function<JobServices, Job<Q, R>> job;
  private final Finisher<P, R> finisher;

  private JobKind(String name, Class<P> params, Binder<P, Q> binder, Function<JobServices, Job<Q, R>> job,
      Finisher<P, R> finisher) {
    this.name = SafeNames.check(name, "job kind");
    this.params = Objects.requireNonNull(params, "params");
    this.binder = Objects.requireNonNull(binder, "binder");
    this.job = Objects.requireNonNull(job, "job");
    this.finisher = Objects.requireNonNull(finisher, "finisher");
  }

  /**
   * @param name the kind's name in {@code POST /jobs}
   * @param params the parameters' record
   * @param binder parameters to the job's request
   * @param job the job, given the server's services
   * @param finisher the result to what the job leaves
   */
  public static <P, Q, R> JobKind<P, Q, R> of(String name, Class<P> params, Binder<P, Q> binder,
      Function<JobServices, Job<Q, R>> job, Finisher<P, R> finisher) {
    return new JobKind<>(name, params, binder, job, finisher);
  }

  public String name() {
    return name;
  }

  /**
   * Reads the parameters (every field of {@code body} but {@code kind}) and binds them.
   *
   * @throws BadInputException when they cannot be read or used
   */
  public Bound bind(ObjectNode body, JobPlace place) throws IOException {
    P p = read(body);
    Q request = bindChecked(p, place);
    Job<Q, R> runnable = job.apply(place.services());
    return context -> finisher.finish(p, runnable.run(request, context), place);
  }

  /** Checks the parameters as {@link #bind} would, without making the job. */
  public void check(ObjectNode body, JobPlace place) throws IOException {
    bindChecked(read(body), place);
  }

  private Q bindChecked(P p, JobPlace place) throws IOException {
    try {
      return binder.bind(p, place);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private P read(ObjectNode body) {
    ObjectNode fields = body.deepCopy();
    fields.remove("kind");
    try {
      return JSON.treeToValue(fields, params);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw unreadable(e);
    }
  }

  private RuntimeException unreadable(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SkillforgeException own) {
        return own; // thrown by the parameters' own checks
      }
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return new BadInputException(name + " jobs take no parameter '" + u.getPropertyName() + "'; they take "
          + u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")), e);
    }
    if (e instanceof InvalidFormatException f) {
      return new BadInputException("parameter '" + path(f) + "' of a " + name + " job cannot be "
          + f.getValue(), e);
    }
    if (e instanceof MismatchedInputException m) {
      return new BadInputException("parameter '" + path(m) + "' of a " + name + " job has a value of the wrong"
          + " type", e);
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
    return new BadInputException("the parameters of a " + name + " job are invalid: " + message, e);
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
