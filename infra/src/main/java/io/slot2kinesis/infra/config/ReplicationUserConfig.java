package io.slot2kinesis.infra.config;

/**
 * The replication user and publication the custom resource creates. With {@code dropOnDelete} the
 * stack's deletion removes what the custom resource created (user, slots, publication); else nothing.
 */
public record ReplicationUserConfig(String username, String publication, boolean dropOnDelete) {

    static ReplicationUserConfig read(ConfigReader user) {
        String identifier = "[a-z_][a-z0-9_]{0,62}";
        String username = user.stringOr("username", "slot2kinesis");
        if (!username.matches(identifier)) {
            throw new ConfigException(user.key("username") + " '" + username + "' is not valid: use a lowercase PostgreSQL identifier");
        }
        String publication = user.stringOr("publication", "slot2kinesis");
        if (!publication.matches(identifier)) {
            throw new ConfigException(user.key("publication") + " '" + publication + "' is not valid: use a lowercase PostgreSQL identifier");
        }
        // The custom resource and the worker also create <publication>_insert_only (for tables without a primary
        // key), and PostgreSQL keeps 63 bytes of a name (GroupsFile.requireNamesFit checks the per-group names).
        String insertOnly = publication + "_insert_only";
        if (insertOnly.length() > 63) {
            throw new ConfigException(user.key("publication") + " '" + publication + "' is too long: slot2kinesis also"
                    + " creates publication '" + insertOnly + "' (" + insertOnly.length() + " bytes) and PostgreSQL"
                    + " keeps 63 bytes of a name; use at most " + (63 - "_insert_only".length()) + " characters");
        }
        return new ReplicationUserConfig(username, publication, user.bool("dropOnDelete", false));
    }
}
