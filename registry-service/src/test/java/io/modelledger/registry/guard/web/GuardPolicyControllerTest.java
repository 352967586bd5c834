package io.modelledger.registry.guard.web;

import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.governance.DefaultGovernanceSettings;
import io.modelledger.registry.model.api.DefineGuardPolicy;
import io.modelledger.registry.prompt.api.DefinePromptGuardPolicy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Guard policies as a web slice: rules are checked as the guard will run them before any command is sent. */
@WebMvcTest(GuardPolicyController.class)
@WebSlice
@Import(DefaultGovernanceSettings.class)
class GuardPolicyControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;

    @Test
    void aValidPolicyIsSentAsTheSubjectsCommandAndAPendingChangeAnswers202() throws Exception {
        when(commands.sendAndWait(any(DefineGuardPolicy.class))).thenReturn(
                new AliasGovernance.PolicyOutcome("pending", "c-1", 1, WebSlice.NOW.plusSeconds(60), "waits"));
        mvc.perform(put("/api/registry/models/support-bot/guard-policies/production").contentType(MediaType.APPLICATION_JSON).content("""
                        {"input": [{"check": "injection", "action": "block", "threshold": 0.05}],
                         "output": [{"check": "pii", "action": "redact", "params": {"types": ["payment_card"], "unused": null}}]}"""))
           .andExpect(status().isAccepted()).andExpect(jsonPath("$.status").value("pending"))
           .andExpect(header().string("Location", org.hamcrest.Matchers.containsString("/guard-policies/production/changes/")));
        ArgumentCaptor<DefineGuardPolicy> sent = ArgumentCaptor.forClass(DefineGuardPolicy.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().input().get(0).threshold()).isEqualTo(0.05);
        assertThat(sent.getValue().output().get(0).params()).isEqualTo(Map.of("types", List.of("payment_card")));

        when(commands.sendAndWait(any(DefinePromptGuardPolicy.class))).thenReturn(
                new AliasGovernance.PolicyOutcome("defined", null, 1, null, "in force"));
        mvc.perform(put("/api/registry/prompts/faq/guard-policies/staging").contentType(MediaType.APPLICATION_JSON)
                                                                          .content("{\"output\": [{\"check\": \"toxicity\", \"action\": \"block\"}]}"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.subjectKind").value("prompt"));
    }

    @Test
    void aRuleTheGuardCannotRunIsRefusedNamingItsField() throws Exception {
        mvc.perform(put("/api/registry/models/support-bot/guard-policies/production").contentType(MediaType.APPLICATION_JSON)
                                                                                    .content("{\"output\": [{\"check\": \"pii\", \"action\": \"redact\"},"
                                                                                             + "{\"check\": \"injection\", \"action\": \"redact\"}]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("output[1].action"));
        mvc.perform(put("/api/registry/models/support-bot/guard-policies/production").contentType(MediaType.APPLICATION_JSON)
                                                                                    .content("{\"input\": [{\"check\": \"json_schema\", \"action\": \"block\","
                                                                                             + "\"params\": {\"schema\": {\"type\": \"object\"}}}]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("input[0].check"));
        mvc.perform(put("/api/registry/models/support-bot/guard-policies/production").contentType(MediaType.APPLICATION_JSON).content("{}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("input"));
        verifyNoInteractions(commands);
    }
}
