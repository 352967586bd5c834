package io.modelledger.registry.promotion.web;

import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.promotion.api.FindPolicyChange;
import io.modelledger.registry.promotion.api.ListPolicyChanges;
import io.modelledger.registry.promotion.api.PolicyChangeList;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

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

/** The inbox lists as a web slice: policy changes by status, one by its id, and what a bad parameter is answered. */
@WebMvcTest(PromotionListController.class)
@WebSlice
class PromotionListControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;

    @Test
    void pendingPolicyChangesAreTheDefaultAndAnUnknownStatusOrLimitIsA400NamingIt() throws Exception {
        when(queries.query(any(ListPolicyChanges.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new PolicyChangeList(List.of())));
        mvc.perform(get("/api/registry/policy-changes")).andExpect(status().isOk()).andExpect(jsonPath("$.items").isArray());
        verify(queries).query(eq(new ListPolicyChanges("pending", 100)), any(ResponseType.class));
        mvc.perform(get("/api/registry/policy-changes").param("status", "done"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("status"));
        mvc.perform(get("/api/registry/policy-changes").param("limit", "501"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

    @Test
    void anUnknownChangeIsA404AndAnIdThatIsNoUuidIsA400() throws Exception {
        when(queries.query(any(FindPolicyChange.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/registry/policy-changes/4ba8784e-3449-4775-936d-685fdeb78561")).andExpect(status().isNotFound());
        mvc.perform(get("/api/registry/policy-changes/..%2F..%2Fadmin")).andExpect(status().isBadRequest());
    }
}
