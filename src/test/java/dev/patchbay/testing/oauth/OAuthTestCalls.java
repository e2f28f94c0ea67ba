package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls an OAuth client makes, written out with the JDK HttpClient for the fake's own tests.
 * Redirects are never followed, so each answer can be asserted.
 */
final class OAuthTestCalls {
    static final String CLIENT_ID = "client-1";
    /** Characters that Basic client authentication must form-encode (RFC 6749 §2.3.1). */
    static final String CLIENT_SECRET = "s3cret+/:=";
    static final String REDIRECT_URI = "http://127.0.0.1:9/callback?from=fake";

    private final FakeOAuthServer oauth;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    OAuthTestCalls(FakeOAuthServer oauth) {
        this.oauth = oauth;
    }

    /** A code and the PKCE verifier it was bound to. */
    record Code(String code, String verifier) {
    }

    String newVerifier() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parameters of a valid authorization request with PKCE for {@code verifier}. */
    Map<String, String> authorizeParams(String verifier) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", CLIENT_ID);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("scope", "read write");
        params.put("state", "state-1");
        params.put("code_challenge", challenge(verifier));
        params.put("code_challenge_method", "S256");
        return params;
    }

    HttpResponse<String> authorize(Map<String, String> params) {
        return send(HttpRequest.newBuilder(URI.create(oauth.authorizationUrl() + "?" + form(params))).GET());
    }

    /** The parameters the fake sent back to the redirect URI; asserts it redirected there. */
    Map<String, String> callback(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(302, 303);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT_URI + "&");
        return parse(URI.create(location).getRawQuery());
    }

    /** Runs an auto-approved authorization request with PKCE. */
    Code code() {
        String verifier = newVerifier();
        Map<String, String> callback = callback(authorize(authorizeParams(verifier)));
        return new Code(callback.get("code"), verifier);
    }

    Map<String, String> codeExchange(Code code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code.code());
        form.put("redirect_uri", REDIRECT_URI);
        form.put("code_verifier", code.verifier());
        return form;
    }

    static Map<String, String> refreshGrant(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return form;
    }

    /** A token request as a form, with client_secret_basic. */
    HttpResponse<String> token(Map<String, String> form) {
        return post(oauth.tokenUrl(), form);
    }

    HttpResponse<String> post(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", basic(CLIENT_ID, CLIENT_SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** Exchanges a fresh code; asserts it worked. */
    JsonNode tokens() {
        HttpResponse<String> response = token(codeExchange(code()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static String basic(String user, String password) {
        String pair = encode(user) + ":" + encode(password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> parse(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] nameValue = pair.split("=", 2);
            params.put(Exchanges.decode(nameValue[0]), nameValue.length > 1 ? Exchanges.decode(nameValue[1]) : "");
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
