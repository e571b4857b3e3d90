package io.rapport.platform.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The service's MongoDB: the one its URI names, or an embedded server started here.
 * Spring Data's Mongo auto-configuration is not used: it assumes multi-document transactions,
 * which the embedded server does not have.
 */
@AutoConfiguration
@EnableConfigurationProperties(RapportMongoProperties.class)
public class MongoStoreAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MongoStoreAutoConfiguration.class);

    /** The embedded server when no URI is configured; absent (null bean) otherwise. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MongoConnection mongoConnection(RapportMongoProperties properties,
                                           @Value("${spring.application.name:rapport}") String applicationName) {
        String database = properties.database() == null || properties.database().isBlank()
                ? applicationName : properties.database();
        if (!properties.useEmbedded()) {
            ConnectionString uri = new ConnectionString(properties.uri());
            log.info("Storage: MongoDB at {} (database '{}')", String.join(",", uri.getHosts()), database);
            return new MongoConnection(uri, database, null);
        }
        EmbeddedMongoServer server = switch (properties.embedded()) {
            case MEMORY -> EmbeddedMongoServer.inMemory();
            case FILE -> EmbeddedMongoServer.fileBacked(properties.dataDir().resolve(applicationName),
                    properties.cacheSizeMb());
        };
        if (server.dataFile() == null) {
            log.info("Storage: embedded MongoDB-wire server in memory at {} (database '{}'); data is lost on exit",
                    server.connectionString(), database);
        } else {
            log.info("Storage: embedded MongoDB-wire server at {} (database '{}'), data in {}",
                    server.connectionString(), database, server.dataFile());
        }
        return new MongoConnection(new ConnectionString(server.connectionString()), database, server);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MongoClient mongoClient(MongoConnection connection) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(connection.uri())
                .applicationName(connection.database())
                .build());
    }

    @Bean
    @ConditionalOnMissingBean
    public MongoDatabase mongoDatabase(MongoClient client, MongoConnection connection) {
        return client.getDatabase(connection.database());
    }
}
