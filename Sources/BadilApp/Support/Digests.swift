import Crypto
import Foundation

/// Hashing helpers: SHA-256 for stored token and session ids, random URL-safe tokens.
enum Digest {
    static func sha256Hex(_ text: String) -> String {
        SecretBytes.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// A random 256-bit token, base64url without padding.
    static func randomToken() -> String {
        Data(SecretBytes.random(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two strings in time that does not depend on where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
