package io.modelledger.standalone;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (Debian's Chromium through Playwright), against the standalone platform with the
 * console behind the gateway on the gateway's origin. Each journey is what a person does: sign in with a key, find a
 * model and its lineage; ask for a promotion and have a second person, in a second browser, approve it from their
 * inbox with the evidence in front of them. Screenshots land in target/console-journeys; every page visited is checked
 * by axe-core, and the browser must report no Content-Security-Policy violation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleJourneysIT {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static Platform platform;
    private static ConsoleBrowser browser;
    private static String carol;
    private static String dave;
    private static String url;
    private static String alice;
    private static String adminKey;
    /** A moment after version 1 became champion and before version 2 did (journey b), to the second. */
    private static java.time.Instant beforeSecondMove;
    private static java.security.PublicKey auditKey;
    private static OpenAiCompatibleStub llm;
    private static final String LLM_KEY = "sk-test-" + UUID.randomUUID();
    private static Http ingest;
    private static final Path OIDC_FIXTURE = Path.of("src/test/node/oidc-provider");
    private static Process oidcProvider;
    private static String capitalsPromotion;

    @BeforeAll
    static void start() throws Exception {
        browser = ConsoleBrowser.launch();
        // a model endpoint slow enough (400 ms a call, one at a time) that a run is still running when its page opens
        llm = new OpenAiCompatibleStub(LLM_KEY, q -> q.contains("France") ? "Paris" : q.contains("Japan") ? "Tokyo"
                                                    // the second prompt version ("city only") also knows Italy: journey j compares the two
                                                    : q.contains("Italy") && q.contains("city only") ? "Rome" : "I am not sure, maybe Madrid",
                                       400, 0, java.util.Set.of(), 0);
        String database = "console-" + UUID.randomUUID().toString().substring(0, 8);
        // the audit key comes from outside the database; the console pins its public half from its own configuration
        java.security.KeyPair keys = generateAuditKey();
        auditKey = keys.getPublic();
        Path keyFile = Files.createTempFile("console-audit-key", ".pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        int gatewayPort = Http.freePort();
        Map<String, String> oidc = startOidcProvider("http://127.0.0.1:" + gatewayPort);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, gatewayPort,
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of(
                                                                "modelledger.audit.signing-key-file", keyFile.toString(),
                                                                "modelledger.console.audit-public-key",
                                                                Base64.getEncoder().encodeToString(auditKey.getEncoded())))
                                          .with(Map.of("modelledger.monitor.windows", "PT2S",
                                                       "modelledger.monitor.evaluation-interval", "PT0.5S",
                                                       "modelledger.monitor.grace", "PT0.3S",
                                                       "modelledger.eval.secrets.openai", LLM_KEY,
                                                       "modelledger.eval.poll", "200ms",
                                                       "modelledger.eval.targets.stub-llm.kind", "openai",
                                                       "modelledger.eval.targets.stub-llm.base-url", llm.baseUrl(),
                                                       "modelledger.eval.targets.stub-llm.secret", "openai",
                                                       "modelledger.eval.secret-hosts.openai", "127.0.0.1",
                                                       "modelledger.outbound.allow-internal", "127.0.0.1"))
                                          .with(oidc)
                                          .withConsole(0));
        url = platform.gatewayUrl();
        adminKey = platform.bootstrapAdminKey().orElseThrow();
        Http admin = new Http(url).as(adminKey);
        carol = admin.issueKey("user:carol", "contributor");
        dave = admin.issueKey("user:dave", "approver");
        alice = admin.issueKey("user:alice", "auditor");
        ingest = new Http(url).as(admin.issueKey("service:fraud-server", "ingest"));
        Http asCarol = new Http(url).as(carol);
        Http asDave = new Http(url).as(dave);

        // a dataset, a model with two versions (the second trained on the dataset, from a commit), champion protected
        assertThat(asCarol.post("/api/registry/datasets", "{\"name\":\"transactions\",\"owner\":\"team:risk\"}").status()).isEqualTo(201);
        assertThat(asCarol.post("/api/registry/datasets/transactions/versions",
                                "{\"uri\":\"s3://data/tx/2026-10\",\"sha256\":\"" + SHA + "\",\"rowCount\":1200000}").status()).isEqualTo(201);
        assertThat(asCarol.post("/api/registry/models", "{\"name\":\"fraud-detector\",\"description\":\"Card fraud scoring\","
                                                        + "\"ownerTeam\":\"risk\"}").status()).isEqualTo(201);
        // a description with markup: shown as text, never run
        assertThat(asCarol.post("/api/registry/models", "{\"name\":\"churn\",\"description\":\"Who leaves <img src=x onerror=alert(1)>\"}").status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).until(() -> asCarol.get("/api/registry/datasets/transactions/versions/1").status() == 200);
        assertThat(asCarol.post("/api/registry/models/fraud-detector/versions", version(1, 0.91, "")).status()).isEqualTo(201);
        assertThat(asCarol.post("/api/registry/models/fraud-detector/versions", version(2, 0.93,
                ",\"lineage\":{\"trainingData\":[{\"dataset\":\"transactions\",\"version\":1}],"
                + "\"codeRepository\":\"https://git.example/fraud\",\"codeCommit\":\"a1b2c3d4e5f6\",\"trainingRunId\":\"run-42\"}")).status())
                .isEqualTo(201);
        assertThat(admin.send("PUT", "/api/registry/models/fraud-detector/policies/champion",
                              "{\"requiredApprovals\":1,\"forbidSelfApproval\":true}").status()).isEqualTo(200);
        // version 1 became champion through the API, approved by dave
        Http.Response first = asCarol.post("/api/registry/models/fraud-detector/promotions", "{\"version\":1,\"alias\":\"champion\"}");
        assertThat(first.status()).isEqualTo(201);
        String firstId = first.body().get("promotionId").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> asDave.get("/api/registry/models/fraud-detector/promotions/" + firstId).status() == 200);
        assertThat(asDave.post("/api/registry/models/fraud-detector/promotions/" + firstId + "/approvals", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> asCarol.get("/api/registry/models/fraud-detector").body()
                                                                 .path("aliases").path("champion").asInt() == 1);
        // version 1 also serves staging (no alias protects it), where telemetry arrives
        assertThat(asCarol.send("PUT", "/api/registry/models/fraud-detector/deployments/staging", "{\"version\":1}").status()).isEqualTo(200);
        // a prompt and a suite for the run of journey e
        assertThat(asCarol.post("/api/registry/prompts", "{\"name\":\"capitals\"}").status()).isEqualTo(201);
        assertThat(asCarol.post("/api/registry/prompts/capitals/versions", "{\"template\":\"What is the capital of {{country}}?\","
                + "\"targetProvider\":\"openai\",\"targetModel\":\"gpt-4o-mini\",\"parameters\":{\"temperature\":0},"
                + "\"commitMessage\":\"first\"}").status()).isEqualTo(201);
        assertThat(asCarol.post("/api/registry/prompts/capitals/versions", "{\"template\":\"What is the capital city of {{country}}? "
                + "Answer with the city only.\",\"targetProvider\":\"openai\",\"targetModel\":\"gpt-4o-mini\","
                + "\"parameters\":{\"temperature\":0},\"commitMessage\":\"shorter answers\"}").status()).isEqualTo(201);
        assertThat(admin.send("PUT", "/api/registry/prompts/capitals/policies/candidate", "{\"requiredApprovals\":1}").status()).isEqualTo(200);
        assertThat(asCarol.post("/api/eval/suites/capitals/versions", "{\"metrics\":[{\"metric\":\"contains\",\"name\":\"correct\","
                + "\"threshold\":0.6}],\"cases\":[" + String.join(",",
                        "{\"id\":\"fr\",\"expected\":\"Paris\",\"variables\":{\"country\":\"France\"}}",
                        "{\"id\":\"jp\",\"expected\":\"Tokyo\",\"variables\":{\"country\":\"Japan\"}}",
                        "{\"id\":\"es\",\"expected\":\"Madrid is the capital\",\"variables\":{\"country\":\"Spain\"}}",
                        "{\"id\":\"it\",\"expected\":\"Rome\",\"variables\":{\"country\":\"Italy\"}}",
                        "{\"id\":\"de\",\"expected\":\"Berlin\",\"variables\":{\"country\":\"Germany\"}}") + "]}").status())
                .isEqualTo(201);
        Thread.sleep(1_100);
        beforeSecondMove = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Thread.sleep(1_100);
    }

    /**
     * panva's oidc-provider (the committed lock file, npm ci) on 127.0.0.1, and the settings that make the gateway accept its
     * tokens and the console sign in through it. Without Node or the fixture, journey f skips (CI requires them).
     */
    private static Map<String, String> startOidcProvider(String gateway) throws Exception {
        boolean ready = Files.isDirectory(OIDC_FIXTURE.resolve("node_modules")) && LlmTracesEndToEndIT.node() != null;
        if (!ready && System.getenv("MODELLEDGER_REQUIRE_NODE_FIXTURES") != null) {
            throw new AssertionError("MODELLEDGER_REQUIRE_NODE_FIXTURES is set but Node or " + OIDC_FIXTURE.resolve("node_modules")
                                     + " is missing: run npm ci there (.ci/run does)");
        }
        if (!ready) {
            return Map.of();
        }
        int port = Http.freePort();
        String issuer = "http://127.0.0.1:" + port;
        String secret = UUID.randomUUID().toString();
        oidcProvider = new ProcessBuilder(LlmTracesEndToEndIT.node(), "provider.mjs", String.valueOf(port), gateway + "/login/oauth2/code/idp", secret)
                .directory(OIDC_FIXTURE.toFile()).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(ConsoleBrowser.SCREENSHOTS).resolve("oidc-provider.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                return new Http(issuer).get("/.well-known/openid-configuration").status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return Map.ofEntries(Map.entry("modelledger.gateway.oidc.jwk-set-uri", issuer + "/jwks"),
                             Map.entry("modelledger.gateway.oidc.issuer", issuer),
                             Map.entry("modelledger.gateway.oidc.audience", "urn:modelledger:api"),
                             Map.entry("modelledger.gateway.oidc.roles-claim", "roles"),
                             Map.entry("spring.security.oauth2.client.registration.idp.client-id", "modelledger-console"),
                             Map.entry("spring.security.oauth2.client.registration.idp.client-secret", secret),
                             Map.entry("spring.security.oauth2.client.registration.idp.client-name", "the test identity provider"),
                             Map.entry("spring.security.oauth2.client.registration.idp.scope", "openid"),
                             Map.entry("spring.security.oauth2.client.registration.idp.redirect-uri", gateway + "/login/oauth2/code/idp"),
                             Map.entry("spring.security.oauth2.client.provider.idp.issuer-uri", issuer));
    }

    private static java.security.KeyPair generateAuditKey() throws java.security.GeneralSecurityException {
        return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String version(int n, double auc, String lineage) {
        return "{\"artifactUri\":\"s3://models/fraud/" + n + "/model.onnx\",\"sha256\":\"" + SHA + "\",\"framework\":\"onnx\","
               + "\"hyperParameters\":{\"max_depth\":" + (4 + n) + "},\"trainingMetrics\":{\"auc\":" + auc + "}" + lineage + "}";
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (llm != null) {
            llm.close();
        }
        if (oidcProvider != null) {
            oidcProvider.destroy();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @AfterEach
    void noContentSecurityPolicyViolations() {
        assertThat(browser.cspViolations()).isEmpty();
    }

    static Page signIn(String key, String timeZone) {
        Page page = browser.person(timeZone);
        page.navigate(url + "/");
        assertThat(page).hasURL(url + "/login");
        page.getByLabel("API key").fill(key);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(url + "/");
        return page;
    }

    static void accessible(Page page) {
        assertThat(ConsoleBrowser.accessibilityViolations(page)).as(page.url()).isEmpty();
    }

    @Test
    @Order(1)
    void aSignInFindAModelAndOpenAVersionsLineage() {
        Page page = browser.person("Europe/Berlin");
        page.navigate(url + "/login");
        page.getByLabel("API key").fill("mlk_0123456789abcdef_" + "x".repeat(43));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("refused");
        accessible(page);
        ConsoleBrowser.screenshot(page, "a0-sign-in-refused");
        page.context().close();

        page = signIn(carol, "Europe/Berlin");
        assertThat(page.getByTestId("actor")).hasText("user:carol");
        assertThat(page.locator("main")).containsText("Who leaves <img src=x onerror=alert(1)>");
        assertThat(page.locator("main img")).hasCount(0);
        accessible(page);
        ConsoleBrowser.screenshot(page, "a1-home");

        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
            .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Models")).click();
        page.getByLabel("Name or description").fill("fraud");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/models\\?q=fraud.*"));
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("fraud-detector"))).isVisible();
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("churn"))).hasCount(0);
        accessible(page);
        ConsoleBrowser.screenshot(page, "a2-models-filtered");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("fraud-detector")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("fraud-detector").setExact(true))).isVisible();
        assertThat(page.locator("main")).containsText("champion");
        // times in the reader's zone (Berlin), UTC on hover
        assertThat(page.locator("time.when").first()).hasAttribute("title", java.util.regex.Pattern.compile(".*UTC$"));
        assertThat(page.locator("time.when").first()).not().containsText("UTC");
        accessible(page);
        ConsoleBrowser.screenshot(page, "a3-model");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("v2").setExact(true)).click();
        assertThat(page).hasURL(url + "/models/fraud-detector/versions/2");
        var lineage = page.getByTestId("lineage");
        assertThat(lineage).isVisible();
        assertThat(lineage.locator("g.dataset")).containsText("transactions v1");
        assertThat(lineage.locator("g.code")).containsText("git.example/fraud@a1b2c3d4e5");
        assertThat(lineage.locator("line.edge")).hasCount(2);
        accessible(page);
        ConsoleBrowser.screenshot(page, "a4-version-lineage");

        // the dataset is one click away, and lists this version as built on it
        lineage.locator("g.dataset a").click();
        assertThat(page).hasURL(url + "/datasets/transactions/versions/1");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("fraud-detector v2"))).isVisible();
        accessible(page);

        // the back button returns to the version
        page.goBack();
        assertThat(page).hasURL(url + "/models/fraud-detector/versions/2");

        // a phone-sized screen: nothing wider than the screen
        page.setViewportSize(390, 844);
        page.navigate(url + "/models/fraud-detector");
        ConsoleBrowser.screenshot(page, "a5-model-phone");
        assertThat((Integer) page.evaluate("document.documentElement.scrollWidth"))
                .as("elements wider than the screen: %s", page.evaluate("[...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.tagName + '.' + e.className)"))
                .isLessThanOrEqualTo(390);
        page.context().close();
    }

    @Test
    @Order(2)
    void bAPromotionAskedByOnePersonIsApprovedByAnotherFromTheirInbox() {
        Page requester = signIn(carol, "America/New_York");
        requester.navigate(url + "/models/fraud-detector/versions/2");
        // bad input is shown next to its field, in the API's words
        requester.getByLabel("Alias").fill("Not A Label!");
        requester.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask for promotion")).click();
        assertThat(requester.locator("#alias-error")).isVisible();
        assertThat(requester.getByLabel("Alias")).hasAttribute("aria-invalid", "true");
        accessible(requester);
        ConsoleBrowser.screenshot(requester, "b0-promotion-bad-alias");

        // a post without the form's CSRF token (what another site could make the browser send) is refused
        var forged = requester.request().post(url + "/models/fraud-detector/versions/2/promotions",
                com.microsoft.playwright.options.RequestOptions.create().setForm(com.microsoft.playwright.options.FormData.create()
                        .set("alias", "champion")).setMaxRedirects(0));
        assertThat(forged.status()).isEqualTo(403);

        requester.getByLabel("Alias").fill("champion");
        requester.getByLabel("Why (goes into the audit trail)").fill("better AUC on the October data");
        requester.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask for promotion")).click();
        assertThat(requester.getByTestId("status")).containsText("pending");
        assertThat(requester.getByTestId("own-request")).isVisible();
        assertThat(requester.getByTestId("approve")).hasCount(0);
        assertThat(requester.getByTestId("policy-revision")).hasText("Requested under revision 1 of the policy, which is in force now.");
        String promotionUrl = requester.url();
        ConsoleBrowser.screenshot(requester, "b1-requested");

        // the requester's inbox lists it as their own, never as theirs to approve
        requester.navigate(url + "/approvals");
        assertThat(requester.getByTestId("mine")).containsText("fraud-detector");
        assertThat(requester.getByTestId("for-me")).hasCount(0);

        // the approver, in another browser context, finds it in the inbox with its evidence
        Page approver = signIn(dave, "Asia/Tokyo");
        assertThat(approver.locator("main")).containsText("waiting for your approval");
        approver.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Approvals")).click();
        var forMe = approver.getByTestId("for-me");
        assertThat(forMe).containsText("v2 → champion");
        assertThat(forMe).containsText("user:carol");
        accessible(approver);
        ConsoleBrowser.screenshot(approver, "b2-inbox");
        forMe.getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Review")).click();
        assertThat(approver.locator("main")).containsText("1 approval(s), never by the requester");
        var sideBySide = approver.getByTestId("side-by-side");
        assertThat(sideBySide).containsText("auc");
        assertThat(sideBySide.locator("tr.changed")).hasCount(2);   // auc 0.91 → 0.93, max_depth 5 → 6
        accessible(approver);
        ConsoleBrowser.screenshot(approver, "b3-evidence");
        // a reason in words a header cannot carry as they are (’ and —): it reaches the audit trail intact
        approver.getByLabel("Why you approve (goes into the audit trail)").fill("checked Carol’s October evaluation — fine");
        approver.getByTestId("approve").click();
        assertThat(approver.getByTestId("status")).containsText("completed");
        assertThat(approver.getByTestId("approvers")).hasText("user:dave");

        // the alias page shows the move and who approved it
        approver.navigate(url + "/models/fraud-detector/aliases/champion");
        var history = approver.getByTestId("alias-history");
        assertThat(history.locator("tbody tr").first()).containsText("v2");
        assertThat(history.locator("tbody tr").first()).containsText("user:carol");
        assertThat(history.getByTestId("approvers").first()).hasText("user:dave");
        accessible(approver);
        ConsoleBrowser.screenshot(approver, "b4-alias-history");

        // and the requester, reloading their page, sees it done, still with nothing to approve
        requester.navigate(promotionUrl);
        assertThat(requester.getByTestId("status")).containsText("completed");
        assertThat(requester.getByTestId("approve")).hasCount(0);
        requester.context().close();
        approver.context().close();
    }

    @Test
    @Order(3)
    void cAnAuditorSeesTheStateBeforeTheMoveAndAVerifiedSignedExport() throws Exception {
        String zone = "Pacific/Auckland";
        Page page = signIn(alice, zone);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
            .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Audit")).click();
        // the chain's verification arrives without a reload (htmx)
        assertThat(page.getByTestId("verification")).containsText("chain intact");
        accessible(page);
        ConsoleBrowser.screenshot(page, "c1-audit-trail");

        // the state before version 2 was promoted, picked in the auditor's own time zone
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("State at a time…")).click();
        page.getByLabel("Model").fill("fraud-detector");
        String local = java.time.LocalDateTime.ofInstant(beforeSecondMove, java.time.ZoneId.of(zone)).toString();
        // as the browser keeps it: a whole minute without seconds ("…T05:00"); given "…T05:00:00", Chromium shortens the
        // value and Playwright's fill refuses it as malformed (one run in sixty, when the instant fell on a whole minute)
        page.getByLabel("At (your time zone)").fill(local);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        var aliases = page.getByTestId("state-aliases");
        assertThat(aliases.locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("champion"))).containsText("v1");
        assertThat(aliases).containsText("user:dave");
        accessible(page);
        ConsoleBrowser.screenshot(page, "c2-state-before-move");
        // and now: version 2
        page.getByLabel("At (your time zone)").fill("");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(page.getByTestId("state-aliases").locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("champion")))
                .containsText("v2");

        // the model's trail, one entry and its hash link to the one before
        page.navigate(url + "/audit?subject=model:fraud-detector");
        var entries = page.getByTestId("entries");
        assertThat(entries).containsText("PromotionApproved");
        assertThat(entries).containsText("checked Carol’s October evaluation — fine");
        entries.locator("tbody tr").nth(1).locator("a").first().click();
        String previousHash = page.locator("dd a code").textContent();
        String hash = page.getByTestId("hash").textContent();
        assertThat(hash).hasSize(64);
        page.locator("dd a code").click();
        assertThat(page.getByTestId("hash")).hasText(previousHash);
        accessible(page);

        // the signed export, verified here against the key pinned in the console's configuration, then downloaded
        page.navigate(url + "/audit?subject=model:fraud-detector");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Signed export of model:fraud-detector")).click();
        var verified = page.getByTestId("export-verification");
        assertThat(verified).containsText("Verified");
        assertThat(verified).containsText(io.modelledger.contracts.audit.AuditKeys.keyId(auditKey));
        accessible(page);
        ConsoleBrowser.screenshot(page, "c3-export-verified");
        com.microsoft.playwright.Download download = page.waitForDownload(() -> page.getByTestId("download").click());
        Path saved = ConsoleBrowser.SCREENSHOTS.resolve("fraud-detector-audit.json");
        download.saveAs(saved);
        try (var in = Files.newInputStream(saved)) {
            var result = io.modelledger.contracts.audit.AuditBundle.verify(in, auditKey);
            assertThat(result.valid()).as(result.problem()).isTrue();
            assertThat(result.checked()).isGreaterThan(5);
        }
        page.context().close();
    }

    @Test
    @Order(4)
    void dAMonitoringChartDrawsTheWindowsOfIngestedTelemetry() throws Exception {
        // three batches, each in its own 2-second window, latencies between 100 and 160 ms
        java.util.Random random = new java.util.Random(7);
        for (int batch = 0; batch < 3; batch++) {
            StringBuilder records = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                records.append(i == 0 ? "" : ",").append("{\"model\":\"fraud-detector\",\"version\":1,\"environment\":\"staging\",")
                       .append("\"timestamp\":\"").append(java.time.Instant.now()).append("\",\"prediction\":\"0\",\"latencyMs\":")
                       .append(100 + random.nextInt(61)).append(",\"features\":{\"amount\":").append(random.nextInt(500)).append("}}");
            }
            Http.Response sent = ingest.post("/api/monitor/telemetry", "{\"batchId\":\"" + UUID.randomUUID() + "\",\"records\":[" + records + "]}");
            assertThat(sent.status()).as(String.valueOf(sent.body())).isEqualTo(200);
            Thread.sleep(2_100);
        }
        Http asCarol = new Http(url).as(carol);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var windows = asCarol.get("/api/monitor/deployments/fraud-detector/staging/windows?size=PT2S&from="
                                      + java.time.Instant.now().minus(Duration.ofMinutes(10))).body();
            int withLatency = 0;
            for (var window : windows) {
                withLatency += window.path("metrics").has("latency_p95") ? 1 : 0;
            }
            return withLatency >= 3;
        });

        Page page = signIn(carol, "Europe/Paris");
        page.navigate(url + "/models/fraud-detector");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Charts and alerts for staging")).click();
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Range"))
            .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("15m")).click();
        var chart = page.locator(".chart[data-metric=latency_p95]");
        // uPlot drew the points: what it holds is read back from the chart, and each is a p95 of what was sent
        assertThat(chart.locator("canvas")).hasCount(1);
        assertThat(chart).hasAttribute("data-drawn-points", java.util.regex.Pattern.compile("[3-9]|[1-9][0-9]+"));
        @SuppressWarnings("unchecked") java.util.List<Object> drawn = (java.util.List<Object>) page.evaluate(
                "JSON.parse(document.querySelector('.chart[data-metric=latency_p95]').dataset.series)[1].filter(v => v !== null)");
        assertThat(drawn).hasSizeGreaterThanOrEqualTo(3);
        assertThat(drawn).allSatisfy(v -> assertThat(((Number) v).doubleValue()).isBetween(100.0, 160.0));
        // the same values the API answers for those windows
        var api = asCarol.get("/api/monitor/deployments/fraud-detector/staging/windows?size=PT2S&from="
                              + java.time.Instant.now().minus(Duration.ofMinutes(15))).body();
        java.util.List<Double> expected = new java.util.ArrayList<>();
        api.forEach(window -> {
            if (window.path("metrics").has("latency_p95")) {
                expected.add(window.path("metrics").path("latency_p95").asDouble());
            }
        });
        assertThat(drawn.stream().map(v -> ((Number) v).doubleValue()).toList()).isSubsetOf(expected);
        accessible(page);
        ConsoleBrowser.screenshot(page, "d1-monitoring-chart");
        page.context().close();
    }

    @Test
    @Order(5)
    void eARunningEvaluationsPageTurnsCompletedWithoutAReload() {
        Http asCarol = new Http(url).as(carol);
        String body = "{\"suite\":{\"name\":\"capitals\"},\"subject\":{\"kind\":\"prompt\",\"name\":\"capitals\",\"version\":1},"
                      + "\"target\":{\"name\":\"stub-llm\",\"concurrency\":1}}";
        Http.Response[] started = new Http.Response[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> (started[0] = asCarol.post("/api/eval/runs", body)).status() == 202);
        String runId = started[0].body().get("runId").asText();

        Page page = signIn(carol, "Europe/Madrid");
        page.navigate(url + "/evaluations/runs/" + runId);
        var status = page.getByTestId("run-status");
        assertThat(status).containsText(java.util.regex.Pattern.compile("queued|running"));
        page.evaluate("window.__sameDocument = 'yes'");
        ConsoleBrowser.screenshot(page, "e1-run-running");
        assertThat(status).containsText("completed", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                .setTimeout(30_000));
        assertThat(page.evaluate("window.__sameDocument")).as("the page updated in place, it was not reloaded").isEqualTo("yes");
        assertThat(status).containsText("5 of 5 cases");
        // each case's output beside what was expected, the differing words marked
        var cases = page.getByTestId("cases");
        var spain = cases.locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("es"));
        assertThat(spain.locator("span.add")).not().hasCount(0);
        assertThat(spain.locator("span.del")).containsText("is the capital");
        assertThat(page.getByTestId("run-metrics")).containsText("correct");
        accessible(page);
        ConsoleBrowser.screenshot(page, "e2-run-completed");

        // a promotion's page shows the verdict as evidence, with its run's metrics against their thresholds
        await().atMost(Duration.ofSeconds(5)).until(() -> asCarol.get("/api/registry/prompts/capitals/versions/1/verdicts").body()
                                                                 .path("items").size() == 1);
        Http.Response promoted = asCarol.post("/api/registry/prompts/capitals/promotions", "{\"version\":1,\"alias\":\"candidate\"}");
        assertThat(promoted.status()).as(String.valueOf(promoted.body())).isEqualTo(201);
        String promotionId = promoted.body().get("promotionId").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> asCarol.get("/api/registry/prompts/capitals/promotions/" + promotionId).status() == 200);
        page.navigate(url + "/approvals/prompts/capitals/" + promotionId);
        assertThat(page.getByTestId("evidence-metrics")).containsText("correct");
        assertThat(page.getByTestId("evidence-metrics")).containsText("missed");
        accessible(page);
        capitalsPromotion = promotionId;

        // two clicks from home: Evaluations, then the run
        page.navigate(url + "/");
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
            .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Evaluations")).click();
        assertThat(page.getByTestId("runs")).containsText("capitals v1");
        accessible(page);
        page.context().close();
    }

    @Test
    @Order(6)
    void fSignInThroughAnOpenIdProviderAndSignOut() {
        org.junit.jupiter.api.Assumptions.assumeTrue(oidcProvider != null,
                "Journey f skipped: Node and the OpenID Provider fixture (npm ci in " + OIDC_FIXTURE + ") are needed");
        Page page = browser.person("Europe/Oslo");
        page.navigate(url + "/approvals");
        assertThat(page).hasURL(url + "/login");
        accessible(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with the test identity provider")).click();
        // the provider's own sign-in form (authorization code flow; the provider requires PKCE)
        page.locator("input[name=login]").fill("erin");
        page.locator("input[name=password]").fill("any password");
        page.locator("button[type=submit]").click();
        // back on the console, on the page that asked for the sign-in, as the person the provider's claims name
        page.waitForURL(address -> address.startsWith(url));
        if (page.url().contains("error")) {
            throw new AssertionError("sign-in refused: " + page.locator("[role=alert]").allTextContents());
        }
        assertThat(page).hasURL(url + "/approvals");
        assertThat(page.getByTestId("actor")).hasText("user:erin");
        assertThat(page.locator(".who .roles")).hasText("approver");
        assertThat(page.locator("main")).containsText("Waiting for you");
        accessible(page);
        ConsoleBrowser.screenshot(page, "f1-signed-in-through-oidc");

        // signing out ends the session here: the old cookie no longer opens a page
        var cookies = page.context().cookies();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page).hasURL(url + "/login?signedOut");
        Page replay = browser.person("Europe/Oslo");
        replay.context().addCookies(cookies.stream().map(c -> new com.microsoft.playwright.options.Cookie(c.name, c.value)
                .setDomain(c.domain).setPath(c.path)).toList());
        replay.navigate(url + "/approvals");
        assertThat(replay).hasURL(url + "/login");
        replay.context().close();
        page.context().close();
    }

    @Test
    @Order(7)
    void gAnAdminIssuesAKeyShownOnceThenRevokesIt() {
        Page page = signIn(adminKey, "UTC");
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
            .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Access")).click();
        // no role: the API's words, next to the form
        page.getByLabel("Name (what the key is for)").fill("henry laptop");
        page.getByLabel("Owner (the person or pipeline it acts as)").fill("user:henry");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Issue")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("roles");
        page.getByLabel("contributor").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Issue")).click();
        String key = page.getByTestId("new-key").textContent().strip();
        accessible(page);
        Http henry = new Http(url).as(key);
        assertThat(henry.get("/api/access/whoami").body().get("actor").asText()).isEqualTo("user:henry");

        // the list never shows a secret; revoking stops the key within 2 s
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the keys")).click();
        assertThat(page.getByTestId("keys")).containsText("user:henry");
        assertThat(page.content().contains(key)).as("the keys page shows no secret").isFalse();
        String keyId = key.substring(4, 20);
        page.locator("tr[data-key='" + keyId + "']").getByRole(AriaRole.BUTTON).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("revoked");
        accessible(page);
        ConsoleBrowser.screenshot(page, "g1-access-revoked");
        await().atMost(Duration.ofSeconds(3)).until(() -> henry.get("/api/access/whoami").status() == 401);
        page.context().close();
    }

    @Test
    @Order(8)
    void hAPromptsVersionsTheirDiffAndARenderedPreview() {
        Http asDave = new Http(url).as(dave);
        Http asCarol = new Http(url).as(carol);
        org.junit.jupiter.api.Assumptions.assumeTrue(capitalsPromotion != null, "journey e made the first promotion");
        assertThat(asDave.post("/api/registry/prompts/capitals/promotions/" + capitalsPromotion + "/approvals", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> asCarol.get("/api/registry/prompts/capitals").body().path("aliases").path("candidate").asInt() == 1);

        Page page = signIn(carol, "Australia/Sydney");
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
            .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Prompts")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("capitals")).click();
        assertThat(page.getByTestId("template")).containsText("Answer with the city only.");
        assertThat(page.getByTestId("diff").locator("code.add", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("city only")))
                .hasCount(1);
        assertThat(page.getByTestId("diff").locator("code.del", new com.microsoft.playwright.Locator.LocatorOptions()
                .setHasText("What is the capital of {{country}}?"))).hasCount(1);
        page.getByLabel("country").fill("Peru");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Render")).click();
        assertThat(page.getByTestId("rendered")).hasText("What is the capital city of Peru? Answer with the city only.");
        accessible(page);
        ConsoleBrowser.screenshot(page, "h1-prompt-diff-preview");

        // a prompt promotion's page shows the template diff to what the alias serves now
        Http.Response second = asCarol.post("/api/registry/prompts/capitals/promotions", "{\"version\":2,\"alias\":\"candidate\"}");
        assertThat(second.status()).isEqualTo(201);
        String id = second.body().get("promotionId").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> asCarol.get("/api/registry/prompts/capitals/promotions/" + id).status() == 200);
        page.navigate(url + "/approvals/prompts/capitals/" + id);
        assertThat(page.getByTestId("diff").locator("code.add", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("city only")))
                .hasCount(1);
        accessible(page);

        // a prompt registered in the console: its first version (parameters that are not JSON are named) and an alias
        page.navigate(url + "/prompts");
        link(page, "Register a prompt");
        field(page, "Name", "greeting");
        field(page, "Description", "Welcomes a customer");
        press(page, "Register");
        assertThat(page).hasURL(url + "/prompts/greeting/versions/new");
        field(page, "Template", "Hello {{customer}},\nhow can we help?");
        field(page, "Provider", "openai");
        field(page, "Model", "gpt-4o-mini");
        field(page, "Parameters (JSON)", "temperature: 0");
        field(page, "What changed", "first");
        press(page, "Register");
        assertThat(page.locator("#f-parameters-error")).isVisible();
        accessible(page);
        field(page, "Parameters (JSON)", "{\"temperature\": 0}");
        landsOn(page, "Register", url + "/prompts/greeting?version=1");
        assertThat(page.getByTestId("template")).hasText("Hello {{customer}},\nhow can we help?");
        link(page, "Assign an alias");
        field(page, "Alias", "staging");
        field(page, "Version", "1");
        landsOn(page, "Assign", url + "/prompts/greeting");
        assertThat(page.locator("main")).containsText("staging → v1");
        page.context().close();
    }

    private static void field(Page page, String label, String value) {
        page.getByLabel(label, new Page.GetByLabelOptions().setExact(true)).fill(value);
    }

    private static void press(Page page, String button) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button).setExact(true)).click();
    }

    /** Posts the form and expects to land on {@code target}; a refusal fails with the page's own words. */
    private static void landsOn(Page page, String button, String target) {
        press(page, button);
        try {
            assertThat(page).hasURL(target);
        } catch (AssertionError e) {
            throw new AssertionError("expected " + target + ", still on " + page.url() + ": " + page.locator("[role=alert]").allTextContents(), e);
        }
    }

    private static void link(Page page, String name) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
    }

    @Test
    @Order(9)
    void iTheWholeLifecycleWithoutCurl() {
        Page carolPage = signIn(carol, "Europe/Dublin");
        // a dataset and its version (a bad digest is named next to its field, and nothing is registered)
        carolPage.navigate(url + "/models");
        link(carolPage, "Register a dataset");
        field(carolPage, "Name", "clicks");
        field(carolPage, "Owner", "team:search");
        press(carolPage, "Register");
        field(carolPage, "Location (URI)", "s3://data/clicks/2026-11");
        field(carolPage, "SHA-256 of the content", "not-a-digest");
        press(carolPage, "Register");
        assertThat(carolPage.locator("#f-sha256-error")).isVisible();
        accessible(carolPage);
        ConsoleBrowser.screenshot(carolPage, "i1-field-error");
        field(carolPage, "SHA-256 of the content", SHA);
        press(carolPage, "Register");
        assertThat(carolPage).hasURL(url + "/datasets/clicks/versions/1");

        // a model, a version trained on that dataset, and a second version
        carolPage.navigate(url + "/models");
        link(carolPage, "Register a model");
        field(carolPage, "Name", "ranker");
        field(carolPage, "Description", "Search ranking");
        press(carolPage, "Register");
        assertThat(carolPage).hasURL(url + "/models/ranker");
        for (int v = 1; v <= 2; v++) {
            link(carolPage, "Register a version");
            field(carolPage, "Artifact URI", "s3://models/ranker/" + v + "/model.onnx");
            field(carolPage, "SHA-256 of the artifact", SHA);
            if (v == 2) {
                field(carolPage, "Framework", "onnx"); // version 1 was refused first, for want of one (shown below)
            }
            field(carolPage, "Trained on dataset", "clicks");
            field(carolPage, "… its version", "1");
            field(carolPage, "Commit", "c0ffee" + v);
            if (v == 1) {
                press(carolPage, "Register");
                assertThat(carolPage.locator("#f-framework-error")).hasText("must not be blank");
                assertThat(carolPage.getByLabel("Commit", new Page.GetByLabelOptions().setExact(true))).hasValue("c0ffee1");
                field(carolPage, "Framework", "onnx");
            }
            landsOn(carolPage, "Register", url + "/models/ranker/versions/" + v);
            assertThat(carolPage.getByTestId("lineage").locator("g.dataset")).containsText("clicks v1");
            carolPage.navigate(url + "/models/ranker");
        }

        // an admin protects production
        Page adminPage = signIn(adminKey, "UTC");
        adminPage.navigate(url + "/models/ranker");
        link(adminPage, "Define a policy");
        field(adminPage, "Alias it protects", "production");
        field(adminPage, "Approvals needed", "1");
        field(adminPage, "Why (goes into the audit trail)", "ranking goes to production only with four eyes");
        press(adminPage, "Define");
        assertThat(adminPage.getByRole(AriaRole.STATUS)).containsText("defined");

        // asked for, rejected with a reason, asked again, approved
        carolPage.navigate(url + "/models/ranker/versions/1");
        field(carolPage, "Alias", "production");
        press(carolPage, "Ask for promotion");
        assertThat(carolPage.getByTestId("status")).containsText("pending");
        Page davePage = signIn(dave, "UTC");
        davePage.navigate(url + "/approvals");
        davePage.getByTestId("for-me").locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("ranker"))
                .getByRole(AriaRole.LINK).click();
        field(davePage, "Why you reject (the requester reads it)", "no evaluation yet");
        press(davePage, "Reject");
        assertThat(davePage.getByTestId("status")).containsText("rejected");
        assertThat(davePage.locator("main")).containsText("no evaluation yet");
        carolPage.navigate(url + "/models/ranker/versions/1");
        field(carolPage, "Alias", "production");
        press(carolPage, "Ask for promotion");
        davePage.navigate(url + "/approvals");
        davePage.getByTestId("for-me").locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("ranker"))
                .getByRole(AriaRole.LINK).click();
        press(davePage, "Approve");
        assertThat(davePage.getByTestId("status")).containsText("completed");

        // deployed; a canary beside it in staging; rolled back
        carolPage.navigate(url + "/models/ranker");
        for (String[] deployment : new String[][]{{"production", "1", ""}, {"staging", "1", ""}, {"staging", "2", "20"}}) {
            link(carolPage, "Deploy");
            field(carolPage, "Environment", deployment[0]);
            field(carolPage, "Version", deployment[1]);
            field(carolPage, "Share of traffic (percent)", deployment[2]);
            press(carolPage, "Deploy");
            assertThat(carolPage).hasURL(url + "/models/ranker");
        }
        var staging = carolPage.locator("tr", new Page.LocatorOptions().setHasText("Charts and alerts for staging"));
        assertThat(staging).containsText("v2 20%");
        assertThat(staging).containsText("v1 80%");
        assertThat(carolPage.locator("tr", new Page.LocatorOptions().setHasText("Charts and alerts for production")))
                .containsText("v1 100%");
        accessible(carolPage);
        ConsoleBrowser.screenshot(carolPage, "i2-canary");
        press(carolPage, "Roll back staging");
        assertThat(carolPage.getByRole(AriaRole.STATUS)).containsText("rolled back");
        assertThat(carolPage.locator("tr", new Page.LocatorOptions().setHasText("Charts and alerts for staging")))
                .containsText("v1 100%");
        carolPage.context().close();
        adminPage.context().close();
        davePage.context().close();
    }

    /**
     * The four-eyes steps of {@code requests.http} in the console: a second admin; a key for an approver that its owner made
     * offline, asked for by one admin and approved by the other from the access page; a stricter policy pinning a suite
     * version (its SHA-256 read from the suite's page), asked for by one admin and approved by the other from the inbox
     * with the terms side by side; and an A/B comparison of two runs on that suite version with its intervals drawn.
     */
    @Test
    @Order(10)
    void jTheSecondAdminsFourEyesOnKeysAndPoliciesAndAnABComparison() {
        org.junit.jupiter.api.Assumptions.assumeTrue(capitalsPromotion != null, "journey e ran the first evaluation");
        Http asCarol = new Http(url).as(carol);
        // a second run of the suite version, on prompt version 2, for the comparison
        String body = "{\"suite\":{\"name\":\"capitals\"},\"subject\":{\"kind\":\"prompt\",\"name\":\"capitals\",\"version\":2},"
                      + "\"target\":{\"name\":\"stub-llm\",\"concurrency\":1}}";
        Http.Response started = asCarol.post("/api/eval/runs", body);
        assertThat(started.status()).isEqualTo(202);
        String second = started.body().get("runId").asText();

        // the bootstrap admin makes a second admin; from then on privileged keys and policy changes take both
        Page root = signIn(adminKey, "UTC");
        root.navigate(url + "/access");
        root.getByLabel("Name (what the key is for)").fill("bob");
        root.getByLabel("Owner (the person or pipeline it acts as)").fill("user:bob");
        root.getByLabel("admin", new Page.GetByLabelOptions().setExact(true)).check();
        press(root, "Issue");
        String bobKey = root.getByTestId("new-key").textContent().strip();

        // erin makes her approver key herself (modelledger keys new-secret); root asks for it with its id and hash only
        io.modelledger.contracts.access.ApiKeyToken erin = io.modelledger.contracts.access.ApiKeyToken.generate(new java.security.SecureRandom());
        root.navigate(url + "/access");
        root.getByLabel("Name (what the key is for)").fill("erin");
        root.getByLabel("Owner (the person or pipeline it acts as)").fill("user:erin");
        root.getByLabel("approver", new Page.GetByLabelOptions().setExact(true)).check();
        root.getByLabel("Key id (for a key its owner made)").fill(erin.keyId());
        root.getByLabel("SHA-256 of its secret").fill(erin.secretSha256());
        press(root, "Issue");
        assertThat(root.getByRole(AriaRole.STATUS)).containsText("once another admin approves it");
        var request = root.locator("tr[data-request='" + erin.keyId() + "']");
        assertThat(request).containsText("user:erin");
        assertThat(request.getByRole(AriaRole.BUTTON)).hasCount(0);
        assertThat(new Http(url).as(erin.reveal()).get("/api/access/whoami").status()).as("no key before the second admin approves").isEqualTo(401);
        accessible(root);

        Page bob = signIn(bobKey, "America/New_York");
        bob.navigate(url + "/access");
        bob.locator("tr[data-request='" + erin.keyId() + "']").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Approve " + erin.keyId())).click();
        assertThat(bob.getByRole(AriaRole.STATUS)).containsText("approved");
        assertThat(bob.getByTestId("keys")).containsText("user:erin");
        await().atMost(Duration.ofSeconds(5)).until(() -> new Http(url).as(erin.reveal()).get("/api/access/whoami").status() == 200);
        ConsoleBrowser.screenshot(bob, "j1-key-request-approved");

        // the suite version's SHA-256, from its page, pins the stricter policy root asks for
        root.navigate(url + "/evaluations");
        link(root, "Suites and their versions");
        link(root, "capitals");
        String suiteSha = root.getByTestId("suite-sha").textContent().strip();
        assertThat(suiteSha).matches("[0-9a-f]{64}");
        accessible(root);
        root.navigate(url + "/models/ranker");
        link(root, "Define a policy");
        field(root, "Alias it protects", "production");
        field(root, "Approvals needed", "2");
        field(root, "Evaluation suite that must pass", "capitals");
        root.getByLabel("… pinned to its version's SHA-256").first().fill(suiteSha);
        root.getByLabel("… on at least this many cases").first().fill("5");
        root.getByLabel("… with at most this share failed").first().fill("0.25");
        field(root, "A request lapses after", "PT72H");
        field(root, "Why (goes into the audit trail)", "two approvals and a passed suite for production");
        press(root, "Define");
        assertThat(root.getByTestId("status")).containsText("pending");
        assertThat(root.getByTestId("own-request")).isVisible();
        assertThat(root.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve the change"))).hasCount(0);

        bob.navigate(url + "/approvals");
        bob.getByTestId("policy-changes").locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("ranker"))
           .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Review")).click();
        var approvals = bob.getByTestId("terms").locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Approvals needed"));
        assertThat(approvals.locator("td").nth(0)).hasText("1");
        assertThat(approvals.locator("td").nth(1)).hasText("2");
        assertThat(approvals).hasClass(java.util.regex.Pattern.compile("changed"));
        assertThat(bob.getByTestId("terms")).containsText("capitals (version " + suiteSha.substring(0, 12) + "…, at least 5 cases, at most 25 % failed");
        accessible(bob);
        ConsoleBrowser.screenshot(bob, "j2-policy-change");
        field(bob, "Why you approve (goes into the audit trail)", "agreed with root");
        press(bob, "Approve the change");
        assertThat(bob.getByTestId("status")).containsText("approved");
        assertThat(bob.getByTestId("decided-by")).containsText("user:bob");
        await().atMost(Duration.ofSeconds(5)).until(() -> asCarol.get("/api/registry/models/ranker").body().path("policies").path("production")
                                                                 .path("requiredApprovals").asInt() == 2);
        bob.navigate(url + "/models/ranker");
        assertThat(bob.locator("tr", new Page.LocatorOptions().setHasText("who moved it")).first()).containsText("2 approval(s)");
        assertThat(bob.locator("main")).containsText("suites: capitals");

        // an A/B comparison of the two runs on the suite version: each metric's difference with its interval drawn
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(asCarol.get("/api/eval/runs/" + second).body().path("status").asText()));
        String suiteVersion = asCarol.get("/api/eval/runs/" + second).body().path("suiteVersion").asText();
        Page carolPage = signIn(carol, "Europe/Madrid");
        carolPage.navigate(url + "/evaluations/suites/capitals/versions/" + suiteVersion);
        String baseline = new Http(url).as(carol).get("/api/registry/prompts/capitals/versions/1/verdicts").body().path("items").get(0)
                                       .path("runId").asText();
        carolPage.locator("#baseline").selectOption(baseline);
        carolPage.locator("#candidate").selectOption(second);
        press(carolPage, "Compare");
        assertThat(carolPage.getByTestId("outcome")).isVisible();
        var metric = carolPage.getByTestId("forest").locator("g.metric[data-metric='correct']");
        assertThat(metric).hasCount(1);
        int low = Integer.parseInt(metric.getAttribute("data-low"));
        int dot = Integer.parseInt(metric.getAttribute("data-dot"));
        int high = Integer.parseInt(metric.getAttribute("data-high"));
        assertThat(low).as("the difference lies within its interval").isLessThanOrEqualTo(dot);
        assertThat(dot).isLessThanOrEqualTo(high);
        assertThat(dot).as("version 2 answers one more case: its difference is drawn right of zero").isGreaterThan(
                Integer.parseInt(carolPage.getByTestId("forest").locator("line.zero").getAttribute("x1")));
        assertThat(carolPage.getByTestId("comparison-metrics").locator("tr", new com.microsoft.playwright.Locator.LocatorOptions()
                .setHasText("correct"))).containsText("0.2000");
        assertThat(carolPage.getByTestId("comparison-metrics")).containsText("correct");
        accessible(carolPage);
        ConsoleBrowser.screenshot(carolPage, "j3-ab-comparison");
        root.context().close();
        bob.context().close();
        carolPage.context().close();
    }
}
