package org.alisw.runbooks.e2e.browser;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The contract's rule for a missing browser: skipped with the packages to install, failed in CI. */
class BrowserAvailabilityTest {

  @TempDir Path dir;

  private Path executable(String name) throws IOException {
    Path file = Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    return file;
  }

  @Test
  void aMissingDriverSkipsTheTestNamingTheDebianPackages() throws IOException {
    Path chromium = executable("chromium");
    assertThatThrownBy(() -> Browser.requireInstalled(chromium, dir.resolve("chromedriver"), null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("apt-get install chromium chromium-driver")
        .hasMessageContaining("chromedriver");
  }

  @Test
  void inCiAMissingBrowserFailsTheTest() throws IOException {
    Path driver = executable("chromedriver");
    assertThatThrownBy(() -> Browser.requireInstalled(dir.resolve("chromium"), driver, "true"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install chromium chromium-driver")
        .hasMessageContaining("RUNBOOKS_BROWSER_REQUIRED=true");
  }

  @Test
  void bothInstalledLetsTheTestRun() throws IOException {
    Path chromium = executable("chromium");
    Path driver = executable("chromedriver");
    assertThatCode(() -> Browser.requireInstalled(chromium, driver, "true")).doesNotThrowAnyException();
    assertThatCode(() -> Browser.requireInstalled(chromium, driver, null)).doesNotThrowAnyException();
  }
}
