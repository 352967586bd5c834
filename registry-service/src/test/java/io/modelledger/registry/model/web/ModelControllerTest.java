package io.modelledger.registry.model.web;

import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.dataset.api.FindDatasetVersion;
import io.modelledger.registry.model.api.ArchiveModel;
import io.modelledger.registry.model.api.FindModel;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.ModelView;
import io.modelledger.registry.model.api.RegisterModel;
import io.modelledger.registry.model.api.RegisterModelVersion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The model API as a web slice: registration, the ETag from the event store, lineage checked before anything is sent. */
@WebMvcTest(ModelController.class)
@WebSlice
class ModelControllerTest {

    private static final String SHA = "d".repeat(64);
    private static final ModelView FRAUD = new ModelView("fraud", "scores claims", Map.of(), 2, Instant.parse("2026-11-01T00:00:00Z"), "alice",
                                                         Map.of(), Map.of(), Map.of(), "risk", "classification", "high", false, 7);

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;

    @Test
    void aModelIsRegisteredWithTaskTypeOtherWhenNoneIsGiven() throws Exception {
        mvc.perform(post("/api/registry/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"fraud\", \"riskTier\": \"high\"}"))
           .andExpect(status().isCreated()).andExpect(header().string("Location", "/api/registry/models/fraud"));
        verify(commands).sendAndWait(new RegisterModel(new ModelId("fraud"), null, Map.of(), null, "other", "high"));
    }

    @Test
    void aModelCarriesTheAggregateVersionItReflectsAsTheETagAndNotInItsBody() throws Exception {
        when(queries.query(any(FindModel.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.of(FRAUD)));
        mvc.perform(get("/api/registry/models/fraud")).andExpect(status().isOk()).andExpect(header().string("ETag", "\"7\""))
           .andExpect(jsonPath("$.riskTier").value("high")).andExpect(jsonPath("$.revision").doesNotExist());
    }

    @Test
    void aVersionTrainedOnADatasetVersionThatDoesNotExistIsA400NamingItAndSendsNothing() throws Exception {
        when(queries.query(any(FindDatasetVersion.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(post("/api/registry/models/fraud/versions").contentType(MediaType.APPLICATION_JSON)
                                                                 .content("{\"artifactUri\": \"s3://m/fraud-3.onnx\", \"sha256\": \"" + SHA
                                                                          + "\", \"framework\": \"onnx\", \"lineage\": {\"trainingData\": "
                                                                          + "[{\"dataset\": \"claims\", \"version\": 9}]}}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("lineage.trainingData[0]"));
        verifyNoInteractions(commands);
    }

    @Test
    void anArtifactThatIsNoUriIsA400NamingIt() throws Exception {
        mvc.perform(post("/api/registry/models/fraud/versions").contentType(MediaType.APPLICATION_JSON)
                                                                 .content("{\"artifactUri\": \"model.onnx\", \"sha256\": \"" + SHA + "\", \"framework\": \"onnx\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("artifactUri"));
        verifyNoInteractions(commands);
    }

    @Test
    void undeprecatingIsA400AndArchivingAnUnknownModelIsA404() throws Exception {
        mvc.perform(patch("/api/registry/models/fraud/versions/2").contentType(MediaType.APPLICATION_JSON).content("{\"deprecated\": false}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("deprecated"));
        when(queries.query(any(FindModel.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(patch("/api/registry/models/ghost").contentType(MediaType.APPLICATION_JSON).content("{\"archived\": true}"))
           .andExpect(status().isNotFound());
        verifyNoInteractions(commands);
    }

    @Test
    void archivingAKnownModelIsOneArchiveCommand() throws Exception {
        when(queries.query(any(FindModel.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.of(FRAUD)));
        mvc.perform(patch("/api/registry/models/fraud").contentType(MediaType.APPLICATION_JSON).content("{\"archived\": true}"))
           .andExpect(status().isAccepted());
        verify(commands).sendAndWait(new ArchiveModel(new ModelId("fraud")));
        verify(commands, org.mockito.Mockito.never()).sendAndWait(any(RegisterModelVersion.class));
    }
}
