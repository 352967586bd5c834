package io.modelledger.standalone;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for Java, as the console's journeys use it: headless, no sandbox (CI runs
 * as root), nothing in the background that would reach out, and a host resolver that resolves 127.0.0.1 alone, so
 * the browser never looks up an outside host. Without a Chromium the journeys skip with one line, unless
 * {@code MODELLEDGER_REQUIRE_BROWSER} is set (CI), where that is a failure. Every page is checked by axe-core (the
 * WebJar, evaluated through the DevTools protocol, which the Content-Security-Policy does not govern) and every
 * CSP violation the browser reports fails the journey.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MODELLEDGER_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target/console-journeys");

    private final Playwright playwright;
    private final Browser browser;
    private final List<String> cspViolations = new ArrayList<>();

    private ConsoleBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static ConsoleBrowser launch() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && System.getenv("MODELLEDGER_REQUIRE_BROWSER") != null) {
            throw new AssertionError("MODELLEDGER_REQUIRE_BROWSER is set but there is no Chromium at " + CHROMIUM
                                     + " (apt-get install -y chromium; .ci/run does)");
        }
        Assumptions.assumeTrue(present, "Console journeys skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium)");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")));
        return new ConsoleBrowser(playwright, browser);
    }

    /** A fresh person: their own cookies and session, at a laptop's screen size. */
    Page person(String timeZone) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                                                                                 .setTimezoneId(timeZone).setLocale("en-GB"));
        context.setDefaultTimeout(15_000);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                cspViolations.add(page.url() + ": " + message.text());
            }
        });
        return page;
    }

    List<String> cspViolations() {
        return List.copyOf(cspViolations);
    }

    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** axe-core's serious and critical violations on the page as it is now, one line each (empty when there are none). */
    static List<String> accessibilityViolations(Page page) {
        page.evaluate(AXE);
        @SuppressWarnings("unchecked") List<String> violations = (List<String>) page.evaluate("""
                async () => {
                  const result = await axe.run(document, { resultTypes: ['violations'] });
                  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '));
                }""");
        return violations;
    }

    private static final String AXE = read(new org.webjars.WebJarVersionLocator().fullPath("axe-core", "axe.min.js"));

    private static String read(String resource) {
        try (InputStream in = ConsoleBrowser.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path (the axe-core WebJar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
