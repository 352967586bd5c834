package io.modelledger.contracts.access;

import java.util.List;
import java.util.Set;

import static io.modelledger.contracts.access.Roles.ADMIN;
import static io.modelledger.contracts.access.Roles.APPROVER;
import static io.modelledger.contracts.access.Roles.AUDITOR;
import static io.modelledger.contracts.access.Roles.CONTRIBUTOR;
import static io.modelledger.contracts.access.Roles.INGEST;
import static io.modelledger.contracts.access.Roles.VIEWER;

/**
 * Who may call what: route pattern × HTTP method × roles. The gateway enforces it, and every service
 * enforces it again on the internal token's roles. Rules are checked in order and the first whose method
 * and pattern match decides; a request no rule matches is refused. Patterns are Spring path patterns
 * ({@code *} one segment, {@code **} the rest of the path).
 */
public final class AccessMatrix {

    /** One row: {@code method} is an HTTP method or {@code *} for any. */
    public record Rule(String method, String pattern, Set<String> roles) {
    }

    private static final Set<String> READERS = Set.of(VIEWER, CONTRIBUTOR, APPROVER, AUDITOR, ADMIN);

    public static final List<Rule> RULES = List.of(
            // who the caller is, for any key (the CLI's login checks a key with it)
            new Rule("GET", "/api/access/whoami", Set.of(VIEWER, CONTRIBUTOR, APPROVER, AUDITOR, INGEST, ADMIN)),
            new Rule("*", "/api/access/**", Set.of(ADMIN)),
            new Rule("*", "/api/*/admin/**", Set.of(ADMIN)),
            new Rule("*", "/api/audit/**", Set.of(AUDITOR, ADMIN)),
            // approvers only: an admin can create contributor identities, so must not also be the second pair of eyes
            new Rule("POST", "/api/registry/models/*/promotions/*/approvals", Set.of(APPROVER)),
            new Rule("POST", "/api/registry/models/*/promotions/*/rejections", Set.of(APPROVER, ADMIN)),
            new Rule("*", "/api/registry/policies/**", Set.of(ADMIN)),
            new Rule("*", "/api/registry/models/*/policies/**", Set.of(ADMIN)),
            new Rule("POST", "/api/registry/prompts/*/promotions/*/approvals", Set.of(APPROVER)),
            new Rule("POST", "/api/registry/prompts/*/promotions/*/rejections", Set.of(APPROVER, ADMIN)),
            new Rule("*", "/api/registry/prompts/*/policies/**", Set.of(ADMIN)),
            new Rule("*", "/api/registry/models/*/guard-policies/**", Set.of(ADMIN)),
            new Rule("*", "/api/registry/prompts/*/guard-policies/**", Set.of(ADMIN)),
            new Rule("GET", "/api/registry/**", READERS),
            new Rule("POST", "/api/registry/**", Set.of(CONTRIBUTOR, ADMIN)),
            new Rule("PUT", "/api/registry/**", Set.of(CONTRIBUTOR, ADMIN)),
            new Rule("PATCH", "/api/registry/**", Set.of(CONTRIBUTOR, ADMIN)),
            new Rule("DELETE", "/api/registry/**", Set.of(CONTRIBUTOR, ADMIN)),
            new Rule("GET", "/api/eval/**", READERS),
            new Rule("*", "/api/eval/**", Set.of(CONTRIBUTOR, ADMIN)),
            new Rule("POST", "/api/monitor/telemetry/**", Set.of(INGEST, ADMIN)),
            new Rule("POST", "/api/monitor/feedback/**", Set.of(INGEST, ADMIN)),
            new Rule("POST", "/api/monitor/otlp/**", Set.of(INGEST, ADMIN)),
            new Rule("POST", "/api/monitor/labels/**", Set.of(INGEST, ADMIN)),
            new Rule("GET", "/api/monitor/**", READERS),
            // what applications call around each model call, with their ingest key
            new Rule("POST", "/api/guard/check", Set.of(INGEST, CONTRIBUTOR, ADMIN)),
            new Rule("GET", "/api/guard/**", READERS),
            new Rule("*", "/api/monitor/**", Set.of(CONTRIBUTOR, ADMIN)));

    /** Each rule's pattern, split into its segments once (a decision is made on every request, twice). */
    private static final String[][] PATTERN_SEGMENTS = RULES.stream().map(rule -> rule.pattern().split("/")).toArray(String[][]::new);

    private AccessMatrix() {
    }

    /** The rule deciding a request, or {@code null} when none matches (then the request is refused). */
    public static Rule ruleFor(String method, String path) {
        String[] actual = path.split("/");
        for (int i = 0; i < PATTERN_SEGMENTS.length; i++) {
            Rule rule = RULES.get(i);
            if ((rule.method().equals("*") || rule.method().equalsIgnoreCase(method)) && matches(PATTERN_SEGMENTS[i], actual)) {
                return rule;
            }
        }
        return null;
    }

    /** Whether a caller holding {@code roles} may make this request. */
    public static boolean allows(String method, String path, java.util.Collection<String> roles) {
        Rule rule = ruleFor(method, path);
        if (rule == null) {
            return false;
        }
        for (String role : roles) {
            if (rule.roles().contains(role)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] expected, String[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].equals("**")) {
                return true;
            }
            if (i >= actual.length || !(expected[i].equals("*") ? !actual[i].isEmpty() : expected[i].equals(actual[i]))) {
                return false;
            }
        }
        return expected.length == actual.length;
    }
}
