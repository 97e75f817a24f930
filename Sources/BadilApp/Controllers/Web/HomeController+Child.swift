import Foundation
import Vapor
import Fluent
import FluentSQL
import SQLKit
import BadilCore

extension HomeController {
    /// Child protection (roles with caseManage): children in scope without a best-interests assessment, and open
    /// tracing requests with a candidate or a match to review.
    func childStats(_ req: Request, _ actor: Actor) async throws -> [Stat] {
        guard actor.can(.caseManage) else { return [] }
        let withoutBIA = try await ChildStats.childrenWithoutBIA(actor, today: DayDate(req.badil.now), on: req.db)
        let toReview = try await TracingService(db: req.db, ctx: req.badil).toReview(by: actor)
        return [
            Stat(label: req.t("home.stat.children_without_bia"), value: withoutBIA, href: "/persons?ageGroup=child", urgent: withoutBIA > 0),
            Stat(label: req.t("home.stat.tracing_to_review"), value: toReview, href: "/tracing", urgent: toReview > 0),
        ]
    }
}

enum ChildStats {
    /// Children (on the child pathway today) the actor may see who have no best-interests assessment.
    static func childrenWithoutBIA(_ actor: Actor, today: DayDate, on db: any Database) async throws -> Int {
        try await RecordScopes.persons(actor, on: db, today: today).filter(\.$childUntil > today.description)
            .filter(.sql(SQLQueryString("NOT EXISTS (SELECT 1 FROM \(ident: ChildBIARecord.schema) b WHERE b.person_id = \(ident: PersonRecord.schema).id)")))
            .count()
    }
}
