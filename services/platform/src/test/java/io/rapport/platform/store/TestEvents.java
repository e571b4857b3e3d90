package io.rapport.platform.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;

/** Event messages as an aggregate would apply them. */
final class TestEvents {

    /** A small event, like an interaction's. */
    record SomethingHappened(String what, int number) {
    }

    private TestEvents() {
    }

    static DomainEventMessage<SomethingHappened> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("TestAggregate", aggregateId, sequence,
                new SomethingHappened(aggregateId + "@" + sequence, (int) sequence),
                MetaData.with("tenant", "acme"));
    }

    static List<DomainEventMessage<?>> events(String aggregateId, long firstSequence, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(aggregateId, firstSequence + i));
        }
        return events;
    }

    static GenericEventMessage<SomethingHappened> nonDomainEvent() {
        return new GenericEventMessage<>(new SomethingHappened(UUID.randomUUID().toString(), -1));
    }
}
