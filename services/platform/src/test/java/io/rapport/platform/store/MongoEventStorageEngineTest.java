package io.rapport.platform.store;

import com.mongodb.client.MongoDatabase;
import io.rapport.platform.testing.TestMongo;

/** The event store contract on the embedded MongoDB-wire server, in memory. */
class MongoEventStorageEngineTest extends EventStorageEngineContract {

    @Override
    protected MongoDatabase newDatabase() {
        return TestMongo.freshDatabase();
    }
}
