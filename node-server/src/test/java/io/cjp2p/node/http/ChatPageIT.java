package io.cjp2p.node.http;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.Await;
import io.cjp2p.node.support.ExternalTools;
import io.cjp2p.node.support.RunningNode;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chat page in a real headless Chromium (Debian's chromium and chromium-driver, driven by
 * Selenium): two nodes on loopback, each with its own page. Chromium's host resolver maps every
 * name but localhost to nothing (IP literals included), and the pages are loaded from localhost, so no
 * request leaves loopback.
 * Screenshots of both pages (and of one at phone width) go to target/chat-page/.
 *
 * <p>Without chromium this fails under CI (CI=true; .ci/run installs it) and is skipped elsewhere.
 */
class ChatPageIT {
    private static final Duration CHAT_WITHIN = Duration.ofSeconds(5);
    private static final Path SCREENSHOTS = Path.of("target", "chat-page");

    @Test
    void twoPagesChatThroughTwoNodesAndThePageReconnectsAfterARestart(@TempDir Path dir) throws Exception {
        Path chromium = program("chromium");
        Path driver = program("chromedriver");
        InetAddress lo = InetAddress.getLoopbackAddress();
        int udpA = freeUdpPort();
        int udpB = freeUdpPort();
        int httpA = freeTcpPort();
        int httpB = freeTcpPort();
        NodeConfig configA = NodeConfig.loopback().port(udpA).stateDir(dir.resolve("a")).tick(Duration.ofMillis(250))
                .bootstrap(List.of(new InetSocketAddress(lo, udpB))).build();
        NodeConfig configB = NodeConfig.loopback().port(udpB).stateDir(dir.resolve("b")).tick(Duration.ofMillis(250))
                .bootstrap(List.of(new InetSocketAddress(lo, udpA))).build();
        Files.createDirectories(SCREENSHOTS);
        RunningNode a = new RunningNode(configA, httpA);
        RunningNode b = new RunningNode(configB, httpB);
        WebDriver pageA = null;
        WebDriver pageB = null;
        try {
            String keyA = a.node.identity().publicKey().hex();
            String keyB = b.node.identity().publicKey().hex();
            pageA = browser(chromium, driver);
            pageB = browser(chromium, driver);
            pageA.get("http://localhost:" + httpA + "/");
            pageB.get("http://localhost:" + httpB + "/");
            awaitConnected(pageA, keyA);
            awaitConnected(pageB, keyB);

            // A picks B from its peer list and writes; B sees it, signed by A's key, and answers.
            pick(pageA, keyB);
            say(pageA, "hello B, this is A <b>not bold</b>");
            expectSigned(pageB, keyA, "hello B, this is A <b>not bold</b>");
            assertEquals(0, pageB.findElements(By.cssSelector("#messages b")).size(), "peer text is never markup");
            pick(pageB, keyA);
            say(pageB, "hi A, B here");
            expectSigned(pageA, keyB, "hi A, B here");
            // A plain datagram's chat is shown too, marked unsigned, with its source address.
            try (UdpClient stranger = new UdpClient(b.udp(), InetAddress.getByName("127.0.0.77"))) {
                stranger.send("[{\"ChatMessage\":{\"message\":\"plain hello\"}}]");
            }
            new WebDriverWait(pageB, CHAT_WITHIN).until(d -> d.findElements(By.cssSelector("#messages li.raw")).stream()
                    .anyMatch(li -> li.getText().contains("plain hello") && li.getText().contains("127.0.0.77")));
            assertTrue(pageB.findElements(By.cssSelector("#messages li.signed")).stream()
                    .noneMatch(li -> li.getText().contains("plain hello")), "an unsigned chat is never shown as signed");
            screenshot(pageA, "a.png");
            screenshot(pageB, "b.png");
            pageB.manage().window().setSize(new Dimension(390, 844));
            screenshot(pageB, "b-phone.png");
            pageB.manage().window().setSize(new Dimension(1280, 900));

            // B restarts on the same state and ports: its page reconnects and the chat goes on.
            b.close();
            awaitState(pageB, "down", Duration.ofSeconds(10));
            b = new RunningNode(configB, httpB);
            assertEquals(keyB, b.node.identity().publicKey().hex(), "the same key from the same state");
            awaitConnected(pageB, keyB);
            RunningNode restarted = b;
            Await.until(() -> restarted.node.identity().directory().addressOf(a.node.identity().publicKey()) != null,
                    "B learns A's key again", Duration.ofSeconds(15));
            pick(pageA, keyB);
            say(pageA, "still there, B?");
            expectSigned(pageB, keyA, "still there, B?");
            pick(pageB, keyA);
            say(pageB, "yes, back again");
            expectSigned(pageA, keyB, "yes, back again");
            screenshot(pageA, "a-after-restart.png");
            screenshot(pageB, "b-after-restart.png");
        } finally {
            if (pageA != null) {
                pageA.quit();
            }
            if (pageB != null) {
                pageB.quit();
            }
            b.close();
            a.close();
        }
    }

    /** Headless Chromium that resolves no name but localhost, so nothing leaves loopback. */
    private static WebDriver browser(Path chromium, Path driver) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost", "--window-size=1280,900",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--metrics-recording-only", "--disable-domain-reliability");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    private static void awaitConnected(WebDriver page, String key) {
        awaitState(page, "up", Duration.ofSeconds(20));
        new WebDriverWait(page, Duration.ofSeconds(5)).until(d -> key.equals(d.findElement(By.id("our-key")).getText()));
    }

    private static void awaitState(WebDriver page, String state, Duration within) {
        new WebDriverWait(page, within).until(d -> d.findElement(By.id("connection")).getAttribute("class")
                .contains(state));
    }

    /** Clicks the peer with {@code key} in the page's list, once /status.json lists it. */
    private static void pick(WebDriver page, String key) {
        By peer = By.cssSelector("#peers button[data-key='" + key + "']");
        WebElement button = new WebDriverWait(page, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(peer);
            return found.isEmpty() ? null : found.get(0);
        });
        button.click();
        assertEquals(key, page.findElement(By.id("to")).getAttribute("value"));
    }

    private static void say(WebDriver page, String text) {
        WebElement input = page.findElement(By.id("text"));
        input.sendKeys(text);
        page.findElement(By.id("send")).click();
        new WebDriverWait(page, Duration.ofSeconds(2)).until(d -> d.findElements(By.cssSelector("#messages li.outgoing"))
                .stream().anyMatch(li -> li.getText().contains(text)));
    }

    /** A message with {@code text}, marked signed by {@code key}, appears within 5 s. */
    private static void expectSigned(WebDriver page, String key, String text) {
        By signed = By.cssSelector("#messages li.signed[data-from='" + key + "']");
        new WebDriverWait(page, CHAT_WITHIN).until(d -> d.findElements(signed).stream()
                .anyMatch(li -> li.findElement(By.className("body")).getText().equals(text)));
        WebElement li = page.findElements(signed).stream()
                .filter(e -> e.findElement(By.className("body")).getText().equals(text)).findFirst().orElseThrow();
        assertTrue(li.getText().contains(key), "the sender's key is shown");
    }

    private static void screenshot(WebDriver page, String name) throws IOException {
        byte[] png = ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }

    /** A program on PATH; absent, the test fails under CI and is skipped elsewhere. */
    private static Path program(String name) {
        Path found = ExternalTools.find(name);
        if (found != null) {
            return found;
        }
        String message = name + " is not on PATH: install Debian's chromium and chromium-driver "
                + "(apt-get install -y chromium chromium-driver; .ci/run does this)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
