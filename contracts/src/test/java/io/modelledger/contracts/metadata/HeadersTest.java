package io.modelledger.contracts.metadata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeadersTest {

    @Test
    void aReasonInAnyLanguageTravelsAsAsciiAndComesBackTheSame() {
        String reason = "checked Alice’s run — 中文, café, 100% + more";
        String header = Headers.encodeReason(reason);
        assertThat(header).startsWith(Headers.UTF8_PREFIX);
        assertThat(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
        assertThat(Headers.decodeReason(header)).isEqualTo(reason);
    }

    @Test
    void plainAsciiIsSentAsItIsAndLineBreaksBecomeSpaces() {
        assertThat(Headers.encodeReason("  new fraud model for Q3 ")).isEqualTo("new fraud model for Q3");
        assertThat(Headers.encodeReason("two\r\nlines")).isEqualTo("two lines");
        assertThat(Headers.decodeReason("new fraud model for Q3")).isEqualTo("new fraud model for Q3");
        // an ASCII reason that happens to start with the prefix is encoded, so it reads back as written
        assertThat(Headers.decodeReason(Headers.encodeReason("UTF-8''%41"))).isEqualTo("UTF-8''%41");
    }

    @Test
    void aMalformedEncodingIsKeptAsSent() {
        assertThat(Headers.decodeReason("UTF-8''%E2%8")).isEqualTo("UTF-8''%E2%8");
        assertThat(Headers.decodeReason("utf-8''caf%C3%A9")).isEqualTo("café");
    }
}
