package graphrec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs a real Neo4j 5.26 Community DBMS embedded in this JVM, reachable only over Bolt on 127.0.0.1.
 * Started and stopped by scripts/neo4j.mjs; not meant to be run by hand (but it can be).
 *
 * Arguments (key=value, all required): scripts/neo4j.mjs passes every one of them, resolved from the
 * NEO4J_* variables in one place (libs/neo4j/src/config.ts). The launcher has no defaults and reads
 * no NEO4J_* settings of its own: a third reading of them once disagreed with the other two.
 *   dataDir=...    Neo4j "home": data/, logs/ and friends are created under it
 *   port=...       Bolt port
 *   pagecache=...  page cache size, Neo4j byte syntax (512m, 1g)
 *   txTotal=...    memory cap for all running transactions together
 *   txMax=...      memory cap for one transaction
 *   txLogSize=...  size at which a transaction log rotates (and what is preallocated for it)
 * The password comes from NEO4J_PASSWORD only, so it never shows up in `ps`.
 *
 * Prints exactly one line "READY bolt://127.0.0.1:PORT" on stdout once Bolt accepts logins.
 */
public final class Neo4jLauncher {

    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        String dataDir = required(opts, "dataDir");
        int port = Integer.parseInt(required(opts, "port"));
        String pageCache = required(opts, "pagecache");
        String txTotal = required(opts, "txTotal");
        String txMax = required(opts, "txMax");
        String txLogSize = required(opts, "txLogSize");
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            // Neo4j's default dbms.security.auth_minimum_password_length is 8.
            fail("NEO4J_PASSWORD must be set and at least 8 characters long");
        }

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(Path.of(dataDir).toAbsolutePath())
                // Bolt only, loopback only, plain TCP (no certificates exist for a local dev server).
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                // What a routing table (neo4j:// URIs) names as this server's address. The default,
                // localhost:7687, sent a routed driver of a server on another port to port 7687:
                // another instance's database, or nothing.
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Bolt waits 5 s + 5 s on shutdown for connections that are gone anyway; the stores are
                // already checkpointed by then, so 1 s each keeps `stop` (and test teardown) quick.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                // Embedded mode does not start the web server anyway; disabling is belt and braces.
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // The server-side routing connector would listen on :7688 by default, which is exactly
                // the port a second (test) instance uses. Community needs no routing: turn it off.
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // No phoning home (machines here have no internet; avoids useless retries).
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Preallocation reserves the disk space of the next transaction log up front, so a full
                // disk fails a rotation cleanly instead of cutting a log mid-append. With it turned off,
                // a disk that filled up during an ingest left a database that would not start again
                // ("recovery not possible"). The rotation size bounds what is reserved per database.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, true)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, bytes(txLogSize))
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(pageCache))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, bytes(txTotal))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, bytes(txMax))
                .build();

        // SIGTERM / SIGINT -> orderly shutdown (checkpoint, release store locks). After kill -9 the
        // next start replays the transaction log instead; both are fine.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SHUTDOWN requested, stopping Neo4j");
            dbms.shutdown();
            System.out.println("SHUTDOWN complete");
        }, "neo4j-shutdown"));

        setPassword(dbms, password);

        if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(60_000)) {
            fail("database 'neo4j' did not become available");
        }
        System.out.printf("READY bolt://127.0.0.1:%d (neo4j %s, started in %.1fs)%n",
                port, org.neo4j.kernel.internal.Version.getNeo4jVersion(), (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        // The DBMS runs on its own non-daemon threads; main may simply return.
    }

    /** Makes neo4j/<password> valid and not "change required", whatever it was before. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restarting with the unchanged password: Neo4j refuses "new password = old password".
            // That error means the password is already what we want.
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("Old password and new password cannot be the same")) throw e;
        }
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null || v.isEmpty()) fail("missing argument " + key + "=... (scripts/neo4j.mjs passes every setting)");
        return v;
    }

    private static Long bytes(String s) {
        return SettingValueParsers.BYTES.parse(s);
    }

    private static void fail(String message) {
        System.err.println("FATAL " + message);
        System.exit(1);
    }
}
