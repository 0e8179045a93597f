package io.skillforge.server.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = SkillforgeCommand.class.getPackage().getImplementationVersion();
    return new String[] {"skillforge " + (version == null ? "development build" : version)};
  }
}
