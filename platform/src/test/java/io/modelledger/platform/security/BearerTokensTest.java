package io.modelledger.platform.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** The services' bearer token resolver answers every Authorization header exactly as Spring Security's does. */
class BearerTokensTest {

    private static String outcome(BearerTokenResolver resolver, String method, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/registry/models/churn");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        try {
            return "token:" + resolver.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            return "refused:" + e.getError().getErrorCode() + ":" + e.getError().getDescription();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl", "bearer abc", "BEARER abc", "Bearer a-b.c_d~e+f/g==",
            "Bearer abc=", "Bearer ==", "Bearer =abc", "Bearer abc=def", "Bearer ", "Bearer", "Bearer  abc", "Bearer abc ",
            "Bearer ab c", "Bearer abc\t", "Bearer abç", "Bearer abc\u0000", "Bearerabc", "Basic dXNlcjpwYXNz", "", "bear",
            "Bearer mlk_0000000000000000_secret", "Bearer a%2Fb", "Bearer a,b", "BeArEr x", "Bearer\tabc", "Bearer abc\r\nX: y"})
    void everyHeaderIsAnsweredAsSpringSecurityAnswersIt(String authorization) {
        for (String method : new String[] {"GET", "POST"}) {
            assertThat(outcome(ServiceSecurityAutoConfiguration.bearerTokens(), method, authorization))
                    .isEqualTo(outcome(new DefaultBearerTokenResolver(), method, authorization));
        }
    }

    @org.junit.jupiter.api.Test
    void noHeaderIsNoToken() {
        assertThat(outcome(ServiceSecurityAutoConfiguration.bearerTokens(), "GET", null)).isEqualTo("token:null");
    }
}
