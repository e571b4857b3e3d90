package io.rapport.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real browser (Debian's headless Chromium through Selenium) against the real suite started by
 * {@code ./rapport up}: what a marketer and an agent do with it every day, and what an attacker's text cannot do.
 * Skipped, saying why, where Chromium or its driver is not installed ({@code .ci/run} installs both).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Every field the console shows of this text must show it as text: none of it may run. */
    private static final String IMG = "<img src=x onerror=\\\"window.__xss='img'\\\">";
    private static final String SCRIPT = "<script>window.__xss='script'</script>";

    @TempDir
    static Path data;

    private static RapportSuite suite;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static String conversationWithIvy;

    @BeforeAll
    static void up() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console's browser tests need Debian's chromium and chromium-driver (apt-get install chromium "
                        + "chromium-driver; .ci/run does)");
        SMTP.start();
        suite = new RapportSuite("ConsoleIT", data, SMTP.getSmtp().getPort());
        suite.up();
        seed();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                        "--lang=en-GB");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void down() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (suite != null) {
            suite.close();
        }
        SMTP.stop();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + RapportSuite.API_KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static String interaction(String id, String customer, String channel, String kind, String at,
                                      String extra) {
        return """
                {"eventId":"%s","customerId":"%s","channel":"%s","direction":"INBOUND","kind":"%s",
                 "occurredAt":"%s"%s}""".formatted(id, customer, channel, kind, at, extra);
    }

    /** Ada buys three times in 2026; Mallory's every field is markup; Ivy complains by e-mail; Eve is two; no quiet hours. */
    private static void seed() throws Exception {
        ok(send("POST", "/v1/customers/batch", """
                {"customers":[
                 {"id":"ada","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","timeZone":"Europe/London",
                  "consents":[{"channel":"EMAIL","purpose":"marketing","granted":true,"source":"signup-form",
                               "at":"2026-01-01T09:00:00Z"}]},
                 {"id":"ivy","firstName":"Ivy","email":"ivy@example.com"},
                 {"id":"eve","firstName":"Eve","email":"eve@example.com"},
                 {"id":"eve-2","firstName":"Eve","email":"eve.two@example.com"},
                 {"id":"mallory","firstName":"%s","lastName":"%s","email":"mallory@example.com",
                  "attributes":{"note":"%s"},"identifiers":[{"type":"SOCIAL","value":"twitter:mallory"}]}]}"""
                .formatted(IMG, SCRIPT, IMG)));
        ok(send("POST", "/v1/interactions", "{\"interactions\":["
                + interaction("ada-1", "ada", "STORE", "PURCHASE", "2026-01-10T12:00:00Z",
                ",\"amount\":\"40.00\",\"currency\":\"EUR\"") + ","
                + interaction("ada-2", "ada", "WEB", "PURCHASE", "2026-04-10T12:00:00Z",
                ",\"amount\":\"25.00\",\"currency\":\"EUR\"") + ","
                + interaction("ada-3", "ada", "WEB", "PURCHASE", "2026-09-10T12:00:00Z",
                ",\"amount\":\"60.00\",\"currency\":\"EUR\"") + ","
                + interaction("ada-4", "ada", "EMAIL", "REPLY", "2026-09-12T12:00:00Z",
                ",\"content\":\"I love the new collection, thank you!\"") + ","
                + interaction("mallory-1", "mallory", "SOCIAL", "MESSAGE", "2026-09-12T12:00:00Z",
                ",\"content\":\"" + SCRIPT + IMG + "\"")
                + "]}"));
        // Campaigns send whatever the hour the test runs at.
        ok(send("PUT", "/v1/admin/messaging-settings", "{\"marketingCap\":{\"count\":3,\"window\":\"P7D\"},"
                + "\"quietHours\":{\"from\":\"00:00\",\"until\":\"00:00\"}}"));
        String secret = ok(send("GET", "/v1/admin/inbound-secret", null)).get("secret").asString();
        conversationWithIvy = JSON.readTree(webhook("""
                {"id":"<ivy-1@mail.example>","from":"ivy@example.com","name":"Ivy Example","subject":"My order",
                 "text":"My parcel arrived broken and nobody answers my emails. This is terrible."}""", secret).body())
                .get("conversationId").asString();
        assertThat(JSON.readTree(webhook("""
                {"id":"<mallory-1@mail.example>","from":"mallory@example.com","subject":"%s",
                 "text":"This is awful and broken. %s %s"}""".formatted(SCRIPT, SCRIPT, IMG), secret).body())
                .get("complaint").asBoolean()).isTrue();
    }

    private static HttpResponse<String> webhook(String body, String secret) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + "/inbound/"
                        + RapportSuite.WORKSPACE + "/email")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Rapport-Timestamp", timestamp)
                .header("X-Rapport-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static WebElement shown(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void signIn(String key) {
        browser.get(suite.gateway() + "/console");
        WebElement field = shown(By.id("api-key"));
        field.clear();
        field.sendKeys(key);
        field.submit();
        shown(By.id("nav"));
    }

    /** Opens a page of the console; the page it is on already is loaded afresh. */
    private static void open(String hash) {
        String url = suite.gateway() + "/console" + hash;
        if (url.equals(browser.getCurrentUrl())) {
            browser.navigate().refresh();
        } else {
            browser.get(url);
        }
    }

    private static String fact(String term) {
        return shown(By.xpath("//dt[.='" + term + "']/following-sibling::dd[1]")).getText();
    }

    private static void setValue(WebElement input, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", input, value);
    }

    /** A screenshot for the README, halved to keep it small. */
    private static void screenshot(String name) throws Exception {
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(browser.getScreenshotAs(OutputType.BYTES)));
        BufferedImage half = new BufferedImage(full.getWidth() / 2, full.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
        half.createGraphics().drawImage(full.getScaledInstance(half.getWidth(), half.getHeight(), Image.SCALE_SMOOTH),
                0, 0, null);
        Path directory = Path.of("target", "console-screenshots");
        Files.createDirectories(directory);
        ImageIO.write(half, "png", directory.resolve(name + ".png").toFile());
    }

    private static void assertNothingRan() {
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined ? null : window.__xss;"))
                .as("a customer's text ran as script").isNull();
    }

    @Test
    @Order(1)
    void signingInExchangesTheKeyForAnHttpOnlyStrictCookieAndKeepsTheKeyOutOfTheBrowser() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + "/console")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").doesNotContain("unsafe-inline").contains("frame-ancestors 'none'");

        browser.get(suite.gateway() + "/console");
        shown(By.id("api-key")).sendKeys("rpk_not_a_key");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        assertThat(shown(By.cssSelector("[role=alert]")).getText()).contains("not valid");

        signIn(RapportSuite.API_KEY);
        Cookie session = browser.manage().getCookieNamed("rapport_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        JavascriptExecutor script = browser;
        assertThat((String) script.executeScript("return document.cookie;")).doesNotContain(session.getValue());
        assertThat((String) script.executeScript("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage);"))
                .doesNotContain(RapportSuite.API_KEY);
        assertThat(browser.findElement(By.id("who")).getText()).contains("default");
    }

    @Test
    @Order(2)
    void aCustomerFoundByEmailIsShownWholeAndAsTheyWereOnAPastDate() throws Exception {
        open("#/customers");
        new Select(shown(By.id("find-type"))).selectByValue("EMAIL");
        shown(By.id("find-value")).sendKeys(" ADA@example.com");
        browser.findElement(By.cssSelector("form[role=search] button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Ada Lovelace"));
        assertThat(fact("Orders")).isEqualTo("3");
        assertThat(fact("Spend")).isEqualTo("125.00 EUR");
        assertThat(browser.findElements(By.cssSelector("svg.chart path.line"))).hasSize(2);
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#timeline tbody tr"), 3));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#consent-history tbody"),
                "signup-form"));
        assertThat(browser.findElement(By.cssSelector("#consent-history tbody tr")).getText())
                .contains("EMAIL", "marketing", "granted", "1 Jan 2026");
        screenshot("customer-360");

        setValue(shown(By.id("as-of")), "2026-02-01T00:00");
        browser.findElement(By.cssSelector("form[aria-label='Time travel'] button[type=submit]")).click();
        shown(By.id("as-of-banner"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//dt[.='Orders']/following-sibling::dd[1]"), "1"));
        assertThat(fact("Spend")).isEqualTo("40.00 EUR");
        assertThat(browser.getCurrentUrl()).contains("asOf=2026-02-01");
        assertThat(browser.findElements(By.cssSelector("section[aria-label=Actions]"))).as("no changes to the past").isEmpty();

        browser.findElement(By.xpath("//button[.='Now']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//dt[.='Orders']/following-sibling::dd[1]"), "3"));
    }

    @Test
    @Order(3)
    void aFlaggedComplaintIsAnsweredFromTheInboxAndLeavesTheQueue() throws Exception {
        open("#/inbox");
        WebElement queue = shown(By.cssSelector("section[aria-label='Unanswered complaints']"));
        wait.until(ExpectedConditions.textToBePresentInElement(queue, "ivy"));
        screenshot("inbox");
        queue.findElement(By.linkText("ivy")).click();
        WebElement reply = shown(By.id("reply-text"));
        assertThat(reply.getAttribute("value")).startsWith("Hi Ivy,");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("This is terrible.");
        reply.sendKeys(" Your new parcel leaves today.");
        shown(By.id("reply-agent")).sendKeys("Sam");
        browser.findElement(By.xpath("//button[.='Send reply']")).click();

        MimeMessage answer = awaitMail("ivy@example.com");
        assertThat(answer.getSubject()).isEqualTo("Re: My order");
        assertThat(((String) answer.getContent())).contains("Your new parcel leaves today.");
        // The conversation's flag is cleared as the reply is recorded: the inbox is read again until it is.
        wait.until(driver -> {
            open("#/inbox");
            return !shown(By.cssSelector("section[aria-label='Unanswered complaints']")).getText().contains("ivy");
        });
        open("#/inbox/" + conversationWithIvy);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Your new parcel leaves today."));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("first response");

        shown(By.id("assignee")).sendKeys("sam");
        new Select(shown(By.id("conversation-status"))).selectByValue("CLOSED");
        browser.findElement(By.xpath("//form[@aria-label='Assign and change status']//button")).click();
        shown(By.xpath("//main/p/span[contains(@class, 'badge') and .='closed']"));
        wait.until(ExpectedConditions.attributeToBe(By.id("assignee"), "value", "sam"));
    }

    private static MimeMessage awaitMail(String to) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            for (MimeMessage mail : SMTP.getReceivedMessages()) {
                try {
                    if (mail.getAllRecipients()[0].toString().equals(to)) {
                        return mail;
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
    }

    @Test
    @Order(4)
    void aBrokenRuleShowsWhereItBreaksAndAFixedOneItsCount() {
        open("#/segments/new");
        shown(By.id("segment-name")).sendKeys("Buyers");
        WebElement rule = shown(By.id("segment-rule"));
        rule.sendKeys("order_count >");
        WebElement error = shown(By.id("rule-error"));
        assertThat(error.getText()).contains("position 14");
        assertThat(rule.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.cssSelector("pre.caret")).getAttribute("textContent"))
                .as("a caret under the 14th character").isEqualTo(" ".repeat(13) + "^");

        rule.sendKeys("= 1");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rule-count"), "1 of"));
        assertThat(rule.getAttribute("aria-invalid")).isNull();
        assertThat(browser.findElement(By.id("rule-feedback")).getText()).contains("ada");
        browser.findElement(By.xpath("//button[.='Save segment']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Buyers"));
        assertThat(browser.getCurrentUrl()).contains("#/segments/");
    }

    @Test
    @Order(5)
    void aCampaignIsCreatedPreviewedScheduledAndReported() throws Exception {
        open("#/campaigns/new");
        shown(By.id("campaign-name")).sendKeys("Autumn thanks");
        shown(By.id("campaign-id")).sendKeys("autumn");
        new Select(shown(By.id("campaign-segment"))).selectByVisibleText("Buyers");
        new Select(shown(By.id("campaign-channel"))).selectByValue("EMAIL");
        WebElement control = shown(By.id("campaign-control"));
        control.clear();
        control.sendKeys("0");
        shown(By.id("variant-0-subject")).sendKeys("Thank you, {{ customer_first_name }}");
        shown(By.id("variant-0-body")).sendKeys("Hello {{ customer_first_name }}, thank you for a lovely year.");
        browser.findElement(By.xpath("//button[.='Create draft']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Autumn thanks"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("draft");

        shown(By.id("preview-customer")).sendKeys("ada");
        browser.findElement(By.xpath("//button[.='Preview']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview"),
                "Hello Ada, thank you for a lovely year."));
        assertThat(browser.findElement(By.id("preview")).getText()).contains("ada@example.com");

        browser.findElement(By.xpath("//button[.='Schedule']")).click();
        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(60));
        slow.ignoring(StaleElementReferenceException.class);
        slow.until(driver -> {
            shown(By.xpath("//button[.='Refresh']")).click();
            return shown(By.tagName("h1")).getText().contains("completed");
        });
        WebElement report = shown(By.cssSelector("section[aria-label=Report]"));
        assertThat(report.findElement(By.cssSelector("svg.funnel")).getAttribute("aria-label"))
                .contains("Audience 1").contains("Sent 1");
        assertThat(awaitMail("ada@example.com").getSubject()).isEqualTo("Thank you, Ada");
    }

    @Test
    @Order(6)
    void aFileIsImportedWithItsProgressAJourneyActivatedAndAKeyMadeAndRevoked() throws Exception {
        Path file = data.resolve("visits.ndjson");
        Files.writeString(file, (interaction("visit-1", "ada", "WEB", "VISIT", "2026-10-01T10:00:00Z", "") + "\n"
                + interaction("visit-2", "ivy", "WEB", "VISIT", "2026-10-02T10:00:00Z", "")).replace("\n ", "") + "\n");
        open("#/imports");
        shown(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        new Select(shown(By.id("import-format"))).selectByValue("ndjson");
        browser.findElement(By.xpath("//button[.='Upload and import']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//dt[.='Status']/following-sibling::dd[1]"), "SUCCEEDED"));
        assertThat(fact("Imported")).isEqualTo("2");
        assertThat(shown(By.id("import-progress")).getAttribute("value")).isEqualTo("1");
        open("#/imports");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "visits.ndjson"));

        // The journey builder starts from a welcome template; a pasted definition that is not JSON is refused.
        open("#/journeys/new");
        shown(By.id("journey-id")).sendKeys("welcome");
        browser.findElement(By.tagName("summary")).click();
        WebElement json = shown(By.id("journey-json"));
        assertThat(json.getAttribute("value")).contains("\"segmentId\"").contains("\"stepId\": \"hello\"");
        json.clear();
        json.sendKeys("{\"name\": ");
        browser.findElement(By.xpath("//button[.='Fill the form from this JSON']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("details [role=alert]"), "not JSON"));
        assertThat(json.getAttribute("aria-invalid")).isEqualTo("true");
        // Steps are edited in the form: a longer wait, a step added and removed, a branch to nowhere refused.
        setValue(shown(By.id("step-1-duration")), "3");
        browser.findElement(By.xpath("//button[.='Add a step']")).click();
        assertThat(browser.findElements(By.cssSelector("#journey-steps fieldset"))).hasSize(6);
        browser.findElement(By.xpath("//fieldset[legend='Step 6']//button[.='Remove step']")).click();
        assertThat(browser.findElements(By.cssSelector("#journey-steps fieldset"))).hasSize(5);
        setValue(shown(By.id("step-2-yes")), "nowhere");
        browser.findElement(By.xpath("//button[.='Create draft']")).click();
        assertThat(shown(By.cssSelector("form > [role=alert]:not(:empty)")).getText())
                .contains("steps[2].branch.yesStepId").contains("no step 'nowhere'");
        setValue(shown(By.id("step-2-yes")), "out");
        browser.findElement(By.xpath("//button[.='Create draft']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Welcome"));
        assertThat(shown(By.cssSelector("section[aria-label=Steps]")).getText()).contains("wait 3 days");
        // A draft opens in the builder again and saves.
        browser.findElement(By.linkText("Edit the draft")).click();
        setValue(shown(By.id("journey-name")), "Welcome back");
        browser.findElement(By.xpath("//button[.='Save draft']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Welcome back"));
        browser.findElement(By.xpath("//button[.='Activate']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "active"));
        shown(By.id("preview-customer")).sendKeys("ada");
        new Select(shown(By.id("preview-choice"))).selectByValue("hello");
        browser.findElement(By.xpath("//button[.='Preview']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview"), "Welcome, Ada"));
        assertThat(browser.findElement(By.cssSelector("section[aria-label=Steps]")).getText())
                .contains("wait 3 days").contains("if opened within 1 day go to out");

        open("#/models");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Purchase models"));

        open("#/admin");
        shown(By.id("key-name")).sendKeys("reporting");
        browser.findElement(By.xpath("//button[.='Make key']")).click();
        assertThat(shown(By.id("new-key")).getAttribute("value")).startsWith("rpk_");
        WebElement keys = shown(By.cssSelector("section[aria-label='API keys']"));
        wait.until(ExpectedConditions.textToBePresentInElement(keys, "reporting"));
        browser.findElement(By.xpath("//tr[td[.='reporting']]//button[.='Revoke']")).click();
        browser.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.xpath("//tr[td[.='reporting']]"), "revoked"));
        assertThat(browser.findElement(By.cssSelector("section[aria-label='Workspaces (operator)']")).getText())
                .contains("default");
    }

    @Test
    @Order(7)
    void markupInAnyFieldIsShownAsTextAndNeverRuns() throws Exception {
        open("#/customers");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "mallory"));
        assertNothingRan();

        open("#/customers/mallory");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "<img src=x"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "<script>"));
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page).contains("<script>window.__xss='script'</script>").contains("onerror=");
        assertThat(browser.findElements(By.cssSelector("main img, main script"))).isEmpty();
        assertNothingRan();

        open("#/inbox");
        WebElement queue = shown(By.cssSelector("section[aria-label='Unanswered complaints']"));
        wait.until(ExpectedConditions.textToBePresentInElement(queue, "mallory"));
        queue.findElement(By.linkText("mallory")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "This is awful"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("<script>window.__xss='script'</script>");
        assertThat(browser.findElements(By.cssSelector("main img, main script"))).isEmpty();
        assertNothingRan();

        open("#/customers");
        new Select(shown(By.id("find-type"))).selectByValue("");
        shown(By.id("find-value")).sendKeys(SCRIPT);
        browser.findElement(By.cssSelector("form[role=search] button")).click();
        shown(By.cssSelector("[role=alert]:not(:empty)"));
        assertNothingRan();
    }

    @Test
    @Order(8)
    void twoCustomersAreMergedUnmergedAndOneErasedBehindAConfirmationOnAPhoneWideScreen() {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            open("#/customers/eve");
            shown(By.id("merge-id")).sendKeys("eve-2");
            browser.findElement(By.xpath("//button[.='Merge']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//button[.='Unmerge']")));
            assertThat(browser.findElement(By.cssSelector("section[aria-label=Actions]")).getText()).contains("eve-2");
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("nothing wider than a phone's screen").isEqualTo(true);
            browser.findElement(By.xpath("//button[.='Unmerge']")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//button[.='Unmerge']")));

            browser.findElement(By.xpath("//button[.='Erase this customer…']")).click();
            WebElement confirm = shown(By.id("erase-confirm"));
            WebElement erase = browser.findElement(By.xpath("//button[.='Erase for good']"));
            confirm.sendKeys("ev");
            assertThat(erase.isEnabled()).as("not before the id is typed").isFalse();
            confirm.sendKeys("e");
            erase.click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "erased"));
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    @Test
    @Order(9)
    void aReadOnlyKeySeesNoButtonThatWouldChangeAnything() throws Exception {
        String reader = ok(send("POST", "/v1/admin/api-keys", "{\"name\":\"viewer\",\"scopes\":[\"read\"]}"))
                .get("key").asString();
        browser.findElement(By.xpath("//button[.='Sign out']")).click();
        shown(By.id("api-key"));
        signIn(reader);
        assertThat(browser.findElement(By.id("who")).getText()).contains("read only");

        open("#/customers/ada");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Ada Lovelace"));
        assertThat(browser.findElements(By.cssSelector("section[aria-label=Actions]"))).isEmpty();
        open("#/inbox/" + conversationWithIvy);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "ivy"));
        assertThat(browser.findElements(By.id("reply-text"))).isEmpty();
        open("#/segments");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Buyers"));
        assertThat(browser.findElements(By.linkText("New segment"))).isEmpty();
        open("#/campaigns/autumn");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Autumn thanks"));
        assertThat(browser.findElements(By.xpath("//button[.='Cancel' or .='Schedule']"))).isEmpty();
    }

    @Test
    @Order(10)
    void signingOutEndsTheSessionOnTheServer() throws Exception {
        String token = browser.manage().getCookieNamed("rapport_session").getValue();
        browser.findElement(By.xpath("//button[.='Sign out']")).click();
        assertThat(shown(By.cssSelector("[role=alert]")).getText()).contains("signed out");
        assertThat(browser.manage().getCookieNamed("rapport_session")).isNull();
        HttpResponse<String> replayed = HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + "/v1/customers/ada"))
                .header("Cookie", "rapport_session=" + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(401);
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(suite.gateway() + "/v1/customers/ada/merges"))
                .header("Cookie", "rapport_session=" + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mergedCustomerId\":\"ivy\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(List.of(new File("target/console-screenshots/customer-360.png"),
                new File("target/console-screenshots/inbox.png"))).allMatch(File::isFile);
    }

    @Test
    @Order(11)
    void theKeyboardAloneSignsInMovesBetweenScreensAndFindsACustomerWithTheFocusAlwaysShown() {
        browser.get(suite.gateway() + "/console");
        wait.until(d -> "api-key".equals(d.switchTo().activeElement().getAttribute("id")));
        assertThat(tabTo(BACK, e -> "Skip to content".equals(e.getText())).getRect().getX())
                .as("the skip link comes into view when it has the focus").isNotNegative();
        tabTo(FORWARD, e -> "api-key".equals(e.getAttribute("id")));
        new Actions(browser).sendKeys(RapportSuite.API_KEY, Keys.ENTER).perform();
        // Signed in, the customers page replaces the form that had the focus: the keyboard goes on once it is drawn.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Customers"));
        shown(By.id("find-value"));

        tabTo(BACK, e -> "Skip to content".equals(e.getText()));
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(d -> "main".equals(d.switchTo().activeElement().getAttribute("id")));

        tabTo(BACK, e -> "Segments".equals(e.getText()));
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Segments"));
        tabTo(BACK, e -> "Customers".equals(e.getText()));
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Customers"));
        tabTo(FORWARD, e -> "find-value".equals(e.getAttribute("id")));
        new Actions(browser).sendKeys("ada@example.com", Keys.ENTER).perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Ada Lovelace"));
        tabTo(FORWARD, e -> "as-of".equals(e.getAttribute("id")));
    }

    private static final boolean FORWARD = true;
    private static final boolean BACK = false;

    /**
     * Presses Tab ({@code forward}) or Shift+Tab until the focused element is the one wanted, checking on the way that every element the
     * keyboard reaches shows that it has the focus (the console's focus ring: a solid outline).
     */
    private static WebElement tabTo(boolean forward, Predicate<WebElement> wanted) {
        for (int press = 0; press < 60; press++) {
            if (forward) {
                new Actions(browser).sendKeys(Keys.TAB).perform();
            } else {
                new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            }
            WebElement focused = browser.switchTo().activeElement();
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return getComputedStyle(document.activeElement).outlineStyle"))
                    .as("focus ring on %s %s", focused.getTagName(), focused.getText()).isEqualTo("solid");
            if (wanted.test(focused)) {
                return focused;
            }
        }
        throw new AssertionError("the keyboard never reached the element wanted; the focus is on "
                + browser.switchTo().activeElement().getTagName());
    }
}
