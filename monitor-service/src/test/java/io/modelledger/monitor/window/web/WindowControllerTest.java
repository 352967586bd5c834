package io.modelledger.monitor.window.web;

import io.modelledger.monitor.window.api.ComputeWindow;
import io.modelledger.monitor.window.api.FindWindowSeries;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The window API as a web slice: the range it asks the query side for, and the ranges it refuses. */
@WebMvcTest(WindowController.class)
@WebSlice
class WindowControllerTest {

    private static final String METRICS = "/api/monitor/deployments/fraud/prod/metrics";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;

    @Test
    void aSeriesAsksForTheWindowsOfTheSizeAndRangeGiven() throws Exception {
        FindWindowSeries expected = new FindWindowSeries("fraud", "prod", Duration.ofMinutes(5), Instant.parse("2026-11-30T00:00:00Z"),
                                                         Instant.parse("2026-11-30T06:00:00Z"));
        when(queries.query(eq(expected), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(List.of()));
        mvc.perform(get("/api/monitor/deployments/fraud/prod/windows").param("size", "PT5M")
                                                                       .param("from", "2026-11-30T00:00:00Z").param("to", "2026-11-30T06:00:00Z"))
           .andExpect(status().isOk()).andExpect(jsonPath("$").isArray());
        verify(queries).query(eq(expected), any(ResponseType.class));
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsA400NamingFrom() throws Exception {
        mvc.perform(get(METRICS).param("from", "2026-11-30T06:00:00Z").param("to", "2026-11-30T00:00:00Z"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("from"));
        verifyNoInteractions(queries);
    }

    @Test
    void onDemandMetricsOverMoreThan31DaysAreA400NamingTo() throws Exception {
        mvc.perform(get(METRICS).param("from", "2026-10-01T00:00:00Z").param("to", "2026-11-30T00:00:00Z"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("to"));
        verifyNoInteractions(queries);
    }

    @Test
    void aDeploymentThatNeverExistedIsA404() throws Exception {
        when(queries.query(any(ComputeWindow.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get(METRICS).param("from", "2026-11-30T00:00:00Z").param("to", "2026-11-30T01:00:00Z"))
           .andExpect(status().isNotFound()).andExpect(jsonPath("$.detail").value("Model 'fraud' has never been deployed in 'prod'"));
    }

    @Test
    void aWindowSizeThatIsNoDurationIsA400NamingSize() throws Exception {
        mvc.perform(get("/api/monitor/deployments/fraud/prod/windows").param("size", "five minutes"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("size"));
        verifyNoInteractions(queries);
    }
}
