package io.modelledger.console.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackToRequestedPageTest {

    @Test
    void onlyAPathAndItsQueryAreKeptNeverAHost() {
        assertThat(BackToRequestedPage.localPath("http://127.0.0.1:8084/approvals?continue")).isEqualTo("/approvals");
        assertThat(BackToRequestedPage.localPath("http://127.0.0.1:8084/models?q=fraud&continue")).isEqualTo("/models?q=fraud");
        assertThat(BackToRequestedPage.localPath("https://evil.example//evil.example/x")).isEqualTo("/");
        assertThat(BackToRequestedPage.localPath("/\\\\evil.example")).isEqualTo("/");
        assertThat(BackToRequestedPage.localPath("not a uri ::")).isEqualTo("/");
        assertThat(BackToRequestedPage.localPath(null)).isEqualTo("/");
    }
}
