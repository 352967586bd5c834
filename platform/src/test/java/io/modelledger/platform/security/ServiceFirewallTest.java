package io.modelledger.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The services' firewall takes printable ASCII headers without its regular expression, and still refuses what it refused. */
class ServiceFirewallTest {

    private final StrictHttpFirewall firewall = new ServiceSecurityAutoConfiguration().httpFirewall();

    private String header(String name, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/registry/models/churn");
        request.addHeader(name, value);
        return firewall.getFirewalledRequest(request).getHeader(name);
    }

    @Test
    void printableAsciiAndAssignedUnicodeHeadersPass() {
        assertThat(header("Authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln")).isEqualTo("Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
        assertThat(header("X-ModelLedger-Reason", "Qualität geprüft\tok")).isEqualTo("Qualität geprüft\tok");
    }

    @Test
    void controlAndUnassignedCharactersAreStillRefused() {
        assertThatThrownBy(() -> header("X-ModelLedger-Reason", "line\nX-Injected: 1")).isInstanceOf(RequestRejectedException.class);
        assertThatThrownBy(() -> header("X-ModelLedger-Reason", "bell\u0007")).isInstanceOf(RequestRejectedException.class);
        assertThatThrownBy(() -> header("X-ModelLedger-Reason", "c1\u0085")).isInstanceOf(RequestRejectedException.class);
        assertThatThrownBy(() -> header("X-ModelLedger-Reason", "unassigned\uFFFF")).isInstanceOf(RequestRejectedException.class);
        assertThatThrownBy(() -> header("X-Bad\u0001Name", "v")).isInstanceOf(RequestRejectedException.class);
    }
}
