package io.slot2kinesis.cli;

final class Version {
    private Version() {}

    /** {@code slot2kinesis 1.2.3}, from the jar's manifest. */
    static String text() {
        String version = Version.class.getPackage().getImplementationVersion();
        return "slot2kinesis " + (version == null ? "development build" : version);
    }
}
