package dev.backstop.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (falls back to "development"). */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Backstop.class.getPackage().getImplementationVersion();
        return new String[] {"backstop " + (v == null ? "development" : v)};
    }
}
