package io.skillforge.student.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A copy of the model on a thread of its own, for data-parallel training on the CPU: before each
 * step it takes the master's weights, then computes the gradients of its shard of the batch, which
 * are added to the master's in a fixed order. Its thread also does a share of the optimizer's
 * work. libtorch runs on one thread here, as on the master, so each shard's arithmetic, and with
 * it the whole step, is the same in every run.
 */
final class GradientReplica implements AutoCloseable {
  private final DecoderModel model;
  private final NDManager manager;
  private final ParameterStore store;
  private final List<Parameter> parameters = new ArrayList<>();
  private final ExecutorService thread;

  GradientReplica(DecoderModel master, NDManager parent, String name) {
    this.thread = Executors.newSingleThreadExecutor(runnable -> {
      Thread t = new Thread(() -> {
        Torch.disableGradModeOnThisThread();
        Torch.useThreads(1);
        runnable.run();
      }, name);
      t.setDaemon(true);
      return t;
    });
    this.manager = parent.newSubManager();
    this.model = new DecoderModel(master.config(), 0);
    this.store = new ParameterStore(manager, false);
    try {
      CompletableFuture.runAsync(() -> {
        model.initialize(manager);
        model.getParameters().values().forEach(p -> {
          p.getArray().setRequiresGradient(true);
          Torch.zeroGradient(p.getArray());
          parameters.add(p);
        });
      }, thread).join();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Copies {@code master}'s weights (in parameter order) into the replica, on any thread, while
   * the replica computes nothing and nothing writes the master's weights.
   */
  void copyWeightsFrom(List<Parameter> master) {
    for (int i = 0; i < parameters.size(); i++) {
      NDArray mine = parameters.get(i).getArray();
      // x * 0 + w is w exactly; both operations run in place, without autograd.
      mine.muli(0).addi(master.get(i).getArray());
    }
  }

  /** Runs {@code work} on the replica's thread with the replica's model and parameter store. */
  <T> CompletableFuture<T> submit(Function<Replica, T> work) {
    return CompletableFuture.supplyAsync(
        () -> work.apply(new Replica(model, store, manager)), thread);
  }

  /**
   * Adds the replica's accumulated gradient of parameter {@code index} to {@code master}'s and
   * zeroes its own. Call while the replica computes nothing; {@code step} owns the temporary
   * handles.
   */
  void addGradientTo(int index, Parameter master, NDManager step) {
    NDArray mine = parameters.get(index).getArray();
    NDArray theirs = master.getArray().getGradient();
    NDArray gradient = mine.getGradient();
    theirs.attach(step);
    gradient.attach(step);
    theirs.addi(gradient);
    Torch.zeroGradient(mine);
  }

  /** The replica's model, parameter store and manager, for the work of one step. */
  record Replica(DecoderModel model, ParameterStore store, NDManager manager) {}

  @Override
  public void close() {
    thread.shutdown();
    manager.close();
  }
}
