package io.rapport.platform.store;

import java.time.Instant;
import java.util.Date;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;

/**
 * One event as stored in the {@code events} collection (or one snapshot in {@code snapshots}). The
 * {@code timestamp} is the message's own; {@code recordedAt} is when the store appended it.
 * Events published outside an aggregate are stored under their own identifier at sequence 0 and read back
 * without an aggregate identifier.
 */
record StoredEvent(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                   Instant timestamp, String payloadType, String payloadRevision, String payload,
                   String metaData, long globalIndex, Instant recordedAt) implements DomainEventData<String> {

    static final String ID = "_id";
    static final String GLOBAL_INDEX = "globalIndex";
    static final String AGGREGATE_ID = "aggregateIdentifier";
    static final String SEQUENCE = "sequenceNumber";
    static final String AGGREGATE_TYPE = "type";
    static final String EVENT_ID = "eventIdentifier";
    static final String TIMESTAMP = "timestamp";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String PAYLOAD_REVISION = "payloadRevision";
    static final String PAYLOAD = "payload";
    static final String META_DATA = "metaData";
    static final String RECORDED_AT = "recordedAt";

    /** The key that makes an aggregate's sequence numbers unique: two writers of one sequence collide on it. */
    static String key(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + '#' + sequenceNumber;
    }

    Document toDocument() {
        Document document = new Document(ID, key(aggregateIdentifier, sequenceNumber))
                .append(AGGREGATE_ID, aggregateIdentifier)
                .append(SEQUENCE, sequenceNumber)
                .append(AGGREGATE_TYPE, type)
                .append(EVENT_ID, eventIdentifier)
                .append(TIMESTAMP, Date.from(timestamp))
                .append(PAYLOAD_TYPE, payloadType)
                .append(PAYLOAD_REVISION, payloadRevision)
                .append(PAYLOAD, payload)
                .append(META_DATA, metaData);
        if (globalIndex > 0) {
            document.append(GLOBAL_INDEX, globalIndex);
        }
        if (recordedAt != null) {
            document.append(RECORDED_AT, Date.from(recordedAt));
        }
        return document;
    }

    static StoredEvent fromDocument(Document document) {
        String aggregateIdentifier = document.getString(AGGREGATE_ID);
        String eventIdentifier = document.getString(EVENT_ID);
        Number globalIndex = document.get(GLOBAL_INDEX, Number.class);
        Date recordedAt = document.getDate(RECORDED_AT);
        return new StoredEvent(
                document.getString(AGGREGATE_TYPE),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                document.get(SEQUENCE, Number.class).longValue(),
                eventIdentifier,
                document.getDate(TIMESTAMP).toInstant(),
                document.getString(PAYLOAD_TYPE),
                document.getString(PAYLOAD_REVISION),
                document.getString(PAYLOAD),
                document.getString(META_DATA),
                globalIndex == null ? 0 : globalIndex.longValue(),
                recordedAt == null ? null : recordedAt.toInstant());
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public String getAggregateIdentifier() {
        return aggregateIdentifier;
    }

    @Override
    public long getSequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public String getEventIdentifier() {
        return eventIdentifier;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    public SerializedObject<String> getMetaData() {
        return new SimpleSerializedObject<>(metaData, String.class, org.axonframework.messaging.MetaData.class.getName(), null);
    }

    @Override
    public SerializedObject<String> getPayload() {
        return new SimpleSerializedObject<>(payload, String.class, payloadType, payloadRevision);
    }
}
