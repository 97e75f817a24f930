import Foundation
import BadilCore
import Vapor

/// Where Badil keeps its data and how it protects it. Built from the environment once, at start.
public struct BadilSettings: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)

        var kind: String {
            switch self {
            case .sqliteFile, .sqliteMemory: return "sqlite"
            case .postgres: return "postgresql"
            }
        }
    }

    public var database: DatabaseChoice
    public var dataDirectory: String
    /// Server-side secret: the password pepper. Every instance sharing a database must use the same one.
    public var secretKey: [UInt8]
    public var bcryptCost: Int
    /// Served over TLS (directly or behind a proxy that terminates it): Secure cookies and HSTS.
    public var tls: Bool
    public var demo: Bool
    /// Run recurring jobs (the duplicate sweep) in this process: true for `serve` and `demo`.
    public var backgroundJobs: Bool = false
    /// PostgreSQL connections per event loop (tests use fewer, so many databases fit in one server).
    public var postgresConnectionsPerEventLoop: Int = 8
    /// Time source, replaceable in tests.
    public var clock: @Sendable () -> Date
    /// A detention decision's review date is at most this many days ahead (`BADIL_REVIEW_MAX_DAYS`, default 30).
    public var maxReviewDays: Int = ReviewRules.defaultMaxReviewDays
    /// Which decision outcomes need a supervisor's approval (`BADIL_APPROVAL_NOT_REQUIRED` lists those that do not).
    public var approvalPolicy: ApprovalPolicy = .default
    /// Days after a reporting date before a missing check-in counts as missed (`BADIL_CHECKIN_GRACE_DAYS`, default 2).
    public var checkInGraceDays: Int = ComplianceRules.defaultGraceDays

    public init(database: DatabaseChoice, dataDirectory: String, secretKey: [UInt8], bcryptCost: Int = 12,
                tls: Bool = false, demo: Bool = false, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.secretKey = secretKey
        self.bcryptCost = bcryptCost
        self.tls = tls
        self.demo = demo
        self.clock = clock
    }

    /// Reads `DATABASE_URL`, `BADIL_DATA_DIR`, `BADIL_SECRET_KEY` and `BADIL_TLS`.
    /// Without `BADIL_SECRET_KEY`, a key file is created once in the data directory (mode 0600).
    public static func fromEnvironment(demo: Bool = false, sqliteFileName: String = "badil.sqlite") throws -> BadilSettings {
        let env = ProcessInfo.processInfo.environment
        let dataDir = env["BADIL_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let database: DatabaseChoice
        if !demo, let url = env["DATABASE_URL"], url.hasPrefix("postgres") {
            database = .postgres(url)
        } else {
            database = .sqliteFile((dataDir as NSString).appendingPathComponent(sqliteFileName))
        }
        let key: [UInt8]
        if let hex = env["BADIL_SECRET_KEY"], let bytes = SecretBytes.fromHex(hex), bytes.count >= 32 {
            key = bytes
        } else {
            key = try SecretBytes.loadOrCreate(path: (dataDir as NSString).appendingPathComponent("secret.key"))
        }
        let tls = ["1", "true", "yes"].contains((env["BADIL_TLS"] ?? "").lowercased())
        var settings = BadilSettings(database: database, dataDirectory: dataDir, secretKey: key, tls: tls, demo: demo)
        if let days = env["BADIL_REVIEW_MAX_DAYS"].flatMap(Int.init), (1...365).contains(days) { settings.maxReviewDays = days }
        if let days = env["BADIL_CHECKIN_GRACE_DAYS"].flatMap(Int.init), (0...30).contains(days) { settings.checkInGraceDays = days }
        if let list = env["BADIL_APPROVAL_NOT_REQUIRED"] {
            let direct = Set(list.split(separator: ",").compactMap { DecisionOutcome(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
            // Detention as a last resort always needs a second person's approval.
            settings.approvalPolicy = ApprovalPolicy(requiresApproval: Dictionary(uniqueKeysWithValues: DecisionOutcome.allCases.map {
                ($0, $0 == .detentionLastResort || !direct.contains($0))
            }))
        }
        return settings
    }
}

enum SecretBytes {
    static func random(_ count: Int = 32) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func fromHex(_ hex: String) -> [UInt8]? {
        let chars = Array(hex.trimmingCharacters(in: .whitespacesAndNewlines))
        guard chars.count % 2 == 0, !chars.isEmpty else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            guard let b = UInt8(String(chars[i...i + 1]), radix: 16) else { return nil }
            out.append(b)
            i += 2
        }
        return out
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func loadOrCreate(path: String) throws -> [UInt8] {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), let key = fromHex(text), key.count >= 32 {
            return key
        }
        let key = random(32)
        _ = FileManager.default.createFile(atPath: path, contents: Data(hex(key).utf8), attributes: [.posixPermissions: 0o600])
        return key
    }
}
