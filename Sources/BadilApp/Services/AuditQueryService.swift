import Fluent
import Foundation
import BadilCore

/// Reading the audit trail (administrators and the data-protection focal point). Reading it is audited too.
struct AuditQueryService {
    let db: any Database
    let ctx: BadilContext

    struct Filter { var action: String?; var entityType: String?; var entityID: String?; var flaggedOnly = false }

    func list(_ filter: Filter, page: Paging, by actor: Actor) async throws -> (items: [AuditEventRecord], total: Int) {
        try actor.require(.auditRead)
        var q = AuditEventRecord.query(on: db)
        if let action = filter.action, !action.isEmpty { q = q.filter(\.$action == action) }
        if let type = filter.entityType, !type.isEmpty { q = q.filter(\.$entityType == type) }
        if let id = filter.entityID, !id.isEmpty { q = q.filter(\.$entityID == id) }
        if filter.flaggedOnly { q = q.filter(\.$flagged == true) }
        let total = try await q.count()
        let items = try await q.sort(\.$sequence, .descending).range(page.offset..<(page.offset + page.size)).all()
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("audit.viewed", "audit_log", "-"), by: AuditActor(actor), at: now, on: db)
        }
        return (items, total)
    }
}
