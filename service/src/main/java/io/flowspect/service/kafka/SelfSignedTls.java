package io.flowspect.service.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed certificate for a broker on 127.0.0.1, made with the JDK's own {@code keytool}: a
 * PKCS12 keystore with the broker's key and certificate, and a truststore holding the certificate
 * for its clients. For tests and benchmarks of the secured path; a plant brings its own CA.
 *
 * @param keystore the broker's keystore
 * @param truststore the clients' truststore
 * @param password the password of both stores and of the key
 */
public record SelfSignedTls(Path keystore, Path truststore, String password) {

  /**
   * Makes the stores in a folder.
   *
   * @param dir an existing folder; {@code broker.p12}, {@code broker.pem} and {@code trust.p12} are
   *     written into it
   * @param password the stores' password, at least 6 characters (keytool's rule)
   * @return the stores
   * @throws IllegalStateException naming the keytool step that failed and its output
   */
  public static SelfSignedTls create(Path dir, String password) {
    Path keystore = dir.resolve("broker.p12");
    Path truststore = dir.resolve("trust.p12");
    Path cert = dir.resolve("broker.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=IP:127.0.0.1,DNS:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        password);
    return new SelfSignedTls(keystore, truststore, password);
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + out.strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
