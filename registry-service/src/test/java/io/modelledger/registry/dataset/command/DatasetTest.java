package io.modelledger.registry.dataset.command;

import io.modelledger.contracts.registry.DatasetRegistered;
import io.modelledger.contracts.registry.DatasetVersionRegistered;
import io.modelledger.registry.dataset.api.DatasetId;
import io.modelledger.registry.dataset.api.RegisterDataset;
import io.modelledger.registry.dataset.api.RegisterDatasetVersion;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

class DatasetTest {

    private static final DatasetId ID = new DatasetId("transactions");
    private static final String SHA = "e".repeat(64);
    private AggregateTestFixture<Dataset> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Dataset.class);
    }

    @Test
    void registeringADatasetRecordsItsOwnerAndTags() {
        fixture.givenNoPriorActivity()
               .when(new RegisterDataset(ID, "card transactions", "team:risk", Map.of("pii", "yes")))
               .expectEvents(new DatasetRegistered("transactions", "card transactions", "team:risk", Map.of("pii", "yes")));
    }

    @Test
    void versionsAreNumberedConsecutivelyAndSayWhetherTheyHoldPersonalData() {
        fixture.given(new DatasetRegistered("transactions", null, null, Map.of()),
                      new DatasetVersionRegistered("transactions", 1, "s3://d/1", SHA, 10L, null, false))
               .when(new RegisterDatasetVersion(ID, "s3://d/2", SHA, 20L, Map.of("type", "object"), true))
               .expectResultMessagePayload(2)
               .expectEvents(new DatasetVersionRegistered("transactions", 2, "s3://d/2", SHA, 20L, Map.of("type", "object"), true));
    }

    @Test
    void aVersionOfAnUnknownDatasetIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterDatasetVersion(ID, "s3://d/1", SHA, 1L, null, false))
               .expectException(AggregateNotFoundException.class);
    }
}
