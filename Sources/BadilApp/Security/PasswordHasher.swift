import Crypto
import Foundation
import Vapor

/// SECURITY.md: bcrypt ignores bytes after the 72nd, so the password is first turned into a fixed
/// 44-byte string by HMAC-SHA256 under a server-side pepper. Long and Arabic passwords keep all their strength.
struct PasswordHasher: Sendable {
    let pepper: SymmetricKey
    let cost: Int
    let threadPool: NIOThreadPool

    init(secret: [UInt8], cost: Int, threadPool: NIOThreadPool) {
        self.pepper = SymmetricKey(data: secret)
        self.cost = cost
        self.threadPool = threadPool
    }

    func prehash(_ password: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(password.precomposedStringWithCanonicalMapping.utf8), using: pepper)
        return Data(mac).base64EncodedString()
    }

    func hash(_ password: String) async throws -> String {
        let input = prehash(password)
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(input, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        let input = prehash(password)
        return try await threadPool.runIfActive { (try? Bcrypt.verify(input, created: hash)) ?? false }
    }
}
