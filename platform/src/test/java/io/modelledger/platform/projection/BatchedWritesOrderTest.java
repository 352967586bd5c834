package io.modelledger.platform.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The order a batch's collections are sent in: each event's own order of writes, or a write at a time. */
class BatchedWritesOrderTest {

    private record Models() {
    }

    private record Versions() {
    }

    private record History() {
    }

    /** Each argument is one event's writes, by the class standing for their collection, in its handler's order. */
    private static List<BatchedWrites.Write> batch(List<?>... events) {
        List<BatchedWrites.Write> writes = new ArrayList<>();
        for (List<?> types : events) {
            EventMessage<?> event = GenericEventMessage.asEventMessage("event");
            types.forEach(type -> writes.add(new BatchedWrites.Write((Class<?>) type, bulk -> { }, event)));
        }
        return writes;
    }

    @Test
    void collectionsFollowEachEventsOrderNotTheOrderTheBatchFirstWroteThem() {
        assertThat(BatchedWrites.collectionOrder(batch(List.of(Models.class), List.of(Versions.class, Models.class),
                                                       List.of(Models.class, History.class))))
                .contains(List.of(Versions.class, Models.class, History.class));
    }

    @Test
    void collectionsNoEventOrdersGoInTheOrderTheBatchFirstWroteThem() {
        assertThat(BatchedWrites.collectionOrder(batch(List.of(History.class), List.of(Models.class), List.of(Versions.class))))
                .contains(List.of(History.class, Models.class, Versions.class));
        assertThat(BatchedWrites.collectionOrder(batch(List.of(Models.class), List.of(Models.class)))).contains(List.of(Models.class));
    }

    @Test
    void eventsThatDisagreeOrAnEventWritingACollectionTwiceLeaveNoOrder() {
        assertThat(BatchedWrites.collectionOrder(batch(List.of(Versions.class, Models.class), List.of(Models.class, Versions.class))))
                .isEmpty();
        assertThat(BatchedWrites.collectionOrder(batch(List.of(Versions.class, Models.class), List.of(Models.class, History.class),
                                                       List.of(History.class, Versions.class))))
                .as("a cycle over three events").isEmpty();
        assertThat(BatchedWrites.collectionOrder(batch(List.of(Models.class, Models.class)))).isEmpty();
        assertThat(BatchedWrites.collectionOrder(batch(List.of(Models.class, Versions.class, Models.class)))).isEmpty();
    }
}
