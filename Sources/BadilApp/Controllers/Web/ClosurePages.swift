import Foundation
import Vapor
import BadilCore

/// The supervisors' closure inbox: cases whose closure waits for approval (or closed ones), in their scope.
struct ClosurePages {
    func register(_ app: Application) {
        app.on(.GET, "closures", access: .permission(.caseClose), use: list)
    }

    struct Row: Encodable {
        let href: String; let caseNumber: String; let name: String; let reason: String; let requestedBy: String; let requestedOn: String
        let override: String?; let openTasks: Int
    }
    struct ListPage: Encodable { let rows: [Row]; let hasRows: Bool; let pager: Pager; let statuses: [SelectOption]; let closed: Bool }

    @Sendable func list(_ req: Request) async throws -> Response {
        let closed = req.filterText("status") == "closed"
        let page = try req.page()
        let result = try await ClosureService(db: req.db, ctx: req.badil).inbox(status: closed ? .closed : .closurePending, page: page, by: try req.actor)
        let rows = result.items.map { i in
            Row(href: "/persons/\(i.person.id!.uuidString)/outcome#closure-h", caseNumber: i.person.caseNumber, name: i.person.displayName,
                reason: i.caseFile.closureReason.map { req.t("closure_reason.\($0)") } ?? "–", requestedBy: i.request?.actor ?? "–",
                requestedOn: i.request?.onDay ?? "", override: i.request?.overrideReason, openTasks: i.request?.openTasks ?? 0)
        }
        let statuses = [SelectOption(value: "pending", label: req.t("case_status.closure_pending"), selected: !closed),
                        SelectOption(value: "closed", label: req.t("case_status.closed"), selected: closed)]
        return try await req.renderPage("outcome/closures", titleKey: "closure.inbox", ListPage(
            rows: rows, hasRows: !rows.isEmpty, pager: Pager(page, total: result.total, path: "/closures", query: ["status": closed ? "closed" : "pending"]),
            statuses: statuses, closed: closed))
    }
}
