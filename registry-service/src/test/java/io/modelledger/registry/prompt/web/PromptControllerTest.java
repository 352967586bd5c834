package io.modelledger.registry.prompt.web;

import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.prompt.api.FindPromptVersion;
import io.modelledger.registry.prompt.api.PromptId;
import io.modelledger.registry.prompt.api.PromptVersionView;
import io.modelledger.registry.prompt.api.RegisterPromptVersion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The prompt API as a web slice: versions as commands, rendering and diffs from the versions the query side answers with. */
@WebMvcTest(PromptController.class)
@WebSlice
class PromptControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;

    private void version(int version, String template, String targetModel) {
        when(queries.query(eq(new FindPromptVersion("support", version)), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                Optional.of(new PromptVersionView("support", version, template, List.of("question"), "openai", targetModel, Map.of(),
                                                  "v" + version, Instant.parse("2026-11-30T08:00:00Z"), "alice"))));
    }

    @BeforeEach
    void twoVersions() {
        version(1, "Answer briefly: {{question}}", "gpt-4o-mini");
        version(2, "Answer briefly and politely: {{question}}", "gpt-4o");
    }

    @Test
    void aVersionIsOneCommandAndAnswersWithTheVariablesOfItsTemplate() throws Exception {
        when(commands.sendAndWait(any(RegisterPromptVersion.class))).thenReturn(3);
        mvc.perform(post("/api/registry/prompts/support/versions").contentType(MediaType.APPLICATION_JSON)
                                                                    .content("{\"template\": \"Hi {{name}}, {{question}}\", \"commitMessage\": \"greet\"}"))
           .andExpect(status().isCreated()).andExpect(jsonPath("$.version").value(3))
           .andExpect(jsonPath("$.variables[0]").value("name")).andExpect(jsonPath("$.variables[1]").value("question"));
        verify(commands).sendAndWait(new RegisterPromptVersion(new PromptId("support"), "Hi {{name}}, {{question}}", null, null, null, null, "greet"));
    }

    @Test
    void aVersionWithoutCommitMessageIsA400NamingIt() throws Exception {
        mvc.perform(post("/api/registry/prompts/support/versions").contentType(MediaType.APPLICATION_JSON).content("{\"template\": \"x\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("commitMessage"));
        verifyNoInteractions(commands);
    }

    @Test
    void renderingFillsTheTemplateAndAMissingVariableIsA400NamingIt() throws Exception {
        mvc.perform(post("/api/registry/prompts/support/versions/1/render").contentType(MediaType.APPLICATION_JSON)
                                                                             .content("{\"variables\": {\"question\": \"why?\"}}"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.text").value("Answer briefly: why?"));
        mvc.perform(post("/api/registry/prompts/support/versions/1/render").contentType(MediaType.APPLICATION_JSON).content("{\"variables\": {}}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("variables.question"));
    }

    @Test
    void aDiffShowsTheTemplateChangeAndEveryOtherFieldThatChanged() throws Exception {
        mvc.perform(get("/api/registry/prompts/support/diff").param("from", "1").param("to", "2"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.templateDiff").value(org.hamcrest.Matchers.containsString("+Answer briefly and politely: {{question}}")))
           .andExpect(jsonPath("$.changedFields.targetModel[0]").value("gpt-4o-mini"))
           .andExpect(jsonPath("$.changedFields.targetModel[1]").value("gpt-4o"))
           .andExpect(jsonPath("$.changedFields.variables").doesNotExist());
    }

    @Test
    void aDiffFromVersionZeroIsA400NamingFrom() throws Exception {
        mvc.perform(get("/api/registry/prompts/support/diff").param("from", "0").param("to", "2"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("from"));
    }
}
