package dev.wscommands.console;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console page as a person sees it: what it says and the controls they use. Every wait has a timeout. */
final class ConsolePage {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final WebDriver driver;

    ConsolePage(WebDriver driver) {
        this.driver = driver;
    }

    /** The connection state line, e.g. {@code open} or {@code reconnecting in 0.3 s (closed 1006)}. */
    String state() {
        return driver.findElement(By.id("state")).getText();
    }

    /** Waits until the state line starts with {@code word}, polling often enough to see short states. */
    void awaitState(String word) {
        new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(20))
                .withMessage(() -> "state never became '" + word + "'; it is '" + state() + "'")
                .until(d -> state().startsWith(word));
    }

    String endpoint() {
        return driver.findElement(By.id("endpoint")).getText();
    }

    String command() {
        return driver.findElement(By.id("command")).getAttribute("value");
    }

    /** The commands the choice beside the field offers, once the page has loaded them. */
    List<String> commandChoices() {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(
                d -> d.findElements(By.cssSelector("#command-choice option")).size() > 1);
        return driver.findElements(By.cssSelector("#command-choice option")).stream()
                .map(option -> option.getAttribute("value")).filter(value -> !value.isEmpty()).toList();
    }

    /** Picks {@code command} from the choice, which puts it in the command field. */
    void chooseCommand(String command) {
        new Select(driver.findElement(By.id("command-choice"))).selectByValue(command);
    }

    void typeArgument(String argument) {
        WebElement field = driver.findElement(By.id("argument"));
        field.clear();
        field.sendKeys(argument);
    }

    void clickSend() {
        driver.findElement(By.id("send")).click();
    }

    /** Types a command into the field and sends it with Enter. */
    void typeAndEnter(String command) {
        WebElement field = driver.findElement(By.id("command"));
        field.clear();
        field.sendKeys(command, Keys.ENTER);
    }

    /** Types a bearer token into its field and has the page connect with it. */
    void useToken(String token) {
        WebElement field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("use-token")).click();
    }

    void clickToggleConnection() {
        driver.findElement(By.id("toggle-connection")).click();
    }

    /** The RequestID (as shown, {@code #N}) of the newest request in the log with this command. */
    String newestRequestId(String command) {
        for (WebElement entry : driver.findElements(By.cssSelector("#log li.request"))) {
            if (entry.findElement(By.className("text")).getText().equals(command)) {
                return entry.findElement(By.className("id")).getText();
            }
        }
        throw new AssertionError("no request '" + command + "' in the log");
    }

    /** The note beside the request with this id ({@code sent}, {@code queued until connected}, ...). */
    String requestNote(String id) {
        return entry("request", id).findElement(By.className("note")).getText();
    }

    /** Waits for the reply to request {@code id} (as shown, {@code #N}) and returns its log entry. */
    WebElement awaitReply(String id) {
        By reply = By.xpath("//ol[@id='log']/li[contains(@class,'reply')][span[@class='id' and text()='" + id + "']]");
        return new WebDriverWait(driver, TIMEOUT)
                .withMessage(() -> "no reply to " + id + "; state '" + state() + "'")
                .until(ExpectedConditions.visibilityOfElementLocated(reply));
    }

    /** Waits until the counter ({@code sent}, {@code answered}, {@code errors}, {@code heartbeats}, ...) reaches {@code atLeast}. */
    int awaitCount(String counter, int atLeast) {
        new WebDriverWait(driver, TIMEOUT)
                .withMessage(() -> counter + " never reached " + atLeast)
                .until(d -> count(counter) >= atLeast);
        return count(counter);
    }

    int count(String counter) {
        return Integer.parseInt(driver.findElement(By.id("count-" + counter)).getText());
    }

    private WebElement entry(String kind, String id) {
        List<WebElement> entries = driver.findElements(By.xpath(
                "//ol[@id='log']/li[contains(@class,'" + kind + "')][span[@class='id' and text()='" + id + "']]"));
        if (entries.isEmpty()) {
            throw new AssertionError("no " + kind + " " + id + " in the log");
        }
        return entries.get(0);
    }
}
