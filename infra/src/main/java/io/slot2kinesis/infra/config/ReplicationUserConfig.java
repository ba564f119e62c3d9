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
        return new ReplicationUserConfig(username, publication, user.bool("dropOnDelete", false));
    }
}
