package io.slot2kinesis.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"slot2kinesis " + (version == null ? "development build" : version)};
    }
}
