package io.modelledger.monitor.telemetry.web;

import io.modelledger.monitor.telemetry.api.ListRecords;
import io.modelledger.monitor.telemetry.api.RecordView;
import io.modelledger.platform.metadata.RequestMetadata;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A deployment's recent records: the last hour by default, bounded, and their captured text only for admins and auditors. */
@WebMvcTest(RecordController.class)
@WebSlice
class RecordControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;

    private ListRecords asked(String roles) throws Exception {
        when(queries.query(any(ListRecords.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(List.<RecordView>of()));
        mvc.perform(get("/api/monitor/deployments/support-bot/production/records").requestAttr(RequestMetadata.class.getName(),
                        new RequestMetadata("user:x", roles, "api-key", null, null, null, null, null)))
           .andExpect(status().isOk());
        ArgumentCaptor<ListRecords> sent = ArgumentCaptor.forClass(ListRecords.class);
        verify(queries).query(sent.capture(), any(ResponseType.class));
        return sent.getValue();
    }

    @Test
    void aViewerGetsTheLastHoursRecordsWithoutTheirText() throws Exception {
        ListRecords query = asked("viewer");
        assertThat(query.withText()).isFalse();
        assertThat(query.limit()).isEqualTo(50);
        assertThat(query.to()).isEqualTo(WebSlice.NOW);
        assertThat(query.from()).isEqualTo(WebSlice.NOW.minusSeconds(3600));
    }

    @Test
    void anAuditorMayReadTheCapturedText() throws Exception {
        assertThat(asked("contributor auditor").withText()).isTrue();
    }

    @Test
    void aLimitOrRangeOutOfBoundsIsA400NamingIt() throws Exception {
        mvc.perform(get("/api/monitor/deployments/support-bot/production/records").param("limit", "501"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("limit"));
        mvc.perform(get("/api/monitor/deployments/support-bot/production/records").param("from", "2026-01-01T00:00:00Z")
                                                                                  .param("to", Instant.parse("2026-11-30T00:00:00Z").toString()))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("to"));
        verifyNoInteractions(queries);
    }
}
