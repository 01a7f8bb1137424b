package dev.wscommands.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy sameOriginOnly = new OriginPolicy(List.of());

    @Test
    void sameOriginComparesHostAndPortWithDefaults() {
        assertTrue(sameOriginOnly.allows("https://example.com", "example.com:443"));
        assertTrue(sameOriginOnly.allows("http://example.com:80", "example.com"));
        assertTrue(sameOriginOnly.allows("HTTP://Example.COM", "example.com"));
        assertFalse(sameOriginOnly.allows("https://example.com", "example.com:80"));
        assertFalse(sameOriginOnly.allows("http://example.com.evil.example", "example.com"));
        assertFalse(sameOriginOnly.allows("http://example.com", null));
    }

    @Test
    void configuredOriginsMatchWithoutRegardToCaseOrTrailingSlash() {
        OriginPolicy policy = new OriginPolicy(List.of("https://Console.example.com/"));
        assertTrue(policy.allows("https://console.example.com", "api.example.com"));
        assertFalse(policy.allows("https://console.example.com:8443", "api.example.com"));
    }

    @Test
    void clientsWithoutOriginAreNotBrowsersAndAreAllowed() {
        assertTrue(sameOriginOnly.allows(null, "example.com"));
    }
}
