import Fluent

/// Every migration, in order. New capabilities append here; nothing is ever reordered.
enum BadilMigrations {
    static let all: [any Migration] = [
        CreateOrganizations(),
        CreateUsers(),
        CreateLocations(),
        CreateSessionsAndTokens(),
        CreateAuditLog(),
        CreateFoundationIndexes(),
        CreateArrivalsAndPersons(),
        CreateRegistrationIndexes(),
        CreateNameKeyCounts(),
        CreateScreeningAndDecisions(),
        CreatePlacement(),
        CreateConsular(),
        CreateIncidents(),
        CreateCaseFiles(),
        CreateCaseManagement(),
        CreateChildProtection(),
        CreateOutcomes(),
        CreateMatchChanges(),
        MoveBlockingKeysToMemory(),
    ]
}
