package io.skillforge.server.cli;

/** Exit codes shared by every command (see the README). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  /** Some input was rejected; everything else succeeded. */
  public static final int PARTIAL = 3;

  private ExitCodes() {}
}
