import Fluent
import Foundation
import Logging
import Vapor
import BadilCore

/// The `badil` executable: `serve` (default), `demo`, `migrate`, `create-admin`, `verify-audit`.
public enum Entrypoint {
    struct DemoOptions { var port = 8080; var host = "127.0.0.1"; var password: String?; var fresh = false }

    public static func main() async -> Int32 {
        var arguments = CommandLine.arguments
        let command = arguments.count > 1 && !arguments[1].hasPrefix("-") ? arguments[1] : "serve"
        var demo: DemoOptions?
        if command == "demo" {
            do { demo = try parseDemo(Array(arguments.dropFirst(2))) } catch {
                FileHandle.standardError.write(Data("Usage: badil demo [--port 8080] [--hostname 127.0.0.1] [--password P] [--fresh]\n".utf8))
                return 2
            }
            arguments = [arguments[0], "serve", "--hostname", demo!.host, "--port", String(demo!.port)]
        }
        if let level = ProcessInfo.processInfo.environment["BADIL_LOG_LEVEL"], ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil {
            setenv("LOG_LEVEL", level, 1)
        }
        do {
            var env = try Environment.detect(arguments: arguments)
            try LoggingSystem.bootstrap(from: &env)
            var settings = try BadilSettings.fromEnvironment(demo: demo != nil, sqliteFileName: demo != nil ? "badil-demo.sqlite" : "badil.sqlite")
            settings.backgroundJobs = command == "serve" || command == "demo"
            var isNewDemo = false
            if let demo, case .sqliteFile(let path) = settings.database {
                isNewDemo = demo.fresh || !FileManager.default.fileExists(atPath: path)
                if demo.fresh { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            }
            let app = try await Application.make(env)
            if let root = locateInstallation() { app.directory = DirectoryConfiguration(workingDirectory: root) }
            app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
            app.asyncCommands.use(VerifyAuditCommand(), as: "verify-audit")
            app.asyncCommands.use(BenchLoadCommand(), as: "bench-load")
            app.asyncCommands.use(BenchCandidatesCommand(), as: "bench-candidates")
            app.asyncCommands.use(BenchPlacementCommand(), as: "bench-placement")
            do {
                try await configure(app, settings: settings)
                if let demo { try await prepareDemo(app, demo, isNew: isNewDemo) }
                else if command == "serve" { try await adviseFirstAdministrator(app) }
                try await app.execute()
            } catch let failure as CommandFailure {
                try? await app.asyncShutdown()
                return failure.code
            } catch {
                app.logger.critical("Badil stopped: \(String(reflecting: type(of: error))): \(error)")
                try? await app.asyncShutdown()
                return 1
            }
            try await app.asyncShutdown()
            return 0
        } catch {
            FileHandle.standardError.write(Data("badil: \(error)\n".utf8))
            return 1
        }
    }

    /// Finds the folder holding Resources/ and Public/: `BADIL_HOME`, the working directory, or a parent of
    /// the executable (so `.build/debug/badil` works from any directory).
    static func locateInstallation() -> String? {
        let fm = FileManager.default
        func holds(_ dir: String) -> Bool { fm.fileExists(atPath: dir + "/Resources/Localization/en.json") }
        if let home = ProcessInfo.processInfo.environment["BADIL_HOME"], holds(home) { return home.hasSuffix("/") ? home : home + "/" }
        let cwd = fm.currentDirectoryPath
        if holds(cwd) { return cwd + "/" }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if holds(dir.path) { return dir.path + "/" }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func parseDemo(_ args: [String]) throws -> DemoOptions {
        var options = DemoOptions()
        var i = 0
        struct Bad: Error {}
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw Bad() }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--port", "-p": guard let p = Int(try value()), (1...65535).contains(p) else { throw Bad() }; options.port = p
            case "--hostname", "-H": options.host = try value()
            case "--password": options.password = try value()
            case "--fresh": options.fresh = true
            default: throw Bad()
            }
            i += 1
        }
        return options
    }

    static func prepareDemo(_ app: Application, _ options: DemoOptions, isNew: Bool) async throws {
        var lines = ["", "Badil demo: http://\(options.host):\(options.port)  (data: \(app.badil.settings.dataDirectory))", ""]
        if isNew {
            if let p = options.password, !app.badil.passwordPolicy.problems(password: p, username: nil).isEmpty {
                lines.append("Note: the --password given would be refused outside demo mode (\(PasswordPolicy.minimumLength)+ characters, not a common password).")
            }
            let accounts = try await DemoData.seed(app, password: options.password)
            lines.append("Demo accounts (shown once; every person in this database is synthetic):")
            lines.append("  " + "username".padding(toLength: 26, withPad: " ", startingAt: 0) + "role".padding(toLength: 26, withPad: " ", startingAt: 0) + "password")
            for (username, role, password) in accounts {
                lines.append("  " + username.padding(toLength: 26, withPad: " ", startingAt: 0) + role.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0) + password)
            }
        } else if let password = options.password {
            try await DemoData.resetPasswords(app, to: password)
            lines.append("Existing demo database kept; every demo account now has the password given with --password.")
        } else {
            lines.append("Existing demo database kept (accounts and passwords as printed when it was created).")
            lines.append("Start again with: swift run badil demo --fresh   (or set all passwords with --password P)")
        }
        lines.append("")
        print(lines.joined(separator: "\n"))
    }

    static func adviseFirstAdministrator(_ app: Application) async throws {
        if try await UserRecord.query(on: app.db).count() == 0 {
            app.logger.notice("This Badil database has no accounts yet. Create the first administrator with: badil create-admin --username U --organization O  (the password is read from standard input)")
        }
    }
}
