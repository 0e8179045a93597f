package io.skillforge.student.fanout;

import io.skillforge.skills.concurrent.Cancellation;
import io.skillforge.skills.errors.BadInputException;
import io.skillforge.student.Completion;
import io.skillforge.student.FineTuneReport;
import io.skillforge.student.FineTuneSettings;
import io.skillforge.student.Sampling;
import io.skillforge.student.Student;
import io.skillforge.student.StudentUnavailableException;
import io.skillforge.student.TrainingProgress;
import io.skillforge.skills.Example;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One student served by several endpoints (replicas of the same model): each request goes to the
 * replica with the most free room under its own limit of requests in flight, so a slow replica
 * takes fewer of them. A request that a replica fails for being unreachable or failing past its
 * retries is sent to another replica, and that replica rests for a while before it is tried
 * again; a request fails only when every replica has failed it. A request the replica refused as
 * bad (HTTP 400) fails at once: another replica would refuse it too.
 *
 * <p>Generation must not depend on the replica (the same model and decoding, greedy or seeded
 * sampling), which is what makes a fanned-out probe give the results one endpoint gives.
 * Thread-safe; answers complete on the replicas' threads.
 */
public final class FanOutStudent implements Student {
  /**
   * @param name the replica's name in notices (its URL)
   * @param student the replica
   * @param maxInFlight requests it is sent at once
   */
  public record Replica(String name, Student student, int maxInFlight) {
    public Replica {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(student, "student");
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be >= 1 but was " + maxInFlight);
      }
    }
  }

  /** One generate call, until a replica answers it or every replica failed it. */
  private static final class Task {
    final List<String> prompts;
    final Sampling sampling;
    final Promise<List<Completion>> promise = Promise.promise();
    final Set<Integer> failedOn = new HashSet<>();
    Throwable lastFailure;

    Task(List<String> prompts, Sampling sampling) {
      this.prompts = prompts;
      this.sampling = sampling;
    }
  }

  private final List<Replica> replicas;
  private final int[] inFlight;
  private final long[] restingUntil;
  private final long[] served;
  private final long restNanos;
  private final LongSupplier clock;
  private final Consumer<String> notices;
  private final Deque<Task> waiting = new ArrayDeque<>();
  private boolean closed;

  /**
   * @param rest how long a replica that failed a request is left alone
   * @param notices told when a replica fails and its share moves; must be quick
   */
  public FanOutStudent(List<Replica> replicas, Duration rest, Consumer<String> notices) {
    this(replicas, rest, notices, System::nanoTime);
  }

  FanOutStudent(List<Replica> replicas, Duration rest, Consumer<String> notices, LongSupplier clock) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("a fanned-out student needs at least one replica");
    }
    this.replicas = List.copyOf(replicas);
    this.inFlight = new int[replicas.size()];
    this.restingUntil = new long[replicas.size()];
    this.served = new long[replicas.size()];
    this.restNanos = rest.toNanos();
    this.notices = Objects.requireNonNull(notices, "notices");
    this.clock = clock;
  }

  @Override
  public String name() {
    return replicas.get(0).student().name();
  }

  /** Requests the replicas hold at once, together: what a caller should keep in flight. */
  @Override
  public int capacity() {
    return replicas.stream().mapToInt(Replica::maxInFlight).sum();
  }

  /** Requests each replica answered so far, in replica order. */
  public synchronized List<Long> served() {
    List<Long> out = new ArrayList<>();
    for (long s : served) {
      out.add(s);
    }
    return out;
  }

  @Override
  public Future<List<Completion>> generate(List<String> prompts, Sampling sampling) {
    Objects.requireNonNull(prompts, "prompts");
    Objects.requireNonNull(sampling, "sampling");
    Task task = new Task(List.copyOf(prompts), sampling);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the student is closed");
      }
      waiting.addLast(task);
    }
    dispatch();
    return task.promise.future();
  }

  /** Sends waiting tasks to replicas with room, most room first. */
  private void dispatch() {
    while (true) {
      Task task;
      int chosen;
      synchronized (this) {
        task = waiting.peekFirst();
        if (task == null) {
          return;
        }
        chosen = pick(task);
        if (chosen < 0) {
          if (noneLeft(task)) {
            waiting.removeFirst();
            task.promise.tryFail(new StudentUnavailableException("every endpoint failed this request; the last"
                + " failure: " + describe(task.lastFailure), task.lastFailure));
            continue;
          }
          return; // replicas are busy (or resting): a completion dispatches again
        }
        waiting.removeFirst();
        inFlight[chosen]++;
      }
      send(task, chosen);
    }
  }

  /**
   * The replica with the most free room that has not failed this task, a resting one only when no
   * other can take it and nothing in flight would dispatch again; -1 when none.
   */
  private int pick(Task task) {
    int best = best(task, false);
    return best >= 0 || anyBusy() ? best : best(task, true);
  }

  private int best(Task task, boolean resting) {
    long now = clock.getAsLong();
    int best = -1;
    double bestRoom = 0;
    for (int i = 0; i < replicas.size(); i++) {
      if (task.failedOn.contains(i) || !resting && restingUntil[i] - now > 0) {
        continue;
      }
      double room = 1.0 - inFlight[i] / (double) replicas.get(i).maxInFlight();
      if (room > bestRoom) {
        best = i;
        bestRoom = room;
      }
    }
    return best;
  }

  /** Whether every replica failed the task. */
  private boolean noneLeft(Task task) {
    return task.failedOn.size() == replicas.size();
  }

  private boolean anyBusy() {
    for (int n : inFlight) {
      if (n > 0) {
        return true;
      }
    }
    return false;
  }

  private void send(Task task, int replica) {
    Future<List<Completion>> answer;
    try {
      answer = replicas.get(replica).student().generate(task.prompts, task.sampling);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(done -> {
      boolean retry = false;
      synchronized (this) {
        inFlight[replica]--;
        if (done.succeeded()) {
          served[replica]++;
        } else if (movable(done.cause())) {
          task.failedOn.add(replica);
          task.lastFailure = done.cause();
          if (restingUntil[replica] - clock.getAsLong() <= 0) {
            restingUntil[replica] = clock.getAsLong() + restNanos;
            notices.accept("endpoint " + replicas.get(replica).name() + " failed (" + describe(done.cause())
                + "); its share moves to the other endpoints for " + restNanos / 1_000_000_000L + " s");
          }
          waiting.addFirst(task);
          retry = true;
        }
      }
      if (done.succeeded()) {
        task.promise.tryComplete(done.result());
      } else if (!retry) {
        task.promise.tryFail(done.cause());
      }
      dispatch();
    });
  }

  /** Whether another replica may answer what this one failed: not for a request refused as bad. */
  private static boolean movable(Throwable failure) {
    return !(failure instanceof BadInputException || failure instanceof IllegalArgumentException);
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return "none";
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
  }

  @Override
  public boolean trainable() {
    return false;
  }

  @Override
  public Future<FineTuneReport> fineTune(List<Example> examples, FineTuneSettings settings,
      Consumer<TrainingProgress> listener, Cancellation cancellation) {
    return Future.failedFuture(new UnsupportedOperationException("endpoints are not trained here"));
  }

  @Override
  public Future<Void> save(Path directory) {
    return Future.failedFuture(new UnsupportedOperationException("endpoints are not saved here"));
  }

  /** Closes every replica; waiting requests fail. */
  @Override
  public void close() {
    List<Task> dropped;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      dropped = new ArrayList<>(waiting);
      waiting.clear();
    }
    for (Task task : dropped) {
      task.promise.tryFail(new IllegalStateException("the student is closed"));
    }
    for (Replica replica : replicas) {
      replica.student().close();
    }
  }
}
