import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import NIOSSL
import SQLKit
import Vapor
import BadilCore

/// Builds the whole application: tests, `serve` and `demo` all go through here.
public func configure(_ app: Application, settings: BadilSettings) async throws {
    let resources = app.directory.resourcesDirectory
    let localizer = try Localizer.load(directory: resources + "Localization")
    let reference = try ReferenceData.load(directory: resources + "Reference")
    let instruments = try InstrumentCatalog.load(directory: resources + "Instruments")
    let hasher = PasswordHasher(secret: settings.secretKey, cost: settings.bcryptCost, threadPool: app.threadPool)
    let decoy = try await hasher.hash(Digest.randomToken())
    app.badil = BadilContext(
        settings: settings, localizer: localizer, reference: reference, hasher: hasher,
        passwordPolicy: PasswordPolicy(breached: reference.breachedPasswords),
        throttle: LoginThrottle(), sessionRules: SessionRules(), metrics: RequestMetrics(), decoyHash: decoy, instruments: instruments)

    try configureDatabase(app, settings.database, poolSize: settings.postgresConnectionsPerEventLoop)
    app.migrations.add(BadilMigrations.all)
    try await app.autoMigrate()
    if settings.database.kind == "sqlite" { try await tuneSQLite(app) }

    // Our own middleware stack replaces Vapor's defaults (whose error and route logging would leak URLs).
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(tls: settings.tls))
    app.middleware.use(ErrorResponder())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil))
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(AuthenticationMiddleware())

    app.routes.defaultMaxBodySize = "2mb"
    app.http.server.configuration.serverName = nil
    app.views.use(.leaf)
    app.leaf.tags["t"] = TranslateTag(localizer: localizer)
    app.leaf.tags["tf"] = TranslateFormatTag(localizer: localizer)
    if app.environment != .development { app.leaf.cache.isEnabled = true }

    try registerRoutes(app)
    if settings.backgroundJobs { app.lifecycle.use(BackgroundJobs(interval: .minutes(10))) }
}

private func configureDatabase(_ app: Application, _ choice: BadilSettings.DatabaseChoice, poolSize: Int) throws {
    switch choice {
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url):
        var config = try SQLPostgresConfiguration(url: url)
        if url.contains("sslmode=disable") || url.contains("@127.0.0.1") || url.contains("@localhost") {
            config.coreConfiguration.tls = .disable
        }
        app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: poolSize, sqlLogLevel: .debug), as: .psql)
    }
}

/// WAL, full sync and a busy timeout on each event loop's connection (Fluent has no per-connection hook).
/// A 64 MB page cache and memory-mapped reads: candidate lookups read a few hundred scattered rows
/// of a large file, and the default 2 MB cache copies every page again from the OS.
private func tuneSQLite(_ app: Application) async throws {
    for eventLoop in app.eventLoopGroup.makeIterator() {
        guard let db = app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase else { continue }
        try await db.raw("PRAGMA journal_mode = WAL").run()
        try await db.raw("PRAGMA synchronous = FULL").run()
        try await db.raw("PRAGMA busy_timeout = 5000").run()
        try await db.raw("PRAGMA cache_size = -65536").run()
        try await db.raw("PRAGMA mmap_size = 4294967296").run()
        try await db.raw("PRAGMA temp_store = MEMORY").run()
    }
}

extension Application {
    var databaseKind: String { badil.settings.database.kind }
}
