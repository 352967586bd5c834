package io.modelledger.registry.model.command;

import io.modelledger.contracts.registry.ModelRegistered;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RegisterModel;
import io.modelledger.registry.model.api.RegisterModelVersion;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

class ModelTest {

    private static final String SHA = "a".repeat(64);
    private final ModelId id = new ModelId("fraud-detector");
    private AggregateTestFixture<Model> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Model.class);
    }

    @Test
    void registeringAModelRecordsItsNameDescriptionAndTags() {
        fixture.givenNoPriorActivity()
               .when(new RegisterModel(id, "Card fraud scoring", Map.of("team", "risk")))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new ModelRegistered("fraud-detector", "Card fraud scoring", Map.of("team", "risk")));
    }

    @Test
    void theFirstVersionOfAModelIsNumberedOne() {
        fixture.given(new ModelRegistered("fraud-detector", null, Map.of()))
               .when(new RegisterModelVersion(id, "s3://m/1.onnx", SHA, "onnx", Map.of()))
               .expectResultMessagePayload(1)
               .expectEvents(new ModelVersionRegistered("fraud-detector", 1, "s3://m/1.onnx", SHA, "onnx", Map.of()));
    }

    @Test
    void versionsAreNumberedConsecutively() {
        fixture.given(new ModelRegistered("fraud-detector", null, Map.of()),
                      new ModelVersionRegistered("fraud-detector", 1, "s3://m/1.onnx", SHA, "onnx", Map.of()),
                      new ModelVersionRegistered("fraud-detector", 2, "s3://m/2.onnx", SHA, "onnx", Map.of()))
               .when(new RegisterModelVersion(id, "s3://m/3.onnx", SHA, "onnx", Map.of("stage", "dev")))
               .expectResultMessagePayload(3)
               .expectEvents(new ModelVersionRegistered("fraud-detector", 3, "s3://m/3.onnx", SHA, "onnx",
                                                        Map.of("stage", "dev")));
    }

    @Test
    void aVersionOfAnUnknownModelIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new RegisterModelVersion(id, "s3://m/1.onnx", SHA, "onnx", Map.of()))
               .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class)
               .expectNoEvents();
    }
}
