package io.modelledger.eval.suite.web;

import io.modelledger.eval.suite.api.FindSuiteCases;
import io.modelledger.eval.suite.api.PublishSuiteContent;
import io.modelledger.eval.suite.api.PublishedSuiteVersion;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Suite uploads as a web slice: JSON and multipart (JSONL, CSV) become one PublishSuiteContent; bad content sends nothing. */
@WebMvcTest(SuiteController.class)
@WebSlice
class SuiteControllerTest {

    private static final String METRICS = "[{\"name\": \"acc\", \"metric\": \"accuracy\", \"threshold\": 0.8}]";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;

    private PublishSuiteContent sent() {
        ArgumentCaptor<PublishSuiteContent> sent = ArgumentCaptor.forClass(PublishSuiteContent.class);
        verify(commands).sendAndWait(sent.capture());
        return sent.getValue();
    }

    @Test
    void aNewVersionIs201AndTheSameContentAgainIs200() throws Exception {
        when(commands.sendAndWait(any(PublishSuiteContent.class)))
                .thenReturn(new PublishedSuiteVersion("qa", 1, "abc", 2, true), new PublishedSuiteVersion("qa", 1, "abc", 2, false));
        String body = "{\"metrics\": " + METRICS + ", \"cases\": [{\"input\": \"2+2\", \"expected\": \"4\"}, {\"input\": \"3+3\", \"expected\": \"6\"}]}";
        mvc.perform(post("/api/eval/suites/qa/versions").contentType(MediaType.APPLICATION_JSON).content(body))
           .andExpect(status().isCreated()).andExpect(header().string("Location", "/api/eval/suites/qa/versions/1"));
        mvc.perform(post("/api/eval/suites/qa/versions").contentType(MediaType.APPLICATION_JSON).content(body))
           .andExpect(status().isOk()).andExpect(jsonPath("$.created").value(false));
    }

    @Test
    void aCsvUploadCarriesItsCasesWithTheirPositionsAsIds() throws Exception {
        when(commands.sendAndWait(any(PublishSuiteContent.class))).thenReturn(new PublishedSuiteVersion("qa", 1, "abc", 2, true));
        MockMultipartFile spec = new MockMultipartFile("spec", "", MediaType.APPLICATION_JSON_VALUE,
                                                       ("{\"metrics\": " + METRICS + "}").getBytes(StandardCharsets.UTF_8));
        MockMultipartFile cases = new MockMultipartFile("cases", "cases.csv", "text/csv",
                                                        "input,expected\n2+2,4\n3+3,6\n".getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/api/eval/suites/qa/versions").file(spec).file(cases)).andExpect(status().isCreated());
        assertThat(sent().content().cases()).extracting(SuiteCase::id, SuiteCase::expected).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1", "4"), org.assertj.core.groups.Tuple.tuple("2", "6"));
    }

    @Test
    void aSuiteWithoutMetricsIsA400NamingMetricsAndSendsNothing() throws Exception {
        mvc.perform(post("/api/eval/suites/qa/versions").contentType(MediaType.APPLICATION_JSON).content("{\"cases\": [{\"input\": \"x\"}]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("metrics"));
        verifyNoInteractions(commands);
    }

    @Test
    void aNameThatIsNoNameIsA400() throws Exception {
        mvc.perform(post("/api/eval/suites/..%2Fadmin/versions").contentType(MediaType.APPLICATION_JSON).content("{}"))
           .andExpect(status().isBadRequest());
        verifyNoInteractions(commands);
    }

    @Test
    void theCasesOfAnUnknownVersionAreA404() throws Exception {
        when(queries.query(any(FindSuiteCases.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/eval/suites/qa/versions/3/cases")).andExpect(status().isNotFound())
           .andExpect(jsonPath("$.detail").value("Suite 'qa' has no version 3"));
    }
}
