package io.modelledger.registry.dataset.web;

import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.dataset.api.DatasetId;
import io.modelledger.registry.dataset.api.FindDatasetConsumers;
import io.modelledger.registry.dataset.api.FindDatasetVersion;
import io.modelledger.registry.dataset.api.RegisterDataset;
import io.modelledger.registry.dataset.api.RegisterDatasetVersion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Datasets as a web slice: registration commands, their refusals, and lineage reads for versions that exist. */
@WebMvcTest(DatasetController.class)
@WebSlice
class DatasetControllerTest {

    private static final String SHA = "c".repeat(64);

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;

    @Test
    void aDatasetVersionIsOneCommandAndA201AtTheVersionItGot() throws Exception {
        when(commands.sendAndWait(any(RegisterDatasetVersion.class))).thenReturn(3);
        mvc.perform(post("/api/registry/datasets/claims/versions").contentType(MediaType.APPLICATION_JSON)
                                                                    .content("{\"uri\": \"s3://d/claims-3.parquet\", \"sha256\": \"" + SHA
                                                                             + "\", \"rowCount\": 100, \"containsPersonalData\": true}"))
           .andExpect(status().isCreated()).andExpect(header().string("Location", "/api/registry/datasets/claims/versions/3"));
        verify(commands).sendAndWait(new RegisterDatasetVersion(new DatasetId("claims"), "s3://d/claims-3.parquet", SHA, 100L, null, true));
    }

    @Test
    void anUppercaseHashIsA400NamingSha256AndSendsNothing() throws Exception {
        mvc.perform(post("/api/registry/datasets/claims/versions").contentType(MediaType.APPLICATION_JSON)
                                                                    .content("{\"uri\": \"s3://d/x\", \"sha256\": \"" + "C".repeat(64) + "\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("sha256"));
        verifyNoInteractions(commands);
    }

    @Test
    void registeringANameTwiceIsA409() throws Exception {
        when(commands.sendAndWait(any(RegisterDataset.class))).thenThrow(new ConflictException("Dataset 'claims' exists"));
        mvc.perform(post("/api/registry/datasets").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"claims\", \"owner\": \"risk\"}"))
           .andExpect(status().isConflict());
    }

    @Test
    void theConsumersOfAnUnknownVersionAreA404AndAreNotAskedFor() throws Exception {
        when(queries.query(any(FindDatasetVersion.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/registry/datasets/claims/versions/7/consumers")).andExpect(status().isNotFound())
           .andExpect(jsonPath("$.detail").value("Dataset 'claims' has no version 7"));
        verify(queries, never()).query(any(FindDatasetConsumers.class), any(ResponseType.class));
    }

    @Test
    void aTagFilterThatIsNotKeyValueIsA400() throws Exception {
        mvc.perform(get("/api/registry/datasets").param("tag", "pii")).andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("tag"));
        verifyNoInteractions(queries);
    }
}
